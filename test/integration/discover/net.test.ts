// The network layer against real local servers: the stub resolver (UDP, TCP fallback,
// NXDOMAIN vs NODATA, CNAME, AD bit, timeouts, cancellation, lookup for connections)
// and the bounded HTTP client (CA trust, size cap, timeout, no redirects).
import dgram from 'node:dgram';
import https from 'node:https';
import net from 'node:net';
import tls from 'node:tls';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import dnsPacket from 'dns-packet';
import { createResolver } from '../../../core/net/dns.js';
import { QUERIES_PER_SOCKET } from '../../../core/net/udp-channel.js';
import { createHttpFetcher } from '../../../core/net/http.js';
import { memoLookup } from '../../../core/net/lookup-replay.js';
import { connectTls, peerCertificate } from '../../../core/net/peer-certificate.js';
import { trustedContext } from '../../../core/net/tls-trust.js';
import { inspectTls } from '../../../core/probe/tls-inspect.js';
import { DnsError, HttpError } from '../../../core/net/types.js';
import { createTestCa, type TestCa } from '../../support/ca.js';
import { startDnsServer, type TestDnsServer } from '../../support/dns-server.js';
import { startWebServer, type TestWebServer } from '../../support/https-server.js';

const WEB = '127.0.1.31';
let ca: TestCa;
let dns: TestDnsServer;
let web: TestWebServer;

beforeAll(async () => {
  ca = createTestCa();
  const leaf = ca.issue(['www.net.test', 'alias.net.test']);
  dns = await startDnsServer({
    host: '127.0.1.30',
    zone: {
      'www.net.test': { A: [WEB], AAAA: ['::1'] },
      'alias.net.test': { CNAME: 'www.net.test' },
      'other.net.test': { A: [WEB] },
      'net.test': { MX: [{ priority: 10, exchange: 'mx.net.test' }], TXT: ['v=spf1 -all'] },
      '_imaps._tcp.net.test': { SRV: [{ priority: 1, weight: 2, port: 993, target: 'imap.net.test' }] },
      'big.net.test': { truncate: true, A: ['127.0.1.99'] },
      'slow.net.test': { neverAnswer: true },
      'signed.net.test': { ad: true, A: [WEB] },
    },
  });
  web = await startWebServer({ host: WEB, cert: leaf.cert, key: leaf.key });
  web.route('https://www.net.test/ok', { body: 'hello' });
  web.route('http://www.net.test/ok', { body: 'plain hello' });
  web.route('https://www.net.test/big', { bytes: 2 * 1024 * 1024 });
  web.route('https://www.net.test/big-declared', { bytes: 2 * 1024 * 1024, declareLength: true });
  web.route('https://www.net.test/hang', { hang: true });
  web.route('https://www.net.test/moved', { redirect: 'https://www.net.test/ok' });
});

afterAll(async () => {
  await Promise.all([dns?.close(), web?.close()]);
  ca?.cleanup();
});

async function dnsError(p: Promise<unknown>): Promise<DnsError> {
  const e = await p.then(() => null, (err: unknown) => err);
  expect(e).toBeInstanceOf(DnsError);
  return e as DnsError;
}

async function httpError(p: Promise<unknown>): Promise<HttpError> {
  const e = await p.then(() => null, (err: unknown) => err);
  expect(e).toBeInstanceOf(HttpError);
  return e as HttpError;
}

describe('stub resolver', () => {
  it('answers A/AAAA, MX, SRV and TXT', async () => {
    const r = createResolver(dns.spec);
    expect((await r.addresses('www.net.test')).records).toEqual([{ address: WEB, family: 4 }, { address: '::1', family: 6 }]);
    expect((await r.mx('net.test')).records).toEqual([{ exchange: 'mx.net.test', priority: 10 }]);
    expect((await r.srv('_imaps._tcp.net.test')).records).toEqual([{ name: 'imap.net.test', port: 993, priority: 1, weight: 2 }]);
    expect((await r.txt('net.test')).records).toEqual(['v=spf1 -all']);
  });

  it('tells NXDOMAIN from NODATA', async () => {
    const r = createResolver(dns.spec);
    expect((await dnsError(r.mx('nothing.net.test'))).kind).toBe('NXDOMAIN');
    expect((await dnsError(r.mx('www.net.test'))).kind).toBe('NODATA');
  });

  it('follows CNAME chains', async () => {
    const r = createResolver(dns.spec);
    expect((await r.addresses('alias.net.test')).records[0]?.address).toBe(WEB);
  });

  it('retries over TCP when the UDP answer is truncated', async () => {
    const r = createResolver(dns.spec);
    expect((await r.addresses('big.net.test')).records[0]?.address).toBe('127.0.1.99');
    expect(dns.queries.some((q) => q.name === 'big.net.test' && q.transport === 'tcp')).toBe(true);
  });

  it('asks with EDNS0 and the DO bit, and reads the AD bit', async () => {
    const r = createResolver(dns.spec);
    await r.mx('net.test');
    expect(dns.queries.filter((q) => q.name === 'net.test').every((q) => q.dnssecOk)).toBe(true);
    expect((await r.addresses('signed.net.test')).authenticated).toBe(true);
    expect((await r.mx('net.test')).authenticated).toBe(false);
  });

  it('times out and can be cancelled', async () => {
    const r = createResolver(dns.spec, { timeoutMs: 200 });
    expect((await dnsError(r.mx('slow.net.test'))).kind).toBe('TIMEOUT');
    const ac = new AbortController();
    const p = r.mx('slow.net.test', ac.signal);
    ac.abort();
    expect((await dnsError(p)).kind).toBe('CANCELLED');
  });

  it('talks to an IPv6 server given as [::1]:PORT', async () => {
    const v6 = await startDnsServer({ host: '::1', zone: { 'v6.net.test': { MX: [{ priority: 5, exchange: 'mx.v6.net.test' }] } } });
    try {
      expect(v6.spec).toMatch(/^\[::1\]:\d+$/);
      expect((await createResolver(v6.spec).mx('v6.net.test')).records[0]?.exchange).toBe('mx.v6.net.test');
    } finally {
      await v6.close();
    }
  });

  it('refuses names with CR/LF and bad server specs', async () => {
    const r = createResolver(dns.spec);
    await dnsError(r.mx('net.test\r\nx'));
    expect(() => createResolver('not a server')).toThrow(DnsError);
  });

  it('resolves connection host names through the same server', async () => {
    const r = createResolver(dns.spec);
    const address = await new Promise<string>((resolve, reject) => {
      const s = net.connect({ host: 'www.net.test', port: web.httpPort, lookup: r.lookup, family: 4 }, () => {
        resolve(s.remoteAddress ?? '');
        s.destroy();
      });
      s.on('error', reject);
    });
    expect(address).toBe(WEB);
  });
});

describe('stub resolver: UDP sockets', () => {
  it('shares a socket among queries, but moves to a new source port every QUERIES_PER_SOCKET queries', async () => {
    const r = createResolver(dns.spec);
    const from = dns.queries.length;
    const n = 3 * QUERIES_PER_SOCKET + 8;
    for (let i = 0; i < n; i++) await r.txt('net.test');
    const perPort = new Map<number, number>();
    for (const q of dns.queries.slice(from)) perPort.set(q.port, (perPort.get(q.port) ?? 0) + 1);
    expect([...perPort.values()].every((c) => c <= QUERIES_PER_SOCKET)).toBe(true);
    // 4 sockets for these queries, 5 when the first one was already part-used by earlier tests
    expect(perPort.size).toBeGreaterThanOrEqual(Math.ceil(n / QUERIES_PER_SOCKET));
    expect(perPort.size).toBeLessThanOrEqual(Math.ceil(n / QUERIES_PER_SOCKET) + 1);
  });

  it('queries in flight together on one socket each get their own answer', async () => {
    const r = createResolver(dns.spec);
    const rounds = await Promise.all(Array.from({ length: 40 }, () => Promise.all([r.mx('net.test'), r.txt('net.test'), r.addresses('other.net.test'), r.srv('_imaps._tcp.net.test')])));
    for (const [mx, txt, a, srv] of rounds) {
      expect(mx.records[0]?.exchange).toBe('mx.net.test');
      expect(txt.records).toEqual(['v=spf1 -all']);
      expect(a.records).toEqual([{ address: WEB, family: 4 }]);
      expect(srv.records[0]?.port).toBe(993);
    }
  });

  it('ignores a forged answer sent from another port, and takes the server\'s own', async () => {
    const server = dgram.createSocket('udp4');
    const forger = dgram.createSocket('udp4');
    await new Promise<void>((res) => server.bind(0, '127.0.1.30', res));
    await new Promise<void>((res) => forger.bind(0, '127.0.1.30', res));
    server.on('message', (msg, rinfo) => {
      const q = dnsPacket.decode(msg);
      const answer = (address: string): Buffer =>
        dnsPacket.encode({ type: 'response', id: q.id, flags: dnsPacket.RECURSION_DESIRED | dnsPacket.RECURSION_AVAILABLE, questions: q.questions, answers: [{ type: 'A', name: q.questions?.[0]?.name ?? '', data: address }] });
      // same id, same question, right address, wrong port: first, as a forger racing the server would
      forger.send(answer('127.0.1.66'), rinfo.port, rinfo.address);
      setTimeout(() => server.send(answer('127.0.1.77'), rinfo.port, rinfo.address), 30);
    });
    try {
      const r = createResolver(`127.0.1.30:${(server.address()).port}`, { timeoutMs: 2000 });
      for (let i = 0; i < 3; i++) expect((await r.addresses(`forged${i}.net.test`)).records.map((x) => x.address)).toEqual(['127.0.1.77']);
    } finally {
      server.close();
      forger.close();
    }
  });

  it('a port where no DNS server listens fails at once with plain words, not after the timeout', async () => {
    const probe = dgram.createSocket('udp4');
    await new Promise<void>((res) => probe.bind(0, '127.0.1.30', res));
    const closedPort = probe.address().port;
    probe.close();
    const r = createResolver(`127.0.1.30:${closedPort}`, { timeoutMs: 60_000 });
    const e = await dnsError(r.mx('net.test'));
    expect(e.kind).toBe('ERROR');
    expect(e.message).toBe(`no DNS server answers at 127.0.1.30 port ${closedPort} (the port is closed)`);
  });
});

describe('lookups answered once', () => {
  it('memoLookup asks the resolver once per name and answers each family and form from that', async () => {
    const r = createResolver(dns.spec);
    const asked: string[] = [];
    const inner = ((host: string, o: object, cb: (...a: unknown[]) => void) => {
      asked.push(host);
      (r.lookup as unknown as (h: string, o: object, c: (...a: unknown[]) => void) => void)(host, o, cb);
    }) as unknown as typeof r.lookup;
    const lookup = memoLookup(inner) as unknown as (h: string, o: object, c: (err: Error | null, a: unknown, f?: number) => void) => void;
    const ask = (host: string, o: object): Promise<{ err: Error | null; a: unknown; f?: number }> => new Promise((resolve) => lookup(host, o, (err, a, f) => resolve({ err, a, f })));
    expect(await ask('www.net.test', { family: 4 })).toEqual({ err: null, a: WEB, f: 4 });
    expect(await ask('WWW.net.test', { family: 6 })).toEqual({ err: null, a: '::1', f: 6 });
    expect((await ask('www.net.test', { all: true })).a).toEqual([{ address: WEB, family: 4 }, { address: '::1', family: 6 }]);
    expect((await ask('missing.net.test', {})).err?.message).toContain('missing.net.test');
    expect((await ask('missing.net.test', { all: true })).err).not.toBeNull();
    expect(asked).toEqual(['www.net.test', 'missing.net.test']);
  });
});

describe('TLS: the peer chain is converted once per connection', () => {
  const converted = async (trusted: boolean, chain: 'full' | 'leaf' = 'full'): Promise<{ calls: number; subject: string; validated: boolean; detailed?: boolean[]; chainLength?: number }> => {
    const spy = vi.spyOn(tls.TLSSocket.prototype, 'getPeerCertificate');
    try {
      const socket = connectTls({ host: WEB, port: web.httpsPort, servername: 'www.net.test', rejectUnauthorized: false, chain, ...(trusted ? { secureContext: trustedContext([ca.caPem]) } : {}) });
      await new Promise<void>((resolve, reject) => {
        socket.once('secureConnect', resolve);
        socket.once('error', reject);
      });
      const leaf = peerCertificate(socket);
      const { report } = inspectTls(socket, 'www.net.test', new Set());
      socket.destroy();
      const result = { calls: spy.mock.calls.length, subject: String(leaf.subject.CN), validated: report.validated };
      return chain === 'full' ? result : { ...result, detailed: spy.mock.calls.map((c) => Boolean(c[0])), chainLength: report.chain.length };
    } finally {
      spy.mockRestore();
    }
  };

  it('after a good chain, the handshake\'s own conversion is reused', async () => {
    expect(await converted(true)).toEqual({ calls: 1, subject: 'www.net.test', validated: true });
  });

  it('after a bad chain (Node converts nothing), once on demand', async () => {
    expect(await converted(false)).toEqual({ calls: 1, subject: 'www.net.test', validated: false });
  });

  it('chain: "leaf" converts the leaf alone, in the handshake\'s own host-name check too; the trust verdict is unchanged', async () => {
    expect(await converted(true, 'leaf')).toEqual({ calls: 1, subject: 'www.net.test', validated: true, detailed: [false], chainLength: 1 });
    expect(await converted(false, 'leaf')).toEqual({ calls: 1, subject: 'www.net.test', validated: false, detailed: [false], chainLength: 1 });
  });
});

describe('bounded HTTP client', () => {
  const fetcher = () => createHttpFetcher(createResolver(dns.spec), [ca.caPem]);

  it('fetches https with the extra CA and reports it authenticated; http is not', async () => {
    const res = await fetcher().request({ url: 'https://www.net.test/ok' });
    expect(res).toMatchObject({ status: 200, body: 'hello', authenticated: true });
    const plain = await fetcher().request({ url: 'http://www.net.test/ok' });
    expect(plain).toMatchObject({ status: 200, body: 'plain hello', authenticated: false });
  });

  it('refuses a certificate from an unknown CA or for another name', async () => {
    const untrusting = createHttpFetcher(createResolver(dns.spec), []);
    expect((await httpError(untrusting.request({ url: 'https://www.net.test/ok' }))).kind).toBe('TLS');
    expect((await httpError(fetcher().request({ url: 'https://other.net.test/ok' }))).kind).toBe('TLS');
  });

  it('refuses responses over the size cap, declared or streamed', async () => {
    const e1 = await httpError(fetcher().request({ url: 'https://www.net.test/big', maxBytes: 100_000 }));
    expect(e1.kind).toBe('TOO_LARGE');
    expect(e1.message).toMatch(/limit/);
    expect((await httpError(fetcher().request({ url: 'https://www.net.test/big-declared', maxBytes: 100_000 }))).kind).toBe('TOO_LARGE');
  });

  it('times out a server that never answers, and can be cancelled', async () => {
    expect((await httpError(fetcher().request({ url: 'https://www.net.test/hang', timeoutMs: 200 }))).kind).toBe('TIMEOUT');
    const ac = new AbortController();
    const p = fetcher().request({ url: 'https://www.net.test/hang', signal: ac.signal, timeoutMs: 10_000 });
    setTimeout(() => ac.abort(), 50);
    expect((await httpError(p)).kind).toBe('CANCELLED');
  });

  it('a host name that does not resolve costs no socket: the DNS error comes first', async () => {
    const opened = vi.spyOn(https, 'request');
    try {
      const e = await httpError(fetcher().request({ url: 'https://missing.net.test/x' }));
      expect(e.kind).toBe('DNS');
      expect(e.message).toContain('missing.net.test');
      expect(opened).not.toHaveBeenCalled();
      await fetcher().request({ url: 'https://www.net.test/ok' });
      expect(opened).toHaveBeenCalledTimes(1);
    } finally {
      opened.mockRestore();
    }
  });

  it('one TLS context for Node\'s default trust, shared by every connection', () => {
    const shared = trustedContext([]);
    expect(shared).toBeDefined(); // undefined would let tls.connect build a new one per connection
    expect(trustedContext([])).toBe(shared);
    expect(trustedContext([ca.caPem])).toBe(trustedContext([ca.caPem]));
    expect(trustedContext([ca.caPem])).not.toBe(trustedContext([]));
  });

  it('does not follow redirects by itself', async () => {
    const res = await fetcher().request({ url: 'https://www.net.test/moved' });
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe('https://www.net.test/ok');
  });

  it('refuses line breaks in headers and non-http URLs', async () => {
    expect((await httpError(fetcher().request({ url: 'https://www.net.test/ok', headers: { 'x-a': 'b\r\nx: y' } }))).kind).toBe('BAD_URL');
    expect((await httpError(fetcher().request({ url: 'file:///etc/passwd' }))).kind).toBe('BAD_URL');
  });
});
