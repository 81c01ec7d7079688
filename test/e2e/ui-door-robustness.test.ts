// The BUILT `mailsetup ui` process against a client holding the session token that
// sends a chunked body over the cap: the answer is 413 and the process stays up (it
// used to exit, taking the user's session down).
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt } from './helpers/built-cli.js';
import { startUiProcess, type UiProcess } from './helpers/ui-process.js';

const HOST = '127.0.16.2';

function chunkedOversizedCall(ui: UiProcess): Promise<number> {
  const host = `${HOST}:${ui.port}`;
  return new Promise((resolve, reject) => {
    let answered = false;
    const req = http.request(
      { host: HOST, port: ui.port, method: 'POST', path: '/api/test', headers: { Host: host, Origin: `http://${host}`, Authorization: `Bearer ${ui.token}`, 'Content-Type': 'application/json' } },
      (res) => {
        answered = true;
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', (e) => {
      if (!answered) reject(e);
    });
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    for (let i = 0; i < 80 && !req.destroyed; i++) req.write(chunk);
    req.end();
  });
}

function page(ui: UiProcess): Promise<number> {
  return new Promise((resolve, reject) => {
    http.get({ host: HOST, port: ui.port, path: '/', headers: { Host: `${HOST}:${ui.port}` } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    }).on('error', reject);
  });
}

describe('mailsetup ui against an oversized chunked body', () => {
  let ui: UiProcess;

  beforeAll(async () => {
    ensureBuilt();
    ui = await startUiProcess({ DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/mailsetup-e2e-bus' }, undefined, ['--no-open', '--host', HOST]);
  });

  afterAll(async () => {
    await ui?.stop();
  });

  it('answers 413 every time and keeps serving', async () => {
    for (let i = 0; i < 5; i++) expect(await chunkedOversizedCall(ui)).toBe(413);
    await new Promise((r) => setTimeout(r, 200));
    expect(await page(ui)).toBe(200);
    expect(ui.output().stderr).not.toMatch(/TypeError|at .*\.js:\d+/);
    expect(await ui.stop()).toBe(0);
  });
});
