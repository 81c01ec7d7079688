// The Electron security checklist (npm run lint:electron, in scripts/test-all.sh): clean on
// electron/, and it does fail on a window that drops the hardening, naming each finding.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '..', '..', '..');
const lint = (...args: string[]) => spawnSync(process.execPath, ['scripts/lint-electron.mjs', ...args], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });

describe('the Electron security checklist', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'mailsetup-checklist-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('is part of the test command', () => {
    expect(readFileSync(path.join(ROOT, 'scripts', 'test-all.sh'), 'utf8')).toMatch(/^npm run lint:electron$/m);
  });

  it('finds no medium or high issue in electron/', () => {
    const run = lint();
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/no medium or high finding in electron\//);
  });

  it('fails on a window without isolation, sandbox or navigation limits, and names the findings', () => {
    writeFileSync(
      path.join(dir, 'main.ts'),
      "import { BrowserWindow } from 'electron';\nexport const win = new BrowserWindow({ webPreferences: { nodeIntegration: true, contextIsolation: false } });\n",
    );
    const run = lint(dir);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('CONTEXT_ISOLATION_JS_CHECK');
    expect(run.stderr).toContain('LIMIT_NAVIGATION_GLOBAL_CHECK');
    expect(run.stderr).toContain('SANDBOX_JS_CHECK');
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });
});
