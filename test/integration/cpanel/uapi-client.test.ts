// The UAPI client against hostile or broken answers on 127.0.14.11: a server that never
// answers (timeout), an endless body (size cap), HTTP 500, HTML instead of JSON, a
// status-0 envelope without errors, and a same-host redirect (never followed either).
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callUapi, type UapiTarget } from '../../../core/cpanel/uapi-client.js';
import { createTestCa, type TestCa } from '../../support/ca.js';

const HOST = '127.0.14.11';
let ca: TestCa;
let server: https.Server;
let port: number;
const sockets = new Set<Socket>();
const seen: string[] = [];

beforeAll(async () => {
  ca = createTestCa('UAPI client test CA');
  const leaf = ca.issue([HOST]);
  server = https.createServer({ cert: leaf.cert, key: leaf.key }, (req, res) => {
    seen.push(req.url ?? '');
    const func = (req.url ?? '').split('/').pop();
    if (func === 'hang') return;
    if (func === 'huge') {
      res.writeHead(200, { 'content-type': 'application/json' });
      const chunk = Buffer.alloc(1024 * 1024, 'a');
      const pump = (): void => {
        while (res.write(chunk));
        res.once('drain', pump);
      };
      res.on('error', () => undefined);
      return pump();
    }
    if (func === 'crash') return void res.writeHead(500, { 'content-type': 'text/plain' }).end('Internal Server Error');
    if (func === 'html') return void res.writeHead(200, { 'content-type': 'text/html' }).end('<html><body>Login</body></html>');
    if (func === 'silent_failure') return void res.writeHead(200, { 'content-type': 'application/json' }).end('{"data":null,"errors":null,"warnings":null,"messages":null,"metadata":{},"status":0}');
    if (func === 'moved') return void res.writeHead(301, { location: '/execute/Elsewhere/f' }).end();
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"data":{"strength":"70"},"errors":null,"warnings":null,"messages":["hello"],"metadata":{},"status":"1"}');
  });
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, HOST, r));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  for (const s of sockets) s.destroy();
  await new Promise((r) => server.close(r));
  ca.cleanup();
});

const target = (): UapiTarget => ({ host: HOST, port, user: 'u', token: 'TOKEN0000000000000000000000000000' });
const call = (func: string, timeoutMs = 3000) => callUapi(target(), 'Test', func, {}, { extraCa: [ca.caPem], timeoutMs });

describe('the UAPI client with broken answers', () => {
  it('reads a good envelope, numbers as strings included', async () => {
    const r = await call('ok');
    expect(r.ok && r.value).toMatchObject({ data: { strength: '70' }, messages: ['hello'], certificate: { validated: true } });
  });
  it('gives up on a server that never answers', async () => {
    const r = await call('hang', 500);
    expect(r.ok === false && r.error.code).toBe('TIMEOUT');
  });
  it('refuses an endless body', async () => {
    const r = await call('huge', 20_000);
    expect(r.ok === false && r.error.message).toMatch(/more than \d+ bytes; refused/);
  });
  it('reports HTTP 500, HTML instead of JSON, and a failure without words', async () => {
    expect(await call('crash')).toMatchObject({ ok: false, error: { code: 'CPANEL_API_ERROR', message: 'cPanel answered Test::crash with HTTP 500.' } });
    expect(await call('html')).toMatchObject({ ok: false, error: { code: 'CPANEL_API_ERROR' } });
    const silent = await call('silent_failure');
    expect(silent).toMatchObject({ ok: false, error: { code: 'CPANEL_API_ERROR', message: 'cPanel refused Test::silent_failure: cPanel reported a failure without saying why.' } });
    expect(silent.ok === false && silent.error.serverSays).toBeUndefined();
  });
  it('follows no redirect, not even on the same host', async () => {
    const before = seen.length;
    const r = await call('moved');
    expect(r.ok === false && r.error.code).toBe('CPANEL_REDIRECT_REFUSED');
    expect(seen.slice(before)).toEqual(['/execute/Test/moved']);
  });
});
