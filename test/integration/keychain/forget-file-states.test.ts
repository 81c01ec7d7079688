// `forget` against a real gnome-keyring when accounts.json cannot be updated: damaged,
// from a newer version, not a regular file, a dangling link, held by another process.
// Each state must fail with a clear message and leave BOTH the keychain items and the
// file as they were (forget used to delete the password first and then give up).
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { lstatSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MailSetupError } from '../../../shared/errors.js';
import { missingServer } from '../../support/require.js';
import { keyringMissing, startKeyring, type KeyringSession } from '../../support/keyring.js';
import { json, ROOT, runCli } from './cli-runner.js';

const missing = await keyringMissing();
const available = missing === null || missingServer('gnome-keyring + dbus (Secret Service)', missing);
const MANUAL = ['--imap', '127.0.4.1:993:tls', '--smtp', '127.0.4.1:587:starttls'];

interface FileState {
  label: string;
  damage: (file: string) => void;
  code: string;
  message: RegExp;
}

const STATES: FileState[] = [
  { label: 'not JSON', damage: (f) => writeFileSync(f, '{"schemaVersion":1,"accounts":[{"em'), code: 'METADATA_CORRUPT', message: /damaged: it is not valid JSON/ },
  { label: 'wrong shape', damage: (f) => writeFileSync(f, JSON.stringify({ schemaVersion: 1, accounts: [{ email: 'x' }] })), code: 'METADATA_CORRUPT', message: /not a MailSetup accounts list/ },
  { label: 'empty', damage: (f) => writeFileSync(f, ''), code: 'METADATA_CORRUPT', message: /not valid JSON/ },
  { label: 'newer version', damage: (f) => writeFileSync(f, JSON.stringify({ schemaVersion: 3, accounts: [] })), code: 'METADATA_TOO_NEW', message: /newer MailSetup/ },
  { label: 'a folder', damage: (f) => (rmSync(f), mkdirSync(f)), code: 'STORAGE_ERROR', message: /a folder, not a regular file/ },
  { label: 'a FIFO', damage: (f) => (rmSync(f), execFileSync('mkfifo', [f])), code: 'STORAGE_ERROR', message: /a named pipe, not a regular file/ },
  { label: 'a link to /dev/zero', damage: (f) => (rmSync(f), symlinkSync('/dev/zero', f)), code: 'STORAGE_ERROR', message: /a device, not a regular file/ },
  { label: 'a dangling link', damage: (f) => (rmSync(f), symlinkSync(path.join(path.dirname(f), 'gone.json'), f)), code: 'STORAGE_ERROR', message: /symbolic link to a file that does not exist/ },
  { label: 'too large', damage: (f) => writeFileSync(f, Buffer.alloc(9 * 1024 * 1024, 0x20)), code: 'STORAGE_ERROR', message: /larger than 8 MiB/ },
  // Another MailSetup (here: this test's own live pid) holds the lock for longer than the 30 s wait.
  { label: 'locked by another process', damage: (f) => writeFileSync(`${f}.lock`, `${process.pid}\n${hostname()}\n${Date.now()}\n`), code: 'STORAGE_ERROR', message: /still saving its settings; gave up waiting after 30 s\. Nothing was changed/ },
];

/** What the file looks like, to compare before and after. */
function snapshot(file: string): string {
  const st = lstatSync(file, { throwIfNoEntry: false });
  if (!st) return 'missing';
  if (st.isSymbolicLink()) return `link ${path.basename(file)}`;
  if (st.isFIFO()) return 'fifo';
  if (st.isDirectory()) return 'folder';
  return `file ${readFileSync(file).toString('base64').slice(0, 200)} ${st.size}`;
}

describe.runIf(available)('forget when accounts.json cannot be updated (real gnome-keyring)', () => {
  let keyring: KeyringSession;

  beforeAll(async () => {
    try {
      execFileSync('npm', ['run', 'build:engine'], { cwd: ROOT, stdio: 'ignore' });
    } catch {
      // tsc exits non-zero on type errors elsewhere but still emits; the runs below tell.
    }
    keyring = await startKeyring();
  }, 300_000);

  afterAll(async () => {
    await keyring?.stop();
  });

  const lookup = async (user: string): Promise<string> => {
    try {
      return await keyring.secretTool('lookup', 'service', 'mailsetup', 'username', user);
    } catch {
      return ''; // secret-tool exits 1 when there is no such item
    }
  };

  type Outcome = { run: Awaited<ReturnType<typeof runCli>>; email: string; password: string; dir: string; before: string; after: string };
  const outcomes = new Map<string, Outcome>();

  // All states at once: the locked one waits the full 30 s, the others are quick.
  beforeAll(async () => {
    await Promise.all(
      STATES.map(async (state, i) => {
        const dir = mkdtempSync(path.join(tmpdir(), 'mailsetup-forget-state-'));
        const env = { ...process.env, ...keyring.env, MAILSETUP_CONFIG_DIR: dir, MAILSETUP_KEYCHAIN_TIMEOUT_MS: '30000' };
        const email = `state${i}@example.com`;
        const password = `forget-state-${i}-${randomUUID()}`;
        const saved = await runCli(['save', email, '--password-stdin', ...MANUAL], { env, stdin: password });
        if (saved.code !== 0) throw new Error(`${state.label}: save failed: ${saved.stderr}`);
        const file = path.join(dir, 'accounts.json');
        state.damage(file);
        const before = snapshot(file);
        const run = await runCli(['forget', email, '--json'], { env, killAfterMs: 90_000 });
        outcomes.set(state.label, { run, email, password, dir, before, after: snapshot(file) });
      }),
    );
  }, 150_000);

  afterAll(() => {
    for (const { dir } of outcomes.values()) rmSync(dir, { recursive: true, force: true });
  });

  for (const state of STATES) {
    it(`${state.label}: exit 1 with ${state.code}, the keychain item and the file untouched`, async () => {
      const { run, email, password, before, after } = outcomes.get(state.label) as Outcome;
      expect(run.hung).toBe(false);
      expect(run.code, `${run.stdout}${run.stderr}`).toBe(1);
      const error = json<{ error: MailSetupError }>(run).error;
      expect(error.code).toBe(state.code);
      expect(error.message).toMatch(state.message);
      expect(await lookup(email)).toBe(password);
      expect(after).toBe(before);
    });
  }

  it('a forget that can update the file removes the item, then the settings', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'mailsetup-forget-state-'));
    const env = { ...process.env, ...keyring.env, MAILSETUP_CONFIG_DIR: dir };
    const password = `forget-ok-${randomUUID()}`;
    expect((await runCli(['save', 'ok@example.com', '--password-stdin', ...MANUAL], { env, stdin: password })).code).toBe(0);
    const run = await runCli(['forget', 'ok@example.com', '--json'], { env });
    expect(run.code, run.stderr).toBe(0);
    expect(json(run)).toEqual({ email: 'ok@example.com', removedSecrets: 1, removedSettings: true });
    expect(await lookup('ok@example.com')).toBe('');
    rmSync(dir, { recursive: true, force: true });
  });
});
