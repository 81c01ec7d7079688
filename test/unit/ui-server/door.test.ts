// The loopback door's rules, each with a test that fails when the rule breaks:
// token, Host (DNS rebinding), Origin, JSON only, body cap, schema validation, no traversal.
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startUiServer, type UiServer } from '../../../core/ui-server/server.js';
import type { RequestName } from '../../../shared/contract.js';
import { rawRequest } from './raw-http.js';
import { stubHandlers } from './stub-handlers.js';

const PASSWORD = 'door-unit-Pässwörd-"q"';
let server: UiServer;
let base: string;
const seen: { name: RequestName; params: unknown }[] = [];
const logLines: string[] = [];

function api(name: string, body: unknown, headers: Record<string, string> = {}) {
  const host = `127.0.0.1:${server.port}`;
  return rawRequest(server.port, {
    method: 'POST',
    path: `/api/${name}`,
    headers: { Host: host, Origin: `http://${host}`, Authorization: `Bearer ${server.token}`, 'Content-Type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

beforeAll(async () => {
  base = mkdtempSync(path.join(os.tmpdir(), 'mailsetup-door-'));
  const root = path.join(base, 'dist');
  mkdirSync(path.join(root, 'assets'), { recursive: true });
  writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>t</title>');
  writeFileSync(path.join(root, 'assets', 'app.js'), 'export {};');
  writeFileSync(path.join(base, 'secret.txt'), 'outside-the-root');
  server = await startUiServer({ handlers: stubHandlers(seen), rendererDir: root, log: (l) => logLines.push(l) });
});

afterAll(async () => {
  await server.close();
});

describe('the loopback door', () => {
  it('listens on 127.0.0.1 and puts the token only in the URL fragment', () => {
    expect(server.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(server.url).toBe(`${server.origin}/#token=${server.token}`);
    expect(server.token.length).toBeGreaterThanOrEqual(40);
  });

  it('refuses to listen on a non-loopback address', async () => {
    await expect(startUiServer({ handlers: stubHandlers(), rendererDir: base, host: '0.0.0.0' })).rejects.toThrow(/loopback/);
  });

  it('serves the renderer with a strict CSP and no inline script allowance', async () => {
    const res = await rawRequest(server.port, { path: '/', headers: { Host: `127.0.0.1:${server.port}` } });
    expect(res.status).toBe(200);
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('unsafe-eval');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });

  it('answers to localhost:PORT too', async () => {
    const res = await rawRequest(server.port, { path: '/', headers: { Host: `localhost:${server.port}` } });
    expect(res.status).toBe(200);
  });

  it('refuses a foreign Host header with 403 (DNS rebinding)', async () => {
    for (const host of ['evil.example:' + server.port, `127.0.0.1:${server.port + 1}`, 'localhost']) {
      const page = await rawRequest(server.port, { path: '/', headers: { Host: host } });
      expect(page.status).toBe(403);
      const call = await api('discover', { email: 'a@example.com' }, { Host: host, Origin: `http://${host}` });
      expect(call.status).toBe(403);
    }
  });

  it('refuses a missing or wrong token with 401', async () => {
    const missing = await api('accounts', {}, { Authorization: '' });
    expect(missing.status).toBe(401);
    const wrong = await api('accounts', {}, { Authorization: `Bearer ${'x'.repeat(server.token.length)}` });
    expect(wrong.status).toBe(401);
    expect(JSON.parse(wrong.body)).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });
  });

  it('refuses a foreign or missing Origin with 403, and cross-site fetch metadata', async () => {
    expect((await api('accounts', {}, { Origin: 'http://evil.example' })).status).toBe(403);
    expect((await api('accounts', {}, { Origin: 'null' })).status).toBe(403);
    expect((await api('accounts', {}, { Origin: '' })).status).toBe(403);
    expect((await api('accounts', {}, { 'Sec-Fetch-Site': 'cross-site' })).status).toBe(403);
  });

  it('runs a valid call through dispatch and answers with the typed reply', async () => {
    const res = await api('accounts', {});
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(JSON.parse(res.body)).toEqual({ ok: true, value: [] });
  });

  it('validates params against the schema: BAD_INPUT, the handler never runs', async () => {
    const before = seen.length;
    const res = await api('discover', { email: 'a\r\nb@example.com' });
    expect(JSON.parse(res.body)).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
    const extra = await api('accounts', { surprise: true });
    expect(JSON.parse(extra.body)).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
    expect(seen.length).toBe(before);
  });

  it('takes JSON only, and caps the body', async () => {
    expect((await api('discover', 'email=a@example.com', { 'Content-Type': 'application/x-www-form-urlencoded' })).status).toBe(415);
    expect((await api('discover', '{not json', {})).status).toBe(400);
    const big = JSON.stringify({ email: 'a@example.com', caPem: 'x'.repeat(5 * 1024 * 1024) });
    expect((await api('test', big)).status).toBe(413);
  });

  it('knows only the contract names, and only POST', async () => {
    expect((await api('shutdown', {})).status).toBe(404);
    expect((await api('__proto__', {})).status).toBe(404);
    const get = await rawRequest(server.port, { path: '/api/accounts', headers: { Host: `127.0.0.1:${server.port}`, Authorization: `Bearer ${server.token}` } });
    expect(get.status).toBe(405);
  });

  it('streams events then the reply when asked for NDJSON', async () => {
    const res = await api('discover', { email: 'jane@example.com' }, { Accept: 'application/x-ndjson' });
    expect(res.headers['content-type']).toContain('application/x-ndjson');
    const lines = res.body.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines[0]).toMatchObject({ event: 'discover:progress', data: { email: 'jane@example.com' } });
    expect(lines.at(-1)).toMatchObject({ reply: { ok: true, value: { email: 'jane@example.com' } } });
  });

  it('never serves a file outside the renderer folder', async () => {
    const host = { Host: `127.0.0.1:${server.port}` };
    for (const p of ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/..%2f..%2fsecret.txt', '/assets/%2e%2e%5c..%5csecret.txt', '/..%00/secret.txt', '/assets/', '/assets']) {
      const res = await rawRequest(server.port, { path: p, headers: host });
      expect(res.status, p).toBeGreaterThanOrEqual(400);
      expect(res.body).not.toContain('outside-the-root');
    }
    const ok = await rawRequest(server.port, { path: '/assets/app.js', headers: host });
    expect(ok.status).toBe(200);
    expect(ok.headers['content-type']).toContain('text/javascript');
  });

  it('logs method, path and status, never the token or a password', async () => {
    await api('test', { email: 'jane@example.com', password: PASSWORD });
    const all = logLines.join('\n');
    expect(all).toContain('POST /api/test 200');
    expect(all).not.toContain(server.token);
    expect(all).not.toContain(PASSWORD);
  });
});
