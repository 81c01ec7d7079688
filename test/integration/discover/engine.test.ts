// Discovery end to end against real local servers: every source kind, ranking, trust,
// and the robustness cases of the issue. Addresses: 127.0.1.10 (DNS), .11 (web), .12 (mail).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Zone } from '../../support/dns-server.js';
import { startMailGreeter, type MailGreeter } from '../../support/mail-greeter.js';
import { autoconfigXml, poxRedirect, poxSettings, startNetwork, type Network } from './harness.js';
import { createDiscoverHandler } from '../../../core/discover/handler.js';

const WEB = '127.0.1.11';
const MAIL = '127.0.1.12';
const web = { A: [WEB] };
const mail = { A: [MAIL] };

const zone: Zone = {
  'ispdb.test': web,
  'autoconfig.ac.test': web,
  'wk.test': web,
  'autoconfig.plain.test': web,
  'autoconfig.lo.test': web,
  'autoconfig.loop.test': web,
  'autoconfig.bad.test': web,
  'autoconfig.xxe.test': web,
  'autoconfig.lol.test': web,
  'autoconfig.huge.test': web,
  'huge.test': web,
  'autoconfig.hang.test': web,
  'hang.test': web,
  '_imaps._tcp.hang.test': { neverAnswer: true },
  'empty.test': web,
  'autoconfig.xn--bcher-kva.test': web,
  'autoconfig.dept.sub.test': web,
  // SRV, plain DNS: one IMAP over TLS, IMAP STARTTLS explicitly not offered, submission.
  '_imaps._tcp.srv.test': { SRV: [{ priority: 20, weight: 0, port: 993, target: 'imap2.srv.test' }, { priority: 10, weight: 0, port: 993, target: 'imap1.srv.test' }] },
  '_imap._tcp.srv.test': { SRV: [{ priority: 0, weight: 0, port: 0, target: '.' }] },
  '_submission._tcp.srv.test': { SRV: [{ priority: 0, weight: 0, port: 587, target: 'smtp.srv.test' }] },
  '_pop3s._tcp.srv.test': { SRV: [{ priority: 0, weight: 0, port: 995, target: 'pop.srv.test' }] },
  // SRV with DNSSEC (AD bit set by the resolver).
  '_imaps._tcp.srvad.test': { ad: true, SRV: [{ priority: 0, weight: 0, port: 993, target: 'imap.srvad.test' }] },
  '_submissions._tcp.srvad.test': { ad: true, SRV: [{ priority: 0, weight: 0, port: 465, target: 'smtp.srvad.test' }] },
  '_imaps._tcp.nosrv.test': { SRV: [{ priority: 0, weight: 0, port: 0, target: '.' }] },
  // MX → hoster's autoconfig; and a co.uk-style public suffix.
  'custom.test': { MX: [{ priority: 20, exchange: 'backup.other.test' }, { priority: 10, exchange: 'mx1.hoster.test' }] },
  'autoconfig.hoster.test': web,
  'shop.test': { MX: [{ priority: 10, exchange: 'mx.eu.bigmail.co.uk' }] },
  'autoconfig.bigmail.co.uk': web,
  // Autodiscover.
  'autodiscover.ad.test': web,
  'autodiscover.adr.test': web,
  'autodiscover.evil.test': web,
  'autodiscover.ra.test': web,
  'autodiscover.rb.test': web,
  'autodiscover.co.uk': web,
  // Guessing.
  'imap.guess.test': mail,
  'mail.guess.test': mail,
  'smtp.guess.test': mail,
  'imap.badcert.test': { A: ['127.0.1.13'] },
  'smtp.badcert.test': { A: ['127.0.1.13'] },
  'autodiscover.adloop.test': web,
  'autoconfig.mixed.test': web,
  // Ranking: plain-http autoconfig and DNSSEC SRV on one domain.
  'autoconfig.multi.test': web,
  '_imaps._tcp.multi.test': { ad: true, SRV: [{ priority: 0, weight: 0, port: 993, target: 'imap.multi.test' }] },
  '_submissions._tcp.multi.test': { ad: true, SRV: [{ priority: 0, weight: 0, port: 465, target: 'smtp.multi.test' }] },
  'autoconfig.secure2.test': web,
  'autodiscover.secure2.test': web,
};

const certNames = [
  'ispdb.test', 'autoconfig.ac.test', 'wk.test', 'autoconfig.lo.test', 'autoconfig.loop.test', 'autoconfig.bad.test', 'autoconfig.xxe.test',
  'autoconfig.lol.test', 'autoconfig.huge.test', 'huge.test', 'autoconfig.hang.test', 'hang.test', 'empty.test', 'autoconfig.xn--bcher-kva.test',
  'autoconfig.dept.sub.test', 'autoconfig.hoster.test', 'autoconfig.bigmail.co.uk', 'autodiscover.ad.test', 'autodiscover.adr.test',
  'autodiscover.evil.test', 'autodiscover.ra.test', 'autodiscover.rb.test', 'autodiscover.co.uk', 'imap.guess.test', 'mail.guess.test',
  'smtp.guess.test', 'autoconfig.multi.test', 'autoconfig.secure2.test', 'autodiscover.secure2.test', 'autodiscover.adloop.test', 'autoconfig.mixed.test',
];

const AC_PATH = '/mail/config-v1.1.xml';
const AD_PATH = '/autodiscover/autodiscover.xml';

let net: Network;
let greeter: MailGreeter;
let impostor: MailGreeter;

beforeAll(async () => {
  net = await startNetwork({ dnsHost: '127.0.1.10', webHost: WEB, zone, certNames });
  const w = net.web;
  w.route(`https://autoconfig.ac.test${AC_PATH}`, { body: autoconfigXml('ac.test', 'imap.ac.test', 'smtp.ac.test') });
  w.route(`https://wk.test/.well-known/autoconfig${AC_PATH}`, { body: autoconfigXml('wk.test', 'imap.wk.test', 'smtp.wk.test') });
  w.route(`http://autoconfig.plain.test${AC_PATH}`, { body: autoconfigXml('plain.test', 'imap.plain.test', 'smtp.plain.test') });
  w.route('https://ispdb.test/v1.1/isp.test', { body: autoconfigXml('isp.test', 'imap.isp.test', 'smtp.isp.test') });
  w.route('https://ispdb.test/other/isp2.test', { body: autoconfigXml('isp2.test', 'imap.isp2.test', 'smtp.isp2.test') });
  w.route(`https://autoconfig.lo.test${AC_PATH}`, { body: autoconfigXml('lo.test', 'imap.published.lo.test', 'smtp.lo.test') });
  w.route(`https://autoconfig.loop.test${AC_PATH}`, { redirect: `https://autoconfig.loop.test/a${AC_PATH}` });
  w.route(`https://autoconfig.loop.test/a${AC_PATH}`, { redirect: `https://autoconfig.loop.test${AC_PATH}` });
  w.route(`*://autoconfig.bad.test${AC_PATH}`, { body: '<clientConfig version="1.1"><emailProvider id="bad.test"><incomingServer' });
  w.route(`*://autoconfig.xxe.test${AC_PATH}`, {
    body: '<?xml version="1.0"?><!DOCTYPE clientConfig [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><clientConfig version="1.1"><emailProvider id="xxe.test"><domain>&xxe;</domain></emailProvider></clientConfig>',
  });
  w.route(`*://autoconfig.lol.test${AC_PATH}`, {
    body: '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]><clientConfig>&lol3;</clientConfig>',
  });
  w.route(`*://autoconfig.huge.test${AC_PATH}`, { bytes: 10 * 1024 * 1024 });
  w.route(`https://huge.test/.well-known/autoconfig${AC_PATH}`, { bytes: 10 * 1024 * 1024, declareLength: true });
  w.route(`*://autoconfig.hang.test${AC_PATH}`, { hang: true });
  w.route(`https://hang.test/.well-known/autoconfig${AC_PATH}`, { hang: true });
  w.route(`https://autoconfig.xn--bcher-kva.test${AC_PATH}`, { body: autoconfigXml('xn--bcher-kva.test', 'imap.xn--bcher-kva.test', 'smtp.xn--bcher-kva.test') });
  w.route(`https://autoconfig.dept.sub.test${AC_PATH}`, { body: autoconfigXml('dept.sub.test', 'imap.dept.sub.test', 'smtp.dept.sub.test') });
  w.route(`https://autoconfig.hoster.test${AC_PATH}`, { body: autoconfigXml('hoster.test', 'imap.hoster.test', 'smtp.hoster.test') });
  w.route(`https://autoconfig.bigmail.co.uk${AC_PATH}`, { body: autoconfigXml('bigmail.co.uk', 'imap.bigmail.co.uk', 'smtp.bigmail.co.uk') });
  w.route(`https://autodiscover.ad.test${AD_PATH}`, { body: poxSettings('imap.ad.test', 'smtp.ad.test') });
  w.route(`https://autodiscover.adr.test${AD_PATH}`, { body: poxRedirect('redirectUrl', `https://autodiscover.evil.test${AD_PATH}`) });
  w.route(`https://autodiscover.evil.test${AD_PATH}`, { body: poxSettings('imap.evil.test', 'smtp.evil.test') });
  w.route(`https://autodiscover.ra.test${AD_PATH}`, { body: poxRedirect('redirectAddr', 'someone@rb.test') });
  w.route(`https://autodiscover.rb.test${AD_PATH}`, { body: poxSettings('imap.rb.test', 'smtp.rb.test') });
  w.route(`https://autodiscover.co.uk${AD_PATH}`, { body: poxSettings('imap.co.uk', 'smtp.co.uk') });
  w.route(`http://autoconfig.multi.test${AC_PATH}`, { body: autoconfigXml('multi.test', 'imap.plain.multi.test', 'smtp.plain.multi.test') });
  w.route(`https://autoconfig.secure2.test${AC_PATH}`, { body: autoconfigXml('secure2.test', 'imap.secure2.test', 'smtp.secure2.test') });
  w.route(`https://autodiscover.secure2.test${AD_PATH}`, { body: poxRedirect('redirectUrl', `https://autodiscover.evil.test${AD_PATH}`) });
  const leaf = net.ca.issue(['imap.guess.test', 'mail.guess.test', 'smtp.guess.test']);
  greeter = await startMailGreeter({ host: MAIL, cert: leaf.cert, key: leaf.key, services: ['imap-tls', 'imap-starttls', 'pop3-tls', 'smtp-tls', 'smtp-starttls'] });
  // A server whose (validly signed) certificate names another host.
  const wrong = net.ca.issue(['someone-else.test']);
  impostor = await startMailGreeter({ host: '127.0.1.13', cert: wrong.cert, key: wrong.key, services: ['imap-tls', 'imap-starttls', 'smtp-starttls'] });
  w.route(`https://autoconfig.mixed.test${AC_PATH}`, { redirect: `http://autoconfig.mixed.test/hop${AC_PATH}` });
  w.route(`http://autoconfig.mixed.test/hop${AC_PATH}`, { redirect: `https://autoconfig.mixed.test/final${AC_PATH}` });
  w.route(`https://autoconfig.mixed.test/final${AC_PATH}`, { body: autoconfigXml('mixed.test', 'imap.mixed.test', 'smtp.mixed.test') });
  w.route(`https://autodiscover.adloop.test${AD_PATH}`, { body: poxRedirect('redirectUrl', `https://autodiscover.adloop.test${AD_PATH}`) });
});

afterAll(async () => {
  await impostor?.close();
  await greeter?.close();
  await net?.close();
});

const status = (r: { sources: { source: string; status: string }[] }, s: string): string | undefined => r.sources.find((x) => x.source === s)?.status;
const detail = (r: { sources: { source: string; detail?: string }[] }, s: string): string => r.sources.find((x) => x.source === s)?.detail ?? '';

describe('each source kind', () => {
  it('finds the domain\'s https autoconfig, sends the address only there, and marks it secure', async () => {
    const { result } = await net.run('jane@ac.test', { noGuess: true });
    const best = result.configs[0];
    expect(best?.source).toBe('autoconfig');
    expect(best?.secure).toBe(true);
    expect(best?.url).toBe('https://autoconfig.ac.test/mail/config-v1.1.xml?emailaddress=jane%40ac.test');
    expect(best?.incoming[0]).toMatchObject({ protocol: 'imap', host: 'imap.ac.test', port: 993, security: 'tls', username: 'jane@ac.test' });
    expect(best?.incoming[1]).toMatchObject({ protocol: 'pop3', username: 'jane' });
    expect(best?.outgoing[0]).toMatchObject({ protocol: 'smtp', host: 'smtp.ac.test', port: 465 });
    expect(Object.keys(result).sort()).toEqual(['configs', 'domain', 'email', 'sources']);
    expect(Object.keys(best ?? {}).sort()).toEqual(['incoming', 'outgoing', 'secure', 'source', 'url']);
  });

  it('marks a result insecure when any redirect hop was plain http', async () => {
    const { result } = await net.run('jane@mixed.test', { noGuess: true });
    expect(result.configs[0]).toMatchObject({ source: 'autoconfig', secure: false, url: 'https://autoconfig.mixed.test/final/mail/config-v1.1.xml' });
  });

  it('finds the .well-known autoconfig', async () => {
    const { result } = await net.run('jane@wk.test', { noGuess: true });
    expect(result.configs[0]).toMatchObject({ source: 'autoconfig', secure: true, url: 'https://wk.test/.well-known/autoconfig/mail/config-v1.1.xml' });
  });

  it('uses plain-http autoconfig only as an insecure result, without the address in the URL', async () => {
    const { result } = await net.run('jane@plain.test', { noGuess: true });
    expect(result.configs[0]).toMatchObject({ source: 'autoconfig', secure: false, url: 'http://autoconfig.plain.test/mail/config-v1.1.xml' });
    const plainRequests = net.web.requests.filter((r) => r.scheme === 'http');
    expect(plainRequests.length).toBeGreaterThan(0);
    for (const r of plainRequests) expect(r.url).not.toContain('emailaddress');
  });

  it('asks the online ISPDB at the configured base URL', async () => {
    const { result } = await net.run('jane@isp.test', { noGuess: true });
    expect(result.configs[0]).toMatchObject({ source: 'ispdb', secure: true, url: 'https://ispdb.test/v1.1/isp.test' });
    const other = await net.run('jane@isp2.test', { noGuess: true, ispdbUrl: 'https://ispdb.test/other' });
    expect(other.result.configs[0]).toMatchObject({ source: 'ispdb', url: 'https://ispdb.test/other/isp2.test' });
  });

  it('answers bundled ISPDB domains without any network traffic', async () => {
    const before = net.web.requests.length;
    const queriesBefore = net.dns.queries.length;
    const { result } = await net.run('jane@gmail.com', { noGuess: true });
    expect(result.configs[0]).toMatchObject({ source: 'ispdb-bundled', secure: true });
    expect(result.configs[0]?.incoming[0]?.host).toBe('imap.gmail.com');
    expect(status(result, 'ispdb')).toBe('skipped');
    expect(net.web.requests.length).toBe(before);
    expect(net.dns.queries.length).toBe(queriesBefore);
  });

  it('lets the local override file beat everything', async () => {
    mkdirSync(join(net.configDir, 'isp'), { recursive: true });
    writeFileSync(join(net.configDir, 'isp', 'lo.test.xml'), autoconfigXml('lo.test', 'imap.override.lo.test', 'smtp.override.lo.test'));
    const { result } = await net.run('jane@lo.test', { noGuess: true });
    expect(result.configs[0]).toMatchObject({ source: 'local-override', secure: true });
    expect(result.configs[0]?.url).toMatch(/^file:\/\/.*\/isp\/lo\.test\.xml$/);
    expect(result.configs[0]?.incoming[0]?.host).toBe('imap.override.lo.test');
  });

  it('reads RFC 6186 SRV records: priority order, "." not offered, untrusted without DNSSEC', async () => {
    const { result } = await net.run('jane@srv.test', { noGuess: true });
    const c = result.configs[0];
    expect(c).toMatchObject({ source: 'srv', secure: false });
    expect(c?.incoming.map((s) => `${s.protocol}:${s.host}:${s.port}:${s.security}`)).toEqual([
      'imap:imap1.srv.test:993:tls',
      'imap:imap2.srv.test:993:tls',
      'pop3:pop.srv.test:995:tls',
    ]);
    expect(c?.outgoing[0]).toMatchObject({ host: 'smtp.srv.test', port: 587, security: 'starttls' });
    expect(detail(result, 'srv')).toContain('_imap._tcp.srv.test: not offered');
  });

  it('trusts SRV records the resolver validated (AD bit)', async () => {
    const { result } = await net.run('jane@srvad.test', { noGuess: true });
    expect(result.configs[0]).toMatchObject({ source: 'srv', secure: true });
  });

  it('reports an SRV target of "." as not offered', async () => {
    const { result } = await net.run('jane@nosrv.test', { noGuess: true });
    expect(status(result, 'srv')).toBe('not-found');
    expect(detail(result, 'srv')).toContain('not offered');
  });

  it('follows the most preferred MX to its hoster\'s autoconfig (untrusted without DNSSEC)', async () => {
    const { result } = await net.run('jane@custom.test', { noGuess: true });
    expect(result.configs[0]).toMatchObject({ source: 'mx', secure: false, url: expect.stringContaining('https://autoconfig.hoster.test/') });
    expect(detail(result, 'mx')).toContain('mx1.hoster.test');
  });

  it('uses the public suffix list for the MX registrable domain (co.uk)', async () => {
    const { result } = await net.run('jane@shop.test', { noGuess: true });
    expect(result.configs[0]?.url).toContain('https://autoconfig.bigmail.co.uk/');
    expect(net.dns.queries.some((q) => q.name === 'autoconfig.co.uk')).toBe(false);
  });

  it('reads Microsoft Autodiscover POX without sending credentials', async () => {
    const before = net.web.requests.length;
    const { result } = await net.run('jane@ad.test', { noGuess: true });
    const c = result.configs[0];
    expect(c).toMatchObject({ source: 'autodiscover', secure: true });
    expect(c?.incoming[0]).toMatchObject({ protocol: 'imap', host: 'imap.ad.test', port: 993, security: 'tls', username: 'login-imap' });
    expect(c?.outgoing[0]).toMatchObject({ host: 'smtp.ad.test', port: 587, security: 'starttls', username: 'jane@ad.test' });
    const posts = net.web.requests.slice(before).filter((r) => r.method === 'POST');
    expect(posts.length).toBeGreaterThan(0);
    for (const p of posts) {
      expect(p.headers.authorization).toBeUndefined();
      expect(p.headers['content-type']).toBe('text/xml; charset=utf-8');
      expect(p.body).toContain('<EMailAddress>jane@ad.test</EMailAddress>');
    }
  });

  it('marks an Autodiscover redirect to another domain insecure', async () => {
    const { result } = await net.run('jane@adr.test', { noGuess: true });
    expect(result.configs[0]).toMatchObject({ source: 'autodiscover', secure: false, url: 'https://autodiscover.evil.test/autodiscover/autodiscover.xml' });
  });

  it('follows redirectAddr to the new domain, marked insecure', async () => {
    const { result } = await net.run('jane@ra.test', { noGuess: true });
    expect(result.configs[0]).toMatchObject({ source: 'autodiscover', secure: false });
    expect(result.configs[0]?.incoming[0]?.host).toBe('imap.rb.test');
  });

  it('never ranks an insecure Autodiscover redirect above a secure result', async () => {
    const { result } = await net.run('jane@secure2.test', { noGuess: true });
    expect(result.configs[0]).toMatchObject({ source: 'autoconfig', secure: true });
    const ad = result.configs.findIndex((c) => c.source === 'autodiscover');
    if (ad >= 0) expect(result.configs[ad]?.secure).toBe(false);
  });

  it('never derives autodiscover.<public suffix>', async () => {
    const before = net.web.requests.length;
    const { result } = await net.run('jane@co.uk', { noGuess: true });
    expect(status(result, 'autodiscover')).toBe('skipped');
    expect(net.web.requests.slice(before).some((r) => r.host === 'autodiscover.co.uk')).toBe(false);
    expect(net.dns.queries.some((q) => q.name === 'autodiscover.co.uk')).toBe(false);
  });

  it('guesses from servers that really answered, IMAP above POP3, never sending credentials', async () => {
    const { result } = await net.run('jane@guess.test', { timeoutMs: 8000 }, { guessDelayMs: 0 });
    const c = result.configs[0];
    expect(c).toMatchObject({ source: 'guess', secure: false, url: 'probe:guess.test' });
    const incoming = c?.incoming.map((s) => `${s.protocol}:${s.host}:${s.port}:${s.security}`) ?? [];
    expect(incoming).toContain('imap:imap.guess.test:993:tls');
    expect(incoming).toContain('imap:imap.guess.test:143:starttls');
    expect(incoming[0]).toBe('imap:imap.guess.test:993:tls');
    const firstPop = incoming.findIndex((s) => s.startsWith('pop3'));
    const lastImap = incoming.map((s) => s.startsWith('imap')).lastIndexOf(true);
    expect(firstPop).toBeGreaterThan(lastImap);
    expect(c?.incoming[0]?.auth).toEqual(['password-cleartext']);
    expect(c?.outgoing.map((s) => `${s.host}:${s.port}:${s.security}`)).toContain('smtp.guess.test:465:tls');
    expect(c?.outgoing.map((s) => `${s.host}:${s.port}:${s.security}`)).toContain('smtp.guess.test:587:starttls');
    expect(c?.incoming.every((s) => s.security !== 'none')).toBe(true);
    // Nothing that carries a user name or password ever reached the servers.
    const lines = greeter.received.map((r) => r.line.toUpperCase());
    expect(lines.length).toBeGreaterThan(0);
    for (const l of lines) expect(l).not.toMatch(/\b(LOGIN|AUTHENTICATE|AUTH|USER|PASS|APOP)\b/);
  });
});

describe('guessing and certificates', () => {
  it('refuses a server whose certificate names another host, for TLS and STARTTLS alike', async () => {
    const { result } = await net.run('jane@badcert.test', {}, { guessDelayMs: 0 });
    expect(result.configs).toEqual([]);
    expect(status(result, 'guess')).toBe('not-found');
    expect(detail(result, 'guess')).toMatch(/imap\.badcert\.test:993 certificate not valid/);
    expect(detail(result, 'guess')).toMatch(/imap\.badcert\.test:143 certificate not valid/);
    expect(detail(result, 'guess')).toMatch(/smtp\.badcert\.test:587 certificate not valid/);
  });
});

describe('ranking', () => {
  it('puts a DNSSEC-validated SRV result above an insecure plain-http autoconfig', async () => {
    const { result } = await net.run('jane@multi.test', { noGuess: true });
    expect(result.configs.map((c) => `${c.source}:${c.secure}`)).toEqual(['srv:true', 'autoconfig:false']);
  });
});

describe('robustness', () => {
  it('reports malformed XML as invalid', async () => {
    const { result } = await net.run('jane@bad.test', { noGuess: true });
    expect(status(result, 'autoconfig')).toBe('invalid');
    expect(result.configs).toEqual([]);
  });

  it('refuses XXE and entity expansion (billion laughs)', async () => {
    for (const d of ['xxe.test', 'lol.test']) {
      const { result } = await net.run(`jane@${d}`, { noGuess: true });
      expect(status(result, 'autoconfig')).toBe('invalid');
      expect(detail(result, 'autoconfig')).toMatch(/DOCTYPE/);
      expect(JSON.stringify(result)).not.toContain('root:');
    }
  });

  it('refuses a 10 MB response with a clear status', async () => {
    const { result } = await net.run('jane@huge.test', { noGuess: true });
    expect(status(result, 'autoconfig')).toBe('invalid');
    expect(detail(result, 'autoconfig')).toMatch(/limit/);
  });

  it('finishes by the deadline when servers and DNS never answer', async () => {
    const { result } = await net.run('jane@hang.test', { noGuess: true, timeoutMs: 1500 });
    expect(['timeout']).toContain(status(result, 'autoconfig'));
    expect(status(result, 'srv')).toMatch(/timeout|not-found|error/);
    expect(result.configs).toEqual([]);
  });

  it('stops an Autodiscover redirectUrl loop', async () => {
    const { result } = await net.run('jane@adloop.test', { noGuess: true });
    expect(status(result, 'autodiscover')).toBe('error');
    expect(detail(result, 'autodiscover')).toMatch(/redirect loop/);
  });

  it('reports a redirect loop', async () => {
    const { result } = await net.run('jane@loop.test', { noGuess: true });
    expect(status(result, 'autoconfig')).toBe('error');
    expect(detail(result, 'autoconfig')).toContain('redirect loop');
  });

  it('handles NXDOMAIN and a domain with nothing published', async () => {
    for (const d of ['nx.test', 'empty.test']) {
      const { result, events } = await net.run(`jane@${d}`, { noGuess: true });
      expect(result.configs).toEqual([]);
      for (const s of result.sources) expect(['not-found', 'skipped']).toContain(s.status);
      expect(events.map((e) => e.source.source).sort()).toEqual(result.sources.map((s) => s.source).sort());
    }
  });

  it('offline uses only the bundled data and the local override', async () => {
    const before = net.dns.queries.length;
    const { result } = await net.run('jane@ac.test', { offline: true });
    expect(result.configs).toEqual([]);
    for (const s of result.sources) if (!['local-override', 'ispdb-bundled'].includes(s.source)) expect(s.status).toBe('skipped');
    expect(net.dns.queries.length).toBe(before);
  });

  it('never sent an Authorization header anywhere', () => {
    expect(net.web.requests.length).toBeGreaterThan(0);
    for (const r of net.web.requests) expect(r.headers.authorization).toBeUndefined();
  });
});

describe('addresses', () => {
  it('works with IDN addresses (punycode)', async () => {
    const { result } = await net.run('jörg@bücher.test', { noGuess: true });
    expect(result.domain).toBe('xn--bcher-kva.test');
    expect(result.configs[0]?.incoming[0]?.host).toBe('imap.xn--bcher-kva.test');
  });

  it('works with subdomain addresses', async () => {
    const { result } = await net.run('jane@dept.sub.test', { noGuess: true });
    expect(result.configs[0]).toMatchObject({ source: 'autoconfig', secure: true });
  });

  it('refuses CR/LF in the address with a clear message', async () => {
    const reply = await createDiscoverHandler(net.deps)({ email: 'jane@ac.test\r\nRCPT TO:<x@y>' }, {});
    expect(reply.ok).toBe(false);
    if (!reply.ok) {
      expect(reply.error.code).toBe('BAD_INPUT');
      expect(reply.error.message).not.toMatch(/[\r\n]/);
    }
  });
});
