// The loopback door serves its files compressed, and lets the page stop a running
// call by id while still reading that call's answer.
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pickEncoding } from '../../../core/ui-server/compressed-files.js';
import { startUiServer, type UiServer } from '../../../core/ui-server/server.js';
import { stubHandlers } from './stub-handlers.js';

const SCRIPT = `export const words = ${JSON.stringify('mail '.repeat(2000))};\n`;
let server: UiServer;

function get(pathname: string, acceptEncoding?: string): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { Host: `127.0.0.1:${server.port}` };
    if (acceptEncoding !== undefined) headers['Accept-Encoding'] = acceptEncoding;
    http
      .get({ host: '127.0.0.1', port: server.port, path: pathname, headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      })
      .on('error', reject);
  });
}

function post(pathname: string, body: string, extra: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  const host = `127.0.0.1:${server.port}`;
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port: server.port, method: 'POST', path: pathname, headers: { Host: host, Origin: `http://${host}`, Authorization: `Bearer ${server.token}`, 'Content-Type': 'application/json', ...extra } },
      (res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString('utf8')));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

beforeAll(async () => {
  const root = path.join(mkdtempSync(path.join(os.tmpdir(), 'mailsetup-door-extras-')), 'dist');
  mkdirSync(path.join(root, 'assets'), { recursive: true });
  writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>t</title>');
  writeFileSync(path.join(root, 'assets', 'app.js'), SCRIPT);
  const handlers = stubHandlers();
  // A discover that runs until it is stopped, then answers with what it has.
  handlers.discover = async (params, ctx) => {
    // The stop can land before the handler runs (dispatch loads the schemas first).
    await new Promise<void>((resolve) => {
      if (ctx.signal?.aborted) resolve();
      else ctx.signal?.addEventListener('abort', () => resolve(), { once: true });
    });
    return { ok: true, value: { email: params.email, domain: 'example.com', configs: [], sources: [{ source: 'srv', status: 'cancelled', ms: 5 }] } };
  };
  server = await startUiServer({ handlers, rendererDir: root });
});

afterAll(async () => {
  await server.close();
});

describe('compressed static files', () => {
  it('prefers brotli, then gzip, honours q=0, and leaves binary types alone', () => {
    expect(pickEncoding('gzip, deflate, br', 'text/javascript')).toBe('br');
    expect(pickEncoding('gzip', 'text/javascript')).toBe('gzip');
    expect(pickEncoding('br;q=0, gzip;q=0.5', 'text/css')).toBe('gzip');
    expect(pickEncoding('identity', 'text/css')).toBeNull();
    expect(pickEncoding('br', 'image/png')).toBeNull();
    expect(pickEncoding(undefined, 'text/html')).toBeNull();
  });

  it('serves the bundle brotli- or gzip-compressed, byte-identical once decoded', async () => {
    const br = await get('/assets/app.js', 'gzip, br');
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers.vary).toBe('Accept-Encoding');
    expect(br.body.length).toBeLessThan(SCRIPT.length / 10);
    expect(brotliDecompressSync(br.body).toString('utf8')).toBe(SCRIPT);
    const gz = await get('/assets/app.js', 'gzip');
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.body).toString('utf8')).toBe(SCRIPT);
    const plain = await get('/assets/app.js');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.toString('utf8')).toBe(SCRIPT);
  });
});

describe('stopping a call', () => {
  it('stops a running call by its id; the call still answers', async () => {
    const id = 'call-0123456789';
    const running = post('/api/discover', JSON.stringify({ email: 'jane@example.com' }), { 'X-MailSetup-Call': id });
    // Wait until the call is registered.
    let stopped = { status: 404, body: '' };
    for (let i = 0; i < 50 && stopped.status === 404; i++) {
      await new Promise((r) => setTimeout(r, 10));
      stopped = await post(`/api/-cancel/${id}`, '{}');
    }
    expect(stopped.status).toBe(204);
    const answer = await running;
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toMatchObject({ ok: true, value: { sources: [{ status: 'cancelled' }] } });
  });

  it('answers 404 for an unknown id, and needs the token like every call', async () => {
    expect((await post('/api/-cancel/nothing-running-here', '{}')).status).toBe(404);
    expect((await post('/api/-cancel/nothing-running-here', '{}', { Authorization: 'Bearer wrong' })).status).toBe(401);
  });
});
