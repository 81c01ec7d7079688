// `npm start`: the desktop app when Electron's binary is installed, otherwise one line
// saying so and the same window through `mailsetup ui`. The binary cannot be downloaded
// on the build machines, so "missing" is the real case here; ELECTRON_OVERRIDE_DIST_PATH
// (the electron package's own variable) pins it for the test wherever it runs.
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawRequest } from '../unit/ui-server/raw-http.js';
import { ensureBuilt, REPO } from './helpers/built-cli.js';
import { startUiProcess, type UiProcess } from './helpers/ui-process.js';

const START = ['scripts/start.mjs'];
const tempDirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'mailsetup-start-'));
  tempDirs.push(dir);
  return dir;
}
afterAll(() => tempDirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('npm start without the desktop binary', () => {
  let ui: UiProcess;

  beforeAll(async () => {
    ensureBuilt();
    ui = await startUiProcess({ ELECTRON_OVERRIDE_DIST_PATH: tempDir() }, undefined, ['--no-open', '--quiet'], START);
  });
  afterAll(async () => {
    await ui?.stop();
  });

  it('is what `npm start` runs', () => {
    const pkg = JSON.parse(readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(pkg.scripts.start).toBe('node scripts/start.mjs');
  });

  it('says in one line that the desktop binary is missing, without a stack trace', () => {
    const { stderr, stdout } = ui.output();
    expect(stderr).toBe('MailSetup: the desktop binary (Electron) is not installed, so the window opens in your browser instead (mailsetup ui).\n');
    expect(stdout).toMatch(/^MailSetup is running at http:\/\/127\.0\.0\.1:\d+\/#token=/);
  });

  it('opens the window through the `mailsetup ui` door, which answers', async () => {
    const page = await rawRequest(ui.port, { path: '/', headers: { Host: `127.0.0.1:${ui.port}` } });
    expect(page.status).toBe(200);
    expect(page.body).toContain('<div id="root">');
    const accounts = await rawRequest(ui.port, {
      method: 'POST',
      path: '/api/accounts',
      headers: { Host: `127.0.0.1:${ui.port}`, Origin: ui.origin, Authorization: `Bearer ${ui.token}`, 'Content-Type': 'application/json' },
      body: '{}',
    });
    expect(accounts.status).toBe(200);
    expect(JSON.parse(accounts.body)).toEqual({ ok: true, value: [] });
  });
});

describe('npm start with the desktop binary', () => {
  it('starts it on the project folder with the given arguments and passes its exit status on', () => {
    ensureBuilt();
    // A stand-in for the binary (the real one cannot be downloaded here): it records how
    // it was started. What Electron then does with the folder is package.json's "main".
    const dist = tempDir();
    const record = path.join(dist, 'started-with.txt');
    writeFileSync(path.join(dist, 'electron'), `#!/bin/sh\nprintf '%s\\n' "$@" > '${record}'\nexit 3\n`);
    chmodSync(path.join(dist, 'electron'), 0o755);
    const run = spawnSync(process.execPath, [...START, '--some-flag'], { cwd: REPO, env: { ...process.env, ELECTRON_OVERRIDE_DIST_PATH: dist }, encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(3);
    expect(readFileSync(record, 'utf8').split('\n').slice(0, 2)).toEqual([path.resolve(REPO) + path.sep, '--some-flag']);
    const pkg = JSON.parse(readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { main: string };
    expect(readFileSync(path.join(REPO, pkg.main), 'utf8')).toContain('BrowserWindow');
  });
});
