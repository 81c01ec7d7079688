// Helpers for checking exports with the real client tools Debian ships.
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { missingServer } from '../../support/require.js';
import type { ExportFile } from '../../../shared/profiles.js';

/** True when every tool is on PATH; otherwise skips locally and fails in CI. */
export function haveTools(...tools: string[]): boolean {
  const missing = tools.filter((t) => spawnSync('sh', ['-c', `command -v ${t}`]).status !== 0);
  return missing.length === 0 || missingServer(missing.join(', '), 'not installed');
}

export function run(cmd: string, args: string[], opts: { input?: string; env?: NodeJS.ProcessEnv; cwd?: string } = {}): SpawnSyncReturns<string> {
  return spawnSync(cmd, args, { encoding: 'utf8', timeout: 30_000, ...opts });
}

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `mailsetup-${prefix}-`));
}

/** Writes export files under `dir` with their modes; returns name → path. */
export function writeExport(dir: string, files: ExportFile[]): Map<string, string> {
  const paths = new Map<string, string>();
  for (const f of files) {
    const path = join(dir, f.name);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, Buffer.from(f.content, f.encoding));
    chmodSync(path, f.mode ?? 0o644);
    paths.set(f.name, path);
  }
  return paths;
}

/**
 * Runs a shell script inside a private D-Bus session with an unlocked gnome-keyring
 * (keychain.md §2), keyring files in a temporary XDG_DATA_HOME.
 */
export function inKeyring(script: string, env: NodeJS.ProcessEnv = {}): SpawnSyncReturns<string> {
  const home = tempDir('keyring');
  const inner = `printf throwaway | gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1\n${script}`;
  return run('dbus-run-session', ['--', 'sh', '-c', inner], {
    env: { PATH: process.env.PATH, HOME: home, XDG_DATA_HOME: join(home, 'data'), XDG_RUNTIME_DIR: home, ...env },
  });
}
