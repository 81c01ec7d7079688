// Discovery under a hanging source: once an answer is in hand, a better-ranked source
// that stays silent is not awaited beyond a bounded grace (reported `timeout`, saying
// why), while one that answers within the grace, or is still receiving its answer,
// wins as before. Addresses: 127.0.12.20 (DNS), .21 (web), .68 (port 443 drops).
import type { ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Zone } from '../../support/dns-server.js';
import { droppingHostUnavailable, startDroppingHost, type DroppingHost } from '../../support/dropping-host.js';
import { missingServer } from '../../support/require.js';
import { autoconfigXml, startNetwork, type Network } from './harness.js';

const WEB = '127.0.12.21';
const DROP = '127.0.12.68';
const web = { A: [WEB] };
const dropped = { A: [DROP] };
const AC_PATH = '/mail/config-v1.1.xml';
const dropUnavailable = droppingHostUnavailable();
const canDrop = dropUnavailable === null || missingServer('a silently dropping host', dropUnavailable);

const hosterMx = { MX: [{ priority: 10, exchange: 'mx1.hoster-g.test' }] };
const zone: Zone = {
  'autoconfig.hoster-g.test': web,
  // The domain's own autoconfig accepts the connection and never answers; MX answers.
  'hang-g.test': hosterMx,
  'autoconfig.hang-g.test': web,
  // Port 443 silently drops; SRV answers.
  'drop-g.test': dropped,
  'autoconfig.drop-g.test': dropped,
  'autodiscover.drop-g.test': dropped,
  '_imaps._tcp.drop-g.test': { SRV: [{ priority: 0, weight: 0, port: 993, target: 'imap.drop-g.test' }] },
  '_submissions._tcp.drop-g.test': { SRV: [{ priority: 0, weight: 0, port: 465, target: 'smtp.drop-g.test' }] },
  // Slow but answering autoconfig, fast MX.
  'slow-g.test': hosterMx,
  'autoconfig.slow-g.test': web,
  // Autoconfig whose answer streams in slowly; and one that streams without end.
  'stream-g.test': hosterMx,
  'autoconfig.stream-g.test': web,
  'trickle-g.test': hosterMx,
  'autoconfig.trickle-g.test': web,
};
const certNames = ['autoconfig.hoster-g.test', 'autoconfig.hang-g.test', 'autoconfig.slow-g.test', 'autoconfig.stream-g.test', 'autoconfig.trickle-g.test'];

let net: Network;
let drop: DroppingHost | undefined;
const open = new Set<ServerResponse>();

/** Sends the headers at once, then the body in `parts` pieces every `everyMs` (forever when parts is Infinity). */
function trickle(body: string, parts: number, everyMs: number) {
  return (_req: unknown, res: ServerResponse): void => {
    open.add(res);
    res.writeHead(200, { 'content-type': 'application/xml' });
    const size = Number.isFinite(parts) ? Math.ceil(body.length / parts) : 1;
    let sent = 0;
    const step = (): void => {
      if (res.destroyed) return void open.delete(res);
      if (Number.isFinite(parts) && sent >= body.length) {
        open.delete(res);
        return void res.end();
      }
      res.write(Number.isFinite(parts) ? body.slice(sent, sent + size) : ' ');
      sent += size;
      setTimeout(step, everyMs);
    };
    step();
  };
}

beforeAll(async () => {
  net = await startNetwork({ dnsHost: '127.0.12.20', webHost: WEB, zone, certNames });
  const w = net.web;
  w.route(`https://autoconfig.hoster-g.test${AC_PATH}`, { body: autoconfigXml('hoster-g.test', 'imap.hoster-g.test', 'smtp.hoster-g.test') });
  w.route(`*://autoconfig.hang-g.test${AC_PATH}`, { hang: true });
  w.route(`https://autoconfig.slow-g.test${AC_PATH}`, { delayMs: 600, body: autoconfigXml('slow-g.test', 'imap.slow-g.test', 'smtp.slow-g.test') });
  const streamed = autoconfigXml('stream-g.test', 'imap.stream-g.test', 'smtp.stream-g.test');
  w.route(`https://autoconfig.stream-g.test${AC_PATH}`, { handler: trickle(streamed, 6, 400) });
  w.route(`https://autoconfig.trickle-g.test${AC_PATH}`, { handler: trickle('<', Infinity, 100) });
  if (canDrop) drop = startDroppingHost(DROP, [443]);
});

afterAll(async () => {
  for (const res of open) res.destroy();
  drop?.close();
  await net?.close();
});

const source = (r: { sources: { source: string; status: string; detail?: string }[] }, name: string) => r.sources.find((s) => s.source === name);

describe('a better-ranked source that hangs', () => {
  it('is not awaited beyond the grace when autoconfig accepts TCP and never answers', async () => {
    const { result } = await net.run('jane@hang-g.test', { noGuess: true });
    expect(result.configs[0]).toMatchObject({ source: 'mx', secure: false });
    expect(result.configs[0]?.incoming[0]?.host).toBe('imap.hoster-g.test');
    const ac = source(result, 'autoconfig');
    expect(ac?.status).toBe('timeout');
    expect(ac?.detail).toMatch(/^not awaited: it had not answered 1500 ms after mx answered \(at \d+ ms\)$/);
  });

  it.runIf(canDrop)('is not awaited beyond the grace when port 443 silently drops packets', async () => {
    const { result } = await net.run('jane@drop-g.test', { noGuess: true });
    expect(result.configs[0]).toMatchObject({ source: 'srv', secure: false });
    // Both https sources that could have beaten an insecure answer were cut, saying why.
    for (const name of ['autoconfig', 'autodiscover']) {
      expect(source(result, name)?.status).toBe('timeout');
      expect(source(result, name)?.detail).toMatch(/^not awaited: it had not answered 1500 ms after srv answered/);
    }
  });

  it('still lets a secure source that answers within the grace win over a faster insecure one', async () => {
    const { result } = await net.run('jane@slow-g.test', { noGuess: true });
    expect(result.configs[0]).toMatchObject({ source: 'autoconfig', secure: true });
    expect(result.configs[0]?.incoming[0]?.host).toBe('imap.slow-g.test');
    expect(result.configs[1]?.source).toBe('mx');
  });

  it('waits longer for a source whose answer is still arriving', async () => {
    const { result } = await net.run('jane@stream-g.test', { noGuess: true });
    expect(source(result, 'autoconfig')?.status).toBe('found');
    expect(result.configs[0]).toMatchObject({ source: 'autoconfig', secure: true });
  });

  it('stops waiting for an answer that never finishes arriving, saying so', async () => {
    const { result } = await net.run('jane@trickle-g.test', { noGuess: true }, { graceMs: 300, streamingGraceMs: 900 });
    expect(result.configs[0]?.source).toBe('mx');
    expect(source(result, 'autoconfig')).toMatchObject({ status: 'timeout' });
    expect(source(result, 'autoconfig')?.detail).toMatch(/^not awaited: its answer was still arriving 900 ms after mx answered/);
  });
});
