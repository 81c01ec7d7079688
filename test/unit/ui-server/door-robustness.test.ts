// The loopback door under hostile clients that hold the session token: a chunked body
// over the cap, a body that trickles in, and many calls at once. The server must
// answer, stay up, and close cleanly.
import http from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import type { Handlers } from '../../../core/handlers.js';
import { startUiServer, type UiServer } from '../../../core/ui-server/server.js';
import type { RequestName } from '../../../shared/contract.js';
import { stubHandlers } from './stub-handlers.js';

const HOST = '127.0.16.1';
let server: UiServer | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

interface Answer {
  status: number;
  body: string;
}

/** Opens an API call and leaves the body to the caller (chunked unless told otherwise). */
function openCall(s: UiServer, name: string, headers: Record<string, string> = {}): { req: http.ClientRequest; answer: Promise<Answer> } {
  const host = `${HOST}:${s.port}`;
  const req = http.request({
    host: HOST,
    port: s.port,
    method: 'POST',
    path: `/api/${name}`,
    headers: { Host: host, Origin: `http://${host}`, Authorization: `Bearer ${s.token}`, 'Content-Type': 'application/json', ...headers },
  });
  const answer = new Promise<Answer>((resolve, reject) => {
    let answered = false;
    req.on('response', (res) => {
      answered = true;
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    // Writes after the server refused the body fail; once an answer came that is expected.
    req.on('error', (e) => {
      if (!answered) reject(e);
    });
  });
  return { req, answer };
}

async function call(s: UiServer, name: string, body: unknown): Promise<Answer> {
  const { req, answer } = openCall(s, name);
  req.end(JSON.stringify(body));
  return answer;
}

describe('the loopback door under hostile clients', () => {
  it('refuses a chunked body over the cap with 413 and keeps serving', async () => {
    server = await startUiServer({ handlers: stubHandlers(), rendererDir: '/nonexistent', host: HOST });
    for (let round = 0; round < 3; round++) {
      const { req, answer } = openCall(server, 'test');
      const chunk = Buffer.alloc(64 * 1024, 0x20);
      // 5 MiB with no Content-Length: only the running count can catch it.
      for (let i = 0; i < 80 && !req.destroyed; i++) req.write(chunk);
      req.end();
      expect((await answer).status).toBe(413);
    }
    const after = await call(server, 'accounts', {});
    expect(after.status).toBe(200);
    expect(JSON.parse(after.body)).toEqual({ ok: true, value: [] });
  });

  it('times out a body that trickles in, with 408, and keeps serving', async () => {
    server = await startUiServer({ handlers: stubHandlers(), rendererDir: '/nonexistent', host: HOST, bodyTimeoutMs: 400 });
    const { req, answer } = openCall(server, 'test');
    req.write('{"email":');
    const drip = setInterval(() => {
      if (!req.destroyed) req.write(' ');
    }, 50);
    try {
      const got = await answer;
      expect(got.status).toBe(408);
      expect(JSON.parse(got.body)).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
    } finally {
      clearInterval(drip);
      req.destroy();
    }
    expect((await call(server, 'accounts', {})).status).toBe(200);
  });

  it('refuses a body that is not UTF-8 instead of replacing the bytes (a password must arrive as sent)', async () => {
    const seen: { name: RequestName; params: unknown }[] = [];
    server = await startUiServer({ handlers: stubHandlers(seen), rendererDir: '/nonexistent', host: HOST });
    const { req, answer } = openCall(server, 'test');
    req.end(Buffer.concat([Buffer.from('{"email":"jane@example.com","password":"caf'), Buffer.from([0xe9]), Buffer.from('"}')]));
    const got = await answer;
    expect(got.status).toBe(400);
    expect(JSON.parse(got.body)).toMatchObject({ ok: false, error: { code: 'BAD_INPUT', message: 'The request body is not valid UTF-8 text.' } });
    expect(seen).toEqual([]);
  });

  it('runs twenty calls at once without a listener leak, and closing cancels them all', async () => {
    const warnings: string[] = [];
    const onWarning = (w: Error): void => void warnings.push(`${w.name}: ${w.message}`);
    process.on('warning', onWarning);
    let started = 0;
    let cancelled = 0;
    const handlers: Handlers = {
      ...stubHandlers(),
      // Runs until the call is cancelled.
      discover: (_params, ctx) =>
        new Promise((resolve) => {
          started++;
          ctx.signal?.addEventListener('abort', () => {
            cancelled++;
            resolve({ ok: false, error: { code: 'CANCELLED', message: 'cancelled' } });
          });
        }),
    };
    try {
      server = await startUiServer({ handlers, rendererDir: '/nonexistent', host: HOST });
      const calls = Array.from({ length: 20 }, () => {
        const { req, answer } = openCall(server as UiServer, 'discover', { Accept: 'application/x-ndjson' });
        req.end(JSON.stringify({ email: 'jane@example.com' }));
        return answer.catch(() => undefined); // the close cuts them off
      });
      while (started < 20) await new Promise((r) => setTimeout(r, 10));
      await server.close();
      server = undefined;
      await Promise.all(calls);
      // Warnings are emitted on the next tick.
      await new Promise((r) => setImmediate(r));
      expect(cancelled).toBe(20);
      expect(warnings.filter((w) => w.includes('MaxListenersExceeded'))).toEqual([]);
    } finally {
      process.off('warning', onWarning);
    }
  });
});
