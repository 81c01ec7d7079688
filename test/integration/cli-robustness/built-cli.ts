// Runs the built CLI (`node bin/mailsetup.js …`) the ways a user's shell does: output to
// a pipe the reader closes early, to /dev/full, stdin from raw bytes, with a deadline.
import { spawn, spawnSync, type StdioOptions } from 'node:child_process';
import { closeSync, mkdtempSync, openSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const BIN = path.join(ROOT, 'bin', 'mailsetup.js');

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  /** True when it had to be killed after the deadline. */
  hung: boolean;
}

export interface RunOptions {
  /** Raw bytes on standard input (default: nothing). */
  stdin?: string | Buffer;
  env?: NodeJS.ProcessEnv;
  /** 'pipe' (default), 'closed' (the reader goes away at once) or a file to write to. */
  stdout?: 'pipe' | 'closed' | { file: string };
  killAfterMs?: number;
}

export function buildEngine(): void {
  // Other work may be rebuilding at the same moment: retry a few times.
  for (let i = 0; i < 3; i++) {
    if (spawnSync('npm', ['run', 'build:engine'], { cwd: ROOT, stdio: 'ignore' }).status === 0) return;
  }
  throw new Error('npm run build:engine failed');
}

export function tempConfigDir(): string {
  return mkdtempSync(path.join(tmpdir(), 'mailsetup-robust-'));
}

export function cli(args: string[], options: RunOptions = {}): Promise<Run> {
  const out = options.stdout ?? 'pipe';
  const fd = typeof out === 'object' ? openSync(out.file, 'w') : undefined;
  const stdio: StdioOptions = ['pipe', fd ?? 'pipe', 'pipe'];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: ROOT,
      env: { ...process.env, MAILSETUP_CONFIG_DIR: tempConfigDir(), DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/mailsetup-robust-bus', ...options.env },
      stdio,
    });
    if (fd !== undefined) closeSync(fd);
    let stdout = '';
    let stderr = '';
    let hung = false;
    if (out === 'closed') child.stdout?.destroy();
    else child.stdout?.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
    child.stderr?.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    const timer = setTimeout(() => {
      hung = true;
      child.kill('SIGKILL');
    }, options.killAfterMs ?? 30_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, hung });
    });
    child.stdin?.on('error', () => undefined);
    child.stdin?.end(options.stdin ?? '');
  });
}

/** No Node stack trace or internal error text in what the user saw. */
export const STACK_TRACE = /\n\s+at |node:internal|Unhandled 'error'|TypeError|RangeError/;
