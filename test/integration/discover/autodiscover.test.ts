// Microsoft Autodiscover on real-world setups: a redirectAddr to another address in the
// same domain POSTs the same URL again for the new address (no loop; the address-redirect
// limit bounds it), and MS-OXDISCO's fourth method: a GET of http://autodiscover.D whose
// 302 names the https endpoint to POST to. Addresses: 127.0.12.60 (DNS), .61 (web).
import type { ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Zone } from '../../support/dns-server.js';
import type { RecordedRequest } from '../../support/https-server.js';
import { poxRedirect, poxSettings, startNetwork, type Network } from './harness.js';

const WEB = '127.0.12.61';
const web = { A: [WEB] };
const AD_PATH = '/autodiscover/autodiscover.xml';

const zone: Zone = {
  'autodiscover.same-ad.test': web,
  'autodiscover.self-ad.test': web,
  'autodiscover.redir-ad.test': web,
  'mail.redir-ad.test': web,
  'autodiscover.plain-ad.test': web,
  'autodiscover.off-ad.test': web,
  'autodiscover.hoster-ad.test': web,
};
const certNames = ['autodiscover.same-ad.test', 'autodiscover.self-ad.test', 'mail.redir-ad.test', 'autodiscover.hoster-ad.test'];

let net: Network;

/** Answers by the address in the POSTed request. */
function byAddress(answers: Record<string, string>) {
  return (req: RecordedRequest, res: ServerResponse): void => {
    const address = /<EMailAddress>([^<]+)<\/EMailAddress>/.exec(req.body)?.[1] ?? '';
    const body = answers[address];
    if (body === undefined) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': 'text/xml' }).end(body);
  };
}

beforeAll(async () => {
  net = await startNetwork({ dnsHost: '127.0.12.60', webHost: WEB, zone, certNames });
  const w = net.web;
  w.route(`https://autodiscover.same-ad.test${AD_PATH}`, {
    handler: byAddress({ 'jane@same-ad.test': poxRedirect('redirectAddr', 'jane.doe@same-ad.test'), 'jane.doe@same-ad.test': poxSettings('imap.same-ad.test', 'smtp.same-ad.test') }),
  });
  w.route(`https://autodiscover.self-ad.test${AD_PATH}`, { body: poxRedirect('redirectAddr', 'jane@self-ad.test') });
  w.route(`http://autodiscover.redir-ad.test${AD_PATH}`, { redirect: `https://mail.redir-ad.test${AD_PATH}` });
  w.route(`https://mail.redir-ad.test${AD_PATH}`, { body: poxSettings('imap.redir-ad.test', 'smtp.redir-ad.test') });
  w.route(`http://autodiscover.plain-ad.test${AD_PATH}`, { redirect: `http://autodiscover.plain-ad.test/ews${AD_PATH}` });
  w.route(`http://autodiscover.off-ad.test${AD_PATH}`, { redirect: `https://autodiscover.hoster-ad.test${AD_PATH}` });
  w.route(`https://autodiscover.hoster-ad.test${AD_PATH}`, { body: poxSettings('imap.hoster-ad.test', 'smtp.hoster-ad.test') });
});

afterAll(async () => {
  await net?.close();
});

const ad = (r: { sources: { source: string; status: string; detail?: string }[] }) => r.sources.find((s) => s.source === 'autodiscover');

describe('Autodiscover redirects', () => {
  it('POSTs the same URL again for a redirectAddr to another address in the same domain', async () => {
    const before = net.web.requests.length;
    const { result } = await net.run('jane@same-ad.test', { noGuess: true });
    expect(ad(result)?.status).toBe('found');
    expect(result.configs[0]).toMatchObject({ source: 'autodiscover', secure: true, url: `https://autodiscover.same-ad.test${AD_PATH}` });
    expect(result.configs[0]?.incoming[0]?.host).toBe('imap.same-ad.test');
    const posted = net.web.requests.slice(before).filter((r) => r.method === 'POST' && r.host === 'autodiscover.same-ad.test');
    expect(posted.map((r) => /<EMailAddress>([^<]+)</.exec(r.body)?.[1])).toEqual(['jane@same-ad.test', 'jane.doe@same-ad.test']);
  });

  it('still stops a redirectAddr to the very same address', async () => {
    const { result } = await net.run('jane@self-ad.test', { noGuess: true });
    expect(ad(result)?.status).toBe('error');
    expect(ad(result)?.detail).toMatch(/redirect loop|address redirects/);
  });
});

describe('MS-OXDISCO: the http redirect to the https endpoint', () => {
  it('GETs http://autodiscover.D without the address and POSTs to the https endpoint its 302 names, untrusted', async () => {
    const before = net.web.requests.length;
    const { result } = await net.run('jane@redir-ad.test', { noGuess: true });
    expect(ad(result)?.status).toBe('found');
    expect(result.configs[0]).toMatchObject({ source: 'autodiscover', secure: false, url: `https://mail.redir-ad.test${AD_PATH}` });
    expect(result.configs[0]?.incoming[0]?.host).toBe('imap.redir-ad.test');
    expect(ad(result)?.detail).toBe(`not every hop authenticated https (http://autodiscover.redir-ad.test${AD_PATH} → https://mail.redir-ad.test${AD_PATH}): confirm before use`);
    const mine = net.web.requests.slice(before);
    const plain = mine.filter((r) => r.scheme === 'http');
    expect(plain.map((r) => `${r.method} ${r.host}${r.url}`)).toEqual([`GET autodiscover.redir-ad.test${AD_PATH}`]);
    expect(plain[0]?.body).toBe('');
    expect(JSON.stringify(plain[0]?.headers)).not.toContain('jane');
    expect(mine.filter((r) => r.scheme === 'https' && r.host === 'mail.redir-ad.test').map((r) => r.method)).toEqual(['POST']);
  });

  it('never follows the redirect to plain http', async () => {
    const before = net.web.requests.length;
    const { result } = await net.run('jane@plain-ad.test', { noGuess: true });
    expect(result.configs).toEqual([]);
    expect(ad(result)?.detail).toMatch(/redirect to http: refused \(https only\)/);
    expect(net.web.requests.slice(before).filter((r) => r.method === 'POST')).toEqual([]);
  });

  it('marks an endpoint in another domain as such', async () => {
    const { result } = await net.run('jane@off-ad.test', { noGuess: true });
    expect(result.configs[0]).toMatchObject({ source: 'autodiscover', secure: false, url: `https://autodiscover.hoster-ad.test${AD_PATH}` });
    expect(ad(result)?.detail).toMatch(/redirected outside the domain \(autodiscover.hoster-ad.test\); not every hop authenticated https \(http:\/\/autodiscover.off-ad.test/);
  });
});
