// The one-time Thunderbird export: the prefs template (escaping, codes, folder URIs)
// and its POSIX merge script run on crafted prefs.js files (fresh profile, a profile
// with accounts and gaps in its keys, a second run, a damaged list, a running
// Thunderbird, profiles.ini lookup). The same script against the real Thunderbird:
// test/integration/profiles/thunderbird.test.ts.
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Account } from '../../../shared/accounts.js';
import { exportAccount } from '../../../core/profiles/export-account.js';
import { oneLine } from '../../../core/profiles/escape.js';
import { uriEscape } from '../../../core/profiles/formats/thunderbird-account-prefs.js';
import { HOSTILE_NAME, referenceAccount } from './reference-account.js';
import { evalUserJs } from './parse-back.js';

const NAME = `${HOSTILE_NAME} {server} {smtp}`;
/** STARTTLS, non-standard ports, a literal login name with quotes, &, <>, braces and CJK. */
const odd: Account = {
  ...referenceAccount,
  email: 'tanaka@example.net',
  displayName: NAME,
  incoming: { protocol: 'imap', host: 'mail.example.net', port: 1143, security: 'starttls', username: `o'brien"&<u> {account} 田中`, auth: ['password-encrypted'] },
  outgoing: { protocol: 'smtp', host: 'smtp.example.net', port: 2525, security: 'starttls', username: 'tanaka', auth: ['password-cleartext'] },
};

async function exportDir(account: Account): Promise<string> {
  const r = await exportAccount(account, 'thunderbird-prefs', { platform: 'linux', client: 'thunderbird' });
  if (!r.ok) throw new Error(r.error.message);
  const dir = mkdtempSync(join(tmpdir(), 'mailsetup-tbp-'));
  for (const f of r.value.files) writeFileSync(join(dir, f.name), f.content, { mode: f.mode ?? 0o644 });
  return dir;
}

function newProfile(prefs?: string): string {
  // A space and non-ASCII in the path, as in real profile folders.
  const dir = mkdtempSync(join(tmpdir(), 'mailsetup-tb profile é-'));
  if (prefs === undefined) writeFileSync(join(dir, 'times.json'), '{}');
  else writeFileSync(join(dir, 'prefs.js'), prefs);
  return dir;
}

/**
 * The awk the script runs with: the system's (mawk on Debian), and the one-true-awk
 * that macOS ships (Debian's original-awk), through a PATH folder where it is `awk`.
 */
const AWKS: Array<[string, string]> = [['system awk', process.env.PATH ?? '']];
if (spawnSync('sh', ['-c', 'command -v original-awk']).status === 0) {
  const shim = mkdtempSync(join(tmpdir(), 'mailsetup-awk-'));
  symlinkSync(spawnSync('sh', ['-c', 'command -v original-awk'], { encoding: 'utf8' }).stdout.trim(), join(shim, 'awk'));
  AWKS.push(['original-awk (as on macOS)', `${shim}:${process.env.PATH ?? ''}`]);
} else if (process.env.CI === 'true') {
  throw new Error('original-awk is required in CI (scripts/install-test-deps.sh installs it)');
}
let PATH = process.env.PATH ?? '';

function merge(exported: string, args: string[], env: NodeJS.ProcessEnv = {}): { status: number | null; out: string } {
  const r = spawnSync('sh', [join(exported, 'add-to-thunderbird.sh'), ...args], { encoding: 'utf8', env: { PATH, HOME: tmpdir(), ...env } });
  return { status: r.status, out: r.stdout + r.stderr };
}

const prefsOf = (profile: string) => evalUserJs(readFileSync(join(profile, 'prefs.js'), 'utf8'));

describe('thunderbird-prefs template', () => {
  it('escapes user names in folder URIs as Thunderbird does (ESCAPE_XALPHAS, bytes of UTF-8)', () => {
    let ascii = '';
    for (let i = 32; i < 127; i++) ascii += String.fromCharCode(i);
    // Measured in Thunderbird 153: Services.io.escapeString(ascii, ESCAPE_XALPHAS).
    expect(uriEscape(ascii)).toBe(
      '%20%21%22%23%24%25%26%27%28%29*%2B%2C-.%2F0123456789%3A%3B%3C%3D%3E%3F%40ABCDEFGHIJKLMNOPQRSTUVWXYZ%5B%5C%5D%5E_%60abcdefghijklmnopqrstuvwxyz%7B%7C%7D%7E',
    );
    expect(uriEscape('田')).toBe('%E7%94%B0');
  });

  it('carries hostile names, STARTTLS, non-standard ports and a literal login exactly, braces escaped', async () => {
    const exported = await exportDir(odd);
    const text = readFileSync(join(exported, 'account.prefs'), 'utf8');
    const values = text.split('\n').filter((l) => l.startsWith('user_pref('));
    // Outside the pref names and the key references, no brace survives: nothing in the data looks like a placeholder.
    for (const line of values) expect(line.replace(/"\{(account|server|identity|smtp)\}"/, '').replace(/^user_pref\("[^"]*"/, '')).not.toMatch(/[{}]/);
    const prefs = evalUserJs(text.replace(/\{(account|server|identity|smtp)\}/g, (_m, k: string) => `${k}9`));
    expect(prefs.get('mail.identity.identity9.fullName')).toBe(oneLine(NAME));
    expect(prefs.get('mail.server.server9.userName')).toBe(odd.incoming.username);
    expect([prefs.get('mail.server.server9.port'), prefs.get('mail.server.server9.socketType'), prefs.get('mail.server.server9.authMethod')]).toEqual([1143, 2, 4]);
    expect([prefs.get('mail.smtpserver.smtp9.port'), prefs.get('mail.smtpserver.smtp9.try_ssl'), prefs.get('mail.smtpserver.smtp9.authMethod')]).toEqual([2525, 2, 3]);
    expect(prefs.get('mail.smtpserver.smtp9.username')).toBe('tanaka');
    expect(prefs.get('mail.smtpserver.smtp9.description')).toBe('Mail at example.net');
    expect(prefs.get('mail.identity.identity9.fcc_folder')).toBe(`imap://o%27brien%22%26%3Cu%3E%20%7Baccount%7D%20%E7%94%B0%E4%B8%AD@mail.example.net/Sent`);
    expect([prefs.get('mail.server.server9.login_at_startup'), prefs.get('mail.server.server9.check_new_mail')]).toEqual([true, true]);
    expect([prefs.get('mail.account.account9.server'), prefs.get('mail.account.account9.identities'), prefs.get('mail.identity.identity9.smtpServer')]).toEqual(['server9', 'identity9', 'smtp9']);
  });

  it('SSL, POP3 folders under mailbox://, and no SMTP user name when the server takes no login', async () => {
    const pop: Account = {
      ...referenceAccount,
      incoming: { ...referenceAccount.incoming, protocol: 'pop3', port: 995 },
      outgoing: { ...referenceAccount.outgoing, port: 25, security: 'starttls', auth: ['none'] },
    };
    const prefs = evalUserJs(readFileSync(join(await exportDir(pop), 'account.prefs'), 'utf8'));
    expect([prefs.get('mail.server.{server}.type'), prefs.get('mail.server.{server}.socketType')]).toEqual(['pop3', 3]);
    expect(prefs.get('mail.identity.{identity}.fcc_folder')).toBe('mailbox://jane%40example.com@mail.example.com/Sent');
    expect([prefs.get('mail.server.{server}.leave_on_server'), prefs.get('mail.server.{server}.num_days_to_leave_on_server')]).toEqual([true, 14]);
    expect(prefs.get('mail.smtpserver.{smtp}.authMethod')).toBe(1);
    expect(prefs.has('mail.smtpserver.{smtp}.username')).toBe(false);
  });
});

describe.each(AWKS)('add-to-thunderbird.sh with %s', (_label, path) => {
  beforeEach(() => {
    PATH = path;
  });

  it('a fresh profile: the account plus Local Folders, the defaults and the lists', async () => {
    const profile = newProfile();
    const r = merge(await exportDir(odd), [profile]);
    expect(r.status, r.out).toBe(0);
    const prefs = prefsOf(profile);
    expect(prefs.get('mail.accountmanager.accounts')).toBe('account1,account2');
    expect(prefs.get('mail.accountmanager.defaultaccount')).toBe('account1');
    expect(prefs.get('mail.accountmanager.localfoldersserver')).toBe('server2');
    expect([prefs.get('mail.smtpservers'), prefs.get('mail.smtp.defaultserver'), prefs.get('mail.account.lastKey')]).toEqual(['smtp1', 'smtp1', 2]);
    expect(prefs.get('mail.identity.id1.fullName')).toBe(oneLine(NAME));
    expect(prefs.get('mail.server.server1.userName')).toBe(odd.incoming.username);
    expect(prefs.get('mail.server.server2.type')).toBe('none');
    expect(readdirSync(profile).filter((f) => f.includes('before-mailsetup'))).toEqual([]);
    expect(statSync(join(profile, 'prefs.js')).mode & 0o777).toBe(0o600);
  });

  it('a profile with accounts: keys after the highest in use, lists appended, defaults and other lines kept', async () => {
    const existing = [
      '// Mozilla User Preferences',
      'user_pref("browser.x", "keep me");',
      'user_pref("mail.account.account1.server", "server1");',
      'user_pref("mail.account.account1.identities", "id1");',
      'user_pref("mail.account.account2.server", "server2");',
      'user_pref("mail.account.lastKey", 5);',
      'user_pref("mail.accountmanager.accounts", "account1,account2");',
      'user_pref("mail.accountmanager.defaultaccount", "account1");',
      'user_pref("mail.accountmanager.localfoldersserver", "server2");',
      'user_pref("mail.identity.id1.useremail", "old@example.com");',
      'user_pref("mail.identity.id3.useremail", "left over from a removed account");',
      'user_pref("mail.server.server1.type", "imap");',
      'user_pref("mail.server.server1.hostname", "imap.example.com");',
      'user_pref("mail.server.server1.userName", "old@example.com");',
      'user_pref("mail.server.server2.type", "none");',
      'user_pref("mail.server.server7.name", "stale");',
      'user_pref("mail.smtp.defaultserver", "smtp4");',
      'user_pref("mail.smtpserver.smtp4.hostname", "smtp.example.com");',
      'user_pref("mail.smtpservers", "smtp1,smtp4");',
      '',
    ].join('\n');
    const profile = newProfile(existing);
    chmodSync(join(profile, 'prefs.js'), 0o640);
    const r = merge(await exportDir(odd), [profile]);
    expect(r.status, r.out).toBe(0);
    expect(r.out).toContain('(account6, server8, id4, smtp5)');
    const prefs = prefsOf(profile); // throws on a duplicate pref
    expect(prefs.get('mail.accountmanager.accounts')).toBe('account1,account2,account6');
    expect(prefs.get('mail.smtpservers')).toBe('smtp1,smtp4,smtp5');
    expect(prefs.get('mail.account.lastKey')).toBe(6);
    expect([prefs.get('mail.accountmanager.defaultaccount'), prefs.get('mail.smtp.defaultserver'), prefs.get('mail.accountmanager.localfoldersserver')]).toEqual(['account1', 'smtp4', 'server2']);
    expect(prefs.get('browser.x')).toBe('keep me');
    expect(prefs.get('mail.server.server8.hostname')).toBe('mail.example.net');
    expect(prefs.get('mail.identity.id4.smtpServer')).toBe('smtp5');
    expect(prefs.has('mail.server.server9.type')).toBe(false); // no second Local Folders
    const backups = readdirSync(profile).filter((f) => f.startsWith('prefs.js.before-mailsetup-'));
    expect(backups).toHaveLength(1);
    expect(readFileSync(join(profile, backups[0]!), 'utf8')).toBe(existing);
    expect(statSync(join(profile, 'prefs.js')).mode & 0o777).toBe(0o640);

    // A second run finds the account and changes nothing.
    const merged = readFileSync(join(profile, 'prefs.js'), 'utf8');
    const again = merge(await exportDir(odd), [profile]);
    expect(again.status).toBe(1);
    expect(again.out).toMatch(/already has this account; nothing was changed|already has this account \(/);
    expect(readFileSync(join(profile, 'prefs.js'), 'utf8')).toBe(merged);
  });

  it('uses an SMTP server the profile already has for the same host, port and user, as Thunderbird does', async () => {
    const smtp = (port: number) =>
      [
        'user_pref("mail.smtpservers", "smtp1");',
        'user_pref("mail.smtp.defaultserver", "smtp1");',
        'user_pref("mail.smtpserver.smtp1.hostname", "smtp.example.net");',
        `user_pref("mail.smtpserver.smtp1.port", ${port});`,
        'user_pref("mail.smtpserver.smtp1.username", "tanaka");',
        'user_pref("mail.smtpserver.smtp1.description", "kept");',
        '',
      ].join('\n');
    const same = newProfile(smtp(2525));
    expect(merge(await exportDir(odd), [same]).status).toBe(0);
    let prefs = prefsOf(same);
    expect([prefs.get('mail.identity.id1.smtpServer'), prefs.get('mail.smtpservers'), prefs.get('mail.smtpserver.smtp1.description')]).toEqual(['smtp1', 'smtp1', 'kept']);
    expect([...prefs.keys()].filter((k) => k.startsWith('mail.smtpserver.smtp2.'))).toEqual([]);

    const otherPort = newProfile(smtp(587));
    expect(merge(await exportDir(odd), [otherPort]).status).toBe(0);
    prefs = prefsOf(otherPort);
    expect([prefs.get('mail.identity.id1.smtpServer'), prefs.get('mail.smtpservers'), prefs.get('mail.smtpserver.smtp2.port')]).toEqual(['smtp2', 'smtp1,smtp2', 2525]);
  });

  it('refuses a list it does not understand, and a running Thunderbird, changing nothing', async () => {
    const bad = 'user_pref("mail.accountmanager.accounts", "account1,$(id)");\n';
    const profile = newProfile(bad);
    const r = merge(await exportDir(odd), [profile]);
    expect(r.status).toBe(1);
    expect(r.out).toMatch(/does not understand; nothing was changed/);
    expect(readFileSync(join(profile, 'prefs.js'), 'utf8')).toBe(bad);

    const running = newProfile('');
    symlinkSync(`127.0.0.1:+${process.pid}`, join(running, 'lock'));
    const locked = merge(await exportDir(odd), [running]);
    expect(locked.status).toBe(1);
    expect(locked.out).toMatch(/Thunderbird is running/);
    expect(readFileSync(join(running, 'prefs.js'), 'utf8')).toBe('');
  });

  it('finds the default profile from profiles.ini (the installation default wins)', async () => {
    const home = mkdtempSync(join(tmpdir(), 'mailsetup-tbhome-'));
    const root = join(home, '.thunderbird');
    mkdirSync(join(root, 'a.other'), { recursive: true });
    mkdirSync(join(root, 'b.default-esr'));
    writeFileSync(join(root, 'b.default-esr', 'times.json'), '{}');
    writeFileSync(
      join(root, 'profiles.ini'),
      ['[Profile1]', 'Name=other', 'IsRelative=1', 'Path=a.other', 'Default=1', '', '[Profile0]', 'Name=esr', 'IsRelative=1', 'Path=b.default-esr', '', '[Install4F96D1932A9F858E]', 'Default=b.default-esr', 'Locked=1', ''].join('\r\n'),
    );
    const r = merge(await exportDir(referenceAccount), [], { HOME: home });
    expect(r.status, r.out).toBe(0);
    expect(existsSync(join(root, 'b.default-esr', 'prefs.js'))).toBe(true);
    expect(existsSync(join(root, 'a.other', 'prefs.js'))).toBe(false);

    const nowhere = merge(await exportDir(referenceAccount), [], { HOME: mkdtempSync(join(tmpdir(), 'mailsetup-tbhome-')) });
    expect(nowhere.status).toBe(1);
    expect(nowhere.out).toMatch(/no Thunderbird profile found/);
  });
});
