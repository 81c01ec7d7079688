// Makes sure the built CLI and renderer exist (tests run `node bin/mailsetup.js` as a user would).
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

export const REPO = path.resolve(import.meta.dirname, '..', '..', '..');

export function ensureBuilt(): void {
  const cli = path.join(REPO, 'dist', 'mailsetup', 'main.js');
  const page = path.join(REPO, 'renderer', 'dist', 'index.html');
  const desktop = path.join(REPO, 'dist-electron', 'main', 'electron', 'main.js');
  if (existsSync(cli) && existsSync(page) && existsSync(desktop)) return;
  try {
    execFileSync('npm', ['run', 'build'], { cwd: REPO, stdio: 'pipe' });
  } catch {
    // tsc emits even when another module has a type error; only the files matter here.
  }
  if (!existsSync(cli) || !existsSync(page) || !existsSync(desktop)) throw new Error('`npm run build` did not produce dist/mailsetup/main.js, renderer/dist/index.html and dist-electron/');
}
