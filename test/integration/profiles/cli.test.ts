// The built CLI (`node bin/mailsetup.js export …`) from settings on the command line:
// every format written with --out equals its golden file, with the right file modes.
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { EXPORT_FORMATS, MULTI_FILE_FORMATS, type ExportResult } from '../../../shared/profiles.js';
import { haveTools, run, tempDir } from './tools.js';
import { constantFile } from '../../unit/profiles/constant-files.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const FIXTURES = join(ROOT, 'test/fixtures/profiles');
const SETTINGS = ['--imap', 'mail.example.com:993:tls', '--smtp', 'mail.example.com:465:tls', '--display-name', 'Jane Doe', '--platform', 'linux'];
const SHEET = ['--profile-url', 'https://example.com/mail/jane.mobileconfig'];

function cli(args: string[], input?: string) {
  return run(process.execPath, [join(ROOT, 'bin/mailsetup.js'), ...args], { cwd: ROOT, ...(input !== undefined ? { input } : {}), env: { ...process.env, MAILSETUP_CONFIG_DIR: tempDir('cfg') } });
}

beforeAll(() => {
  // Other work may be rebuilding at the same moment: retry a few times.
  for (let i = 0; i < 3; i++) {
    if (run('npm', ['run', 'build:engine'], { cwd: ROOT }).status === 0) return;
  }
  throw new Error('npm run build:engine failed');
}, 300_000);

describe('mailsetup export (built CLI)', () => {
  for (const format of EXPORT_FORMATS) {
    it(`--format ${format} --out writes the golden file(s) with their modes`, () => {
      const dir = tempDir('cli');
      const out = join(dir, MULTI_FILE_FORMATS.includes(format) ? 'folder' : 'file');
      const r = cli(['export', 'jane@example.com', '--format', format, ...SETTINGS, ...SHEET, '--out', out, '--json']);
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      const result = JSON.parse(r.stdout) as ExportResult & { written: string[] };
      expect(result.written.length).toBe(result.files.length);
      result.files.forEach((file, i) => {
        const path = result.written[i]!;
        const expected = constantFile(format, file.name) ?? readFileSync(join(FIXTURES, format, file.name));
        expect(readFileSync(path).equals(expected), `${format}/${file.name}`).toBe(true);
        expect(statSync(path).mode & 0o777).toBe(file.mode ?? 0o644);
      });
      if (['mutt', 'aerc', 'msmtp', 'mbsync', 'himalaya'].includes(format)) expect(statSync(result.written[0]!).mode & 0o777).toBe(0o600);
    });
  }

  it('prints text formats on stdout, warnings on stderr', () => {
    const r = cli(['export', 'jane@example.com', '--format', 'thunderbird-autoconfig', ...SETTINGS]);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(readFileSync(join(FIXTURES, 'thunderbird-autoconfig/config-v1.1.xml'), 'utf8'));
    const none = cli(['export', 'jane@example.com', '--format', 'msmtp', '--imap', 'mail.example.com:993:tls', '--smtp', 'mail.example.com:587:none']);
    expect(none.status).toBe(0);
    expect(none.stderr).toMatch(/warning: .*WITHOUT encryption/);
  });

  it('exits 2 with a one-line message on bad usage, and keeps existing files', () => {
    const dir = tempDir('usage');
    const existing = join(dir, 'keep.conf');
    writeFileSync(existing, 'precious');
    const cases = [
      ['export', 'jane@example.com', '--format', 'nope', ...SETTINGS],
      ['export', 'jane@example.com', '--format', 'mutt', '--include-password', ...SETTINGS],
      ['export', 'jane@example.com', '--format', 'publish-kit', ...SETTINGS],
      ['export', 'jane@example.com', '--format', 'apple', '--imap', 'mail.example.com', ...SETTINGS.slice(2)],
      ['export', 'not-an-address', '--format', 'apple', ...SETTINGS],
      ['export', 'jane@example.com', '--format', 'apple', '--sign-cert', join(dir, 'missing.pem'), '--sign-key', join(dir, 'missing.pem'), ...SETTINGS],
      ['export', 'jane@example.com', '--format', 'helpdesk-sheet', '--profile-url', 'javascript:alert(1)', ...SETTINGS],
      ['export', 'jane@example.com', '--format', 'msmtp', '--out', existing, ...SETTINGS],
    ];
    for (const args of cases) {
      const r = cli(args);
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
    expect(readFileSync(existing, 'utf8')).toBe('precious');
  });

  it('an existing folder as --out receives the file under its usual name', () => {
    const dir = tempDir('into');
    const r = cli(['export', 'jane@example.com', '--format', 'aerc', ...SETTINGS, '--out', dir]);
    expect(r.status, r.stderr).toBe(0);
    expect(statSync(join(dir, 'accounts.conf')).mode & 0o777).toBe(0o600);
  });

  it('--help lists every format with one line', () => {
    const r = cli(['export', '--help']);
    expect(r.status).toBe(0);
    for (const f of EXPORT_FORMATS) expect(r.stdout).toMatch(new RegExp(`^  ${f} +\\S`, 'm'));
  });

  it('signs a profile holding the password read from stdin; openssl verifies it', () => {
    if (!haveTools('openssl')) return;
    const dir = tempDir('cli-sign');
    expect(run('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'), '-days', '2', '-subj', '/CN=throw-away']).status).toBe(0);
    const out = join(dir, 'jane.mobileconfig');
    const r = cli(['export', 'jane@example.com', '--format', 'apple', ...SETTINGS, '--include-password', '--password-stdin', '--sign-cert', join(dir, 'cert.pem'), '--sign-key', join(dir, 'key.pem'), '--out', out], 'pässword-42\n');
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/warning: This profile contains the password/);
    expect(statSync(out).mode & 0o777).toBe(0o600);
    const plain = join(dir, 'plain.mobileconfig');
    const v = run('openssl', ['cms', '-verify', '-binary', '-inform', 'DER', '-in', out, '-CAfile', join(dir, 'cert.pem'), '-purpose', 'any', '-out', plain]);
    expect(v.status, v.stderr).toBe(0);
    expect(readFileSync(plain, 'utf8')).toMatch(/<key>IncomingPassword<\/key>\s*<string>pässword-42<\/string>/);
    // Binary output never goes to a terminal stream.
    const noOut = cli(['export', 'jane@example.com', '--format', 'apple', ...SETTINGS, '--sign-cert', join(dir, 'cert.pem'), '--sign-key', join(dir, 'key.pem')]);
    expect(noOut.status).toBe(2);
    expect(existsSync(join(dir, 'nothing'))).toBe(false);
  });
});
