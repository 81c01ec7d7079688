// End to end with a real keyring: `mailsetup save` stores an account, `mailsetup
// export` writes profiles from it (no settings on the command line), and the clients
// read the saved password through the keychain command in the exported file.
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keyringMissing, startKeyring, type KeyringSession } from '../../support/keyring.js';
import { missingServer } from '../../support/require.js';
import { haveTools, run, tempDir } from './tools.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const FIXTURES = join(ROOT, 'test/fixtures/profiles');
const PASSWORD = 'saved-Pässword-7';

let keyring: KeyringSession | undefined;
let env: NodeJS.ProcessEnv = {};

function cli(args: string[], input?: string) {
  return run(process.execPath, [join(ROOT, 'bin/mailsetup.js'), ...args], { cwd: ROOT, env, ...(input !== undefined ? { input } : {}) });
}

beforeAll(async () => {
  const why = await keyringMissing();
  if (why) {
    missingServer('gnome-keyring', why);
    return;
  }
  for (let i = 0; i < 3; i++) if (run('npm', ['run', 'build:engine'], { cwd: ROOT }).status === 0) break;
  keyring = await startKeyring();
  env = { ...process.env, ...keyring.env, MAILSETUP_CONFIG_DIR: tempDir('saved-cfg') };
  const saved = cli(['save', 'jane@example.com', '--password-stdin', '--imap', 'mail.example.com:993:tls', '--smtp', 'mail.example.com:465:tls', '--display-name', 'Jane Doe'], PASSWORD);
  if (saved.status !== 0) throw new Error(`save failed: ${saved.stderr}`);
}, 300_000);

afterAll(async () => {
  await keyring?.stop();
});

describe('export from a saved account', () => {
  it('writes the same files as from settings (golden), without --imap/--smtp', () => {
    if (!keyring) return;
    for (const format of ['thunderbird-autoconfig', 'msmtp', 'apple', 'k9s'] as const) {
      const dir = tempDir('saved');
      const r = cli(['export', 'jane@example.com', '--format', format, '--platform', 'linux', '--out', dir, '--json']);
      expect(r.status, r.stderr).toBe(0);
      const result = JSON.parse(r.stdout) as { files: Array<{ name: string }>; written: string[] };
      expect(readFileSync(result.written[0]!).equals(readFileSync(join(FIXTURES, format, result.files[0]!.name))), format).toBe(true);
    }
  });

  it('neomutt reads the saved password through the exported keychain command', () => {
    if (!keyring || !haveTools('neomutt')) return;
    const dir = tempDir('saved-mutt');
    const file = join(dir, 'neomuttrc');
    expect(cli(['export', 'jane@example.com', '--format', 'mutt', '--platform', 'linux', '--out', file]).status).toBe(0);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8')).not.toContain(PASSWORD);
    const r = run('neomutt', ['-n', '-F', file, '-Q', 'imap_pass'], { env: { ...env, TERM: 'dumb' } });
    expect(r.stderr).toBe('');
    expect(r.stdout.trim()).toBe(`set imap_pass = "${PASSWORD}"`);
  });

  it('--include-password takes the password from the keychain into a signed profile', () => {
    if (!keyring || !haveTools('openssl')) return;
    const dir = tempDir('saved-sign');
    expect(run('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'), '-days', '2', '-subj', '/CN=throw-away']).status).toBe(0);
    const out = join(dir, 'jane.mobileconfig');
    const r = cli(['export', 'jane@example.com', '--format', 'apple', '--include-password', '--sign-cert', join(dir, 'cert.pem'), '--sign-key', join(dir, 'key.pem'), '--out', out]);
    expect(r.status, r.stderr).toBe(0);
    const plain = join(dir, 'plain');
    expect(run('openssl', ['cms', '-verify', '-binary', '-inform', 'DER', '-in', out, '-CAfile', join(dir, 'cert.pem'), '-purpose', 'any', '-out', plain]).status).toBe(0);
    expect(readFileSync(plain, 'utf8')).toContain(`<string>${PASSWORD}</string>`);
  });

  it('an address that is not saved gets a clear message and exit 1', () => {
    if (!keyring) return;
    const r = cli(['export', 'nobody@example.com', '--format', 'mutt']);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/No saved account for nobody@example.com/);
    expect(r.stderr).toMatch(/--imap/);
  });
});
