// Runs `node bin/mailsetup.js ui --port 0 --no-open` and reads its URL from stdout.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { REPO } from './built-cli.js';

export interface UiProcess {
  url: string;
  origin: string;
  token: string;
  port: number;
  configDir: string;
  /** Everything the process wrote so far, stdout and stderr. */
  output(): { stdout: string; stderr: string };
  /** Sends the signal (SIGTERM by default) and waits for the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** `entry` is what runs the door: `mailsetup ui` itself, or a launcher that ends up in it (npm start). */
export async function startUiProcess(
  env: NodeJS.ProcessEnv = {},
  givenConfigDir?: string,
  args: string[] = ['--no-open'],
  entry: string[] = ['bin/mailsetup.js', 'ui'],
): Promise<UiProcess> {
  const configDir = givenConfigDir ?? mkdtempSync(path.join(os.tmpdir(), 'mailsetup-e2e-config-'));
  const child: ChildProcess = spawn(process.execPath, [...entry, '--port', '0', ...args], {
    cwd: REPO,
    env: { ...process.env, MAILSETUP_CONFIG_DIR: configDir, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
  child.stderr?.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

  const url = await new Promise<string>((resolve, reject) => {
    const timer = setInterval(() => {
      const match = /(http:\/\/127\.\d+\.\d+\.\d+:\d+\/#token=[A-Za-z0-9_-]+)/.exec(stdout);
      if (match?.[1]) {
        clearInterval(timer);
        resolve(match[1]);
      }
    }, 25);
    void exited.then((code) => {
      clearInterval(timer);
      reject(new Error(`mailsetup ui exited (${code}) before printing its URL: ${stderr}`));
    });
  });
  const parsed = new URL(url);
  return {
    url,
    origin: parsed.origin,
    token: parsed.hash.replace('#token=', ''),
    port: Number(parsed.port),
    configDir,
    output: () => ({ stdout, stderr }),
    stop: async (signal: NodeJS.Signals = 'SIGTERM') => {
      if (child.exitCode === null) child.kill(signal);
      const code = await exited;
      // A folder we made is ours to remove; a caller's folder is the caller's.
      if (givenConfigDir === undefined) rmSync(configDir, { recursive: true, force: true });
      return code;
    },
  };
}
