// Accounts against a real gnome-keyring (Secret Service) through the built CLI:
// save / accounts / test with the stored password / forget, what the keyring really
// holds, a locked keyring, damaged and newer metadata files, a save killed half way,
// 200 saves at once, and finally that no password reached any file or any output.
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Account, ForgetResult } from '../../../shared/accounts.js';
import type { MailSetupError } from '../../../shared/errors.js';
import type { TestReport } from '../../../shared/probe.js';
import { createAccountHandlers } from '../../../core/accounts/handlers.js';
import { createDefaultDeps } from '../../../core/default-deps.js';
import { createNapiKeyringStore } from '../../../core/keychain/napi-keyring.js';
import { missingServer } from '../../support/require.js';
import { keyringMissing, startKeyring, type KeyringSession } from '../../support/keyring.js';
import { USERS } from '../../support/mailstack/fixtures.js';
import { json, ROOT, runCli, transcript } from './cli-runner.js';
import { scanForSecrets } from './scan.js';

const missing = await keyringMissing();
const available = missing === null || missingServer('gnome-keyring + dbus (Secret Service)', missing);

/** Passwords this suite stores; none may appear in a file or in any output. */
const secrets: string[] = [];
const secret = (label: string): string => {
  const s = `${label}-${randomUUID()}-ü€`;
  secrets.push(s);
  return s;
};
/** Config folders this suite used (scanned at the end). */
const configDirs: string[] = [];
const newConfigDir = (): string => {
  const d = mkdtempSync(path.join(tmpdir(), 'mailsetup-accounts-it-'));
  configDirs.push(d);
  return d;
};

let keyring: KeyringSession;
let env: NodeJS.ProcessEnv;
const MANUAL = ['--imap', '127.0.4.1:993:tls', '--smtp', '127.0.4.1:587:starttls'];
const envFor = (configDir: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => ({
  ...process.env,
  ...keyring.env,
  MAILSETUP_CONFIG_DIR: configDir,
  MAILSETUP_KEYCHAIN_TIMEOUT_MS: '30000',
  ...extra,
});
const listed = async (e: NodeJS.ProcessEnv): Promise<Account[]> => {
  const run = await runCli(['accounts', '--json'], { env: e });
  expect(run.code, run.stderr).toBe(0);
  return json<{ accounts: Account[] }>(run).accounts;
};
const lookup = async (user: string): Promise<string> => {
  try {
    return await keyring.secretTool('lookup', 'service', 'mailsetup', 'username', user);
  } catch {
    return ''; // secret-tool exits 1 when there is no such item
  }
};

describe.runIf(available)('accounts in a real gnome-keyring', () => {
  beforeAll(async () => {
    try {
      execFileSync('npm', ['run', 'build:engine'], { cwd: ROOT, stdio: 'ignore' });
    } catch {
      // tsc exits non-zero on type errors elsewhere but still emits; the runs below tell.
    }
    keyring = await startKeyring();
    env = envFor(newConfigDir());
  });

  afterAll(async () => {
    await keyring?.stop();
  });

  it('save → accounts → forget round trip; the Secret Service holds the item', async () => {
    const pw = secret('round');
    const saved = await runCli(['save', 'Round.Trip@EXAMPLE.com', '--password-stdin', ...MANUAL, '--display-name', 'Round Trip', '--json'], { env, stdin: `${pw}\n` });
    expect(saved.code, saved.stderr).toBe(0);
    const account = json<Account>(saved);
    expect(account).toMatchObject({ email: 'Round.Trip@example.com', displayName: 'Round Trip', source: 'manual', separateSmtpPassword: false });
    expect(account.incoming).toMatchObject({ protocol: 'imap', host: '127.0.4.1', port: 993, security: 'tls', username: 'Round.Trip@example.com' });

    // What @napi-rs/keyring really writes: attributes `service` and `username`.
    const found = await keyring.secretTool('search', '--all', 'service', 'mailsetup');
    expect(found).toContain('attribute.service = mailsetup');
    expect(found).toContain('attribute.username = Round.Trip@example.com');
    expect(await lookup('Round.Trip@example.com')).toBe(pw);

    const human = await runCli(['accounts'], { env });
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(/^EMAIL\s+INCOMING\s+OUTGOING\s+LAST TEST/);
    expect(human.stdout).toMatch(/Round\.Trip@example\.com\s+IMAP 127\.0\.4\.1:993 TLS\s+SMTP 127\.0\.4\.1:587 STARTTLS\s+never tested/);
    expect((await listed(env)).map((a) => a.email)).toEqual(['Round.Trip@example.com']);

    const forgot = await runCli(['forget', 'Round.Trip@example.COM'], { env });
    expect(forgot.code, forgot.stderr).toBe(0);
    expect(forgot.stdout).toBe('Forgot Round.Trip@example.com: removed 1 keychain item and the saved settings.\n');
    expect(await lookup('Round.Trip@example.com')).toBe('');
    expect(await listed(env)).toEqual([]);
    const again = await runCli(['forget', 'Round.Trip@example.com', '--json'], { env });
    expect(again.code).toBe(1);
    expect(json<{ error: MailSetupError }>(again).error.code).toBe('ACCOUNT_NOT_FOUND');
  });

  it('keeps a separate SMTP password as a second item (second line of stdin), and forget removes both', async () => {
    const pw = secret('imap');
    const smtp = secret('smtp');
    const saved = await runCli(['save', 'two@example.com', '--password-stdin', '--smtp-password-stdin', ...MANUAL, '--json'], { env, stdin: `${pw}\n${smtp}\n` });
    expect(saved.code, saved.stderr).toBe(0);
    expect(json<Account>(saved).separateSmtpPassword).toBe(true);
    expect(await lookup('two@example.com')).toBe(pw);
    expect(await lookup('two@example.com#smtp')).toBe(smtp);
    const forgot = await runCli(['forget', 'two@example.com', '--json'], { env });
    expect(json<ForgetResult>(forgot)).toEqual({ email: 'two@example.com', removedSecrets: 2, removedSettings: true });
    expect(await lookup('two@example.com#smtp')).toBe('');
  });

  it('`test` without --password-stdin uses the stored password and records the result', async () => {
    const stack = inject('mailstack');
    const e = envFor(newConfigDir());
    if (stack) {
      const alice = USERS.alice;
      const servers = ['--imap', '127.0.0.1:993:tls', '--smtp', '127.0.0.1:587:starttls'];
      const saved = await runCli(['save', alice.email, '--password-stdin', ...servers], { env: e, stdin: alice.password });
      expect(saved.code, saved.stderr).toBe(0);
      const tested = await runCli(['test', alice.email, ...servers, '--ca', stack.caFile, '--json'], { env: e });
      const report = json<TestReport>(tested);
      expect(report.ok, tested.stdout).toBe(true);
      expect(tested.code).toBe(0);
      const [account] = await listed(e);
      expect(account?.lastTest?.ok).toBe(true);
      const table = await runCli(['accounts'], { env: e });
      expect(table.stdout).toMatch(/alice@example\.test .* ok \d{4}-\d\d-\d\d \d\d:\d\d/);
      for (const out of [tested.stdout, tested.stderr, table.stdout]) expect(out).not.toContain(alice.password);
    } else {
      // No mail stack here: the stored password must still be found (no PASSWORD_MISSING);
      // the test then fails to connect to a closed local port.
      const pw = secret('closed');
      const servers = ['--imap', '127.0.4.9:993:tls', '--smtp', '127.0.4.9:587:starttls'];
      expect((await runCli(['save', 'closed@example.com', '--password-stdin', ...servers], { env: e, stdin: pw })).code).toBe(0);
      const tested = await runCli(['test', 'closed@example.com', ...servers, '--timeout', '3000', '--json'], { env: e });
      expect(tested.code).toBe(1);
      expect(tested.stdout + tested.stderr).not.toContain('PASSWORD_MISSING');
      const unsaved = await runCli(['test', 'nobody@example.com', ...servers, '--timeout', '3000', '--json'], { env: e });
      expect(unsaved.stdout + unsaved.stderr).toMatch(/PASSWORD_MISSING|none is stored/);
    }
  });

  it('a locked keyring: a clear KEYCHAIN_LOCKED, no crash, nothing stored', async () => {
    const locked = await startKeyring();
    try {
      await locked.lock();
      const dir = newConfigDir();
      const e = { ...envFor(dir), ...locked.env };
      const saved = await runCli(['save', 'locked@example.com', '--password-stdin', ...MANUAL, '--json'], { env: e, stdin: secret('locked') });
      expect(saved.code).toBe(1);
      const error = json<{ error: MailSetupError }>(saved).error;
      expect(error.code).toBe('KEYCHAIN_LOCKED');
      expect(error.message).toMatch(/locked/);
      expect(error.fix).toMatch(/[Uu]nlock/);
      const human = await runCli(['save', 'locked@example.com', '--password-stdin', ...MANUAL], { env: e, stdin: secret('locked') });
      expect(human.code).toBe(1);
      expect(human.stderr).toMatch(/^mailsetup: The keychain is locked/);
      expect(human.stderr).not.toMatch(/at .*\.js:\d+|unexpected error/);
      expect(existsSync(path.join(dir, 'accounts.json'))).toBe(false);
      expect(await listed(e)).toEqual([]);
    } finally {
      await locked.stop();
    }
  });

  it('a damaged accounts.json is reported and left alone by `accounts`; a save keeps it aside and the next starts afresh', async () => {
    const dir = newConfigDir();
    const e = envFor(dir);
    expect((await runCli(['save', 'before@example.com', '--password-stdin', ...MANUAL], { env: e, stdin: secret('before') })).code).toBe(0);
    const damaged = readFileSync(path.join(dir, 'accounts.json'), 'utf8').slice(0, 120);
    writeFileSync(path.join(dir, 'accounts.json'), damaged);

    const list = await runCli(['accounts'], { env: e });
    expect(list.code).toBe(1);
    expect(list.stderr).toMatch(/is damaged: it is not valid JSON.*left as it is/);
    expect(readdirSync(dir)).toEqual(['accounts.json']);

    const first = await runCli(['save', 'after@example.com', '--password-stdin', ...MANUAL], { env: e, stdin: secret('after') });
    expect(first.code).toBe(1);
    expect(first.stderr).toMatch(/saved-accounts file was damaged: it is not valid JSON/);
    const kept = readdirSync(dir).filter((n) => n.startsWith('accounts.json.corrupt-'));
    expect(kept).toHaveLength(1);
    expect(first.stderr).toContain(kept[0]);
    expect(readFileSync(path.join(dir, kept[0] as string), 'utf8')).toBe(damaged);

    expect((await runCli(['save', 'after@example.com', '--password-stdin', ...MANUAL], { env: e, stdin: secret('after') })).code).toBe(0);
    expect((await listed(e)).map((a) => a.email)).toEqual(['after@example.com']);
    expect(readFileSync(path.join(dir, kept[0] as string), 'utf8')).toBe(damaged);
    // The first account's password is still in the keychain: nothing secret was lost.
    expect(await lookup('before@example.com')).not.toBe('');
  });

  it('a file from a newer MailSetup is left untouched and nothing is stored', async () => {
    const dir = newConfigDir();
    const e = envFor(dir);
    const newer = `${JSON.stringify({ schemaVersion: 2, accounts: [], profiles: {} })}\n`;
    writeFileSync(path.join(dir, 'accounts.json'), newer);
    const list = await runCli(['accounts', '--json'], { env: e });
    expect(list.code).toBe(1);
    expect(json<{ error: MailSetupError }>(list).error.code).toBe('METADATA_TOO_NEW');
    const saved = await runCli(['save', 'newer@example.com', '--password-stdin', ...MANUAL, '--json'], { env: e, stdin: secret('newer') });
    expect(saved.code).toBe(1);
    expect(json<{ error: MailSetupError }>(saved).error).toMatchObject({ code: 'METADATA_TOO_NEW' });
    expect(await lookup('newer@example.com')).toBe('');
    expect(readFileSync(path.join(dir, 'accounts.json'), 'utf8')).toBe(newer);
    expect(readdirSync(dir)).toEqual(['accounts.json']);
  });

  it('a save killed between writing the temp file and renaming it leaves the previous file intact', async () => {
    const dir = newConfigDir();
    const e = envFor(dir);
    expect((await runCli(['save', 'first@example.com', '--password-stdin', ...MANUAL], { env: e, stdin: secret('first') })).code).toBe(0);
    const before = readFileSync(path.join(dir, 'accounts.json'));

    const marker = path.join(mkdtempSync(path.join(tmpdir(), 'mailsetup-pause-')), 'paused');
    const killed = runCli(['save', 'killed@example.com', '--password-stdin', ...MANUAL], { env: { ...e, MAILSETUP_TEST_PAUSE_BEFORE_RENAME: marker }, stdin: secret('killed') });
    while (!existsSync(marker) || readFileSync(marker, 'utf8') === '') await new Promise((r) => setTimeout(r, 20));
    process.kill(Number(readFileSync(marker, 'utf8')), 'SIGKILL');
    expect((await killed).signal).toBe('SIGKILL');

    expect(readFileSync(path.join(dir, 'accounts.json'))).toEqual(before);
    expect(readdirSync(dir).some((n) => n.startsWith('accounts.json.tmp-'))).toBe(true); // the half-done save
    // The next save breaks the dead process's lock and clears its temp file.
    expect((await runCli(['save', 'third@example.com', '--password-stdin', ...MANUAL], { env: e, stdin: secret('third') })).code).toBe(0);
    expect((await listed(e)).map((a) => a.email)).toEqual(['first@example.com', 'third@example.com']);
    expect(readdirSync(dir)).toEqual(['accounts.json']);
  });

  it('200 accounts saved concurrently against one keyring are all listed', async () => {
    const dir = newConfigDir();
    const keychain = createNapiKeyringStore({ env: { ...process.env, ...keyring.env }, timeoutMs: 60_000 });
    const handlers = createAccountHandlers(createDefaultDeps({ configDir: dir, keychain }));
    const emails = Array.from({ length: 200 }, (_, i) => `bulk${String(i).padStart(3, '0')}@example.com`);
    const passwords = emails.map((_, i) => (i % 20 === 0 ? secret('bulk') : `bulk-${randomUUID()}`));
    try {
      const results = await Promise.all(
        emails.map((email, i) => handlers.save({ email, password: passwords[i] as string, imap: { host: '127.0.4.1', port: 993, security: 'tls' }, smtp: { host: '127.0.4.1', port: 587, security: 'starttls' } }, {})),
      );
      expect(results.filter((r) => !r.ok), keyring.daemonStatus()).toEqual([]);
      // Every password reads back as written. (`secret-tool search --all` itself trips
      // over this many items in libsecret 0.20.5 — "No such secret item" — so items are
      // checked one by one.)
      const read = await Promise.all(emails.map((email) => keychain.get(email)));
      expect(read.map((r) => (r.ok ? r.value : r.error.code))).toEqual(passwords);
    } finally {
      keychain.close();
    }
    expect((await listed(envFor(dir))).map((a) => a.email)).toEqual(emails);
    for (const i of [0, 57, 123, 199]) expect(await lookup(emails[i] as string)).toBe(passwords[i]);
    expect(readFileSync(path.join(dir, 'accounts.json'), 'utf8')).not.toMatch(/bulk-[0-9a-f]{8}-/);
  });

  it('12 CLI processes saving at once lose no account (the lock file)', async () => {
    const dir = newConfigDir();
    const e = envFor(dir);
    const emails = Array.from({ length: 12 }, (_, i) => `proc${String(i).padStart(2, '0')}@example.com`);
    const runs = await Promise.all(emails.map((email) => runCli(['save', email, '--password-stdin', ...MANUAL], { env: e, stdin: secret('proc'), killAfterMs: 150_000 })));
    expect(runs.filter((r) => r.code !== 0).map((r) => `${r.hung ? 'hung ' : ''}${r.stderr}`)).toEqual([]);
    expect((await listed(e)).map((a) => a.email)).toEqual(emails);
  });

  it('without --imap/--smtp the settings come from discovery (here the local override file)', async () => {
    const dir = newConfigDir();
    // Discovery stays on loopback: a resolver where nothing listens, an ISPDB URL on a closed port.
    const e = envFor(dir, { MAILSETUP_ISPDB_URL: 'http://127.0.4.2:9/v1.1/' });
    const offline = ['--resolver', '127.0.4.53:53'];
    mkdirSync(path.join(dir, 'isp'));
    writeFileSync(
      path.join(dir, 'isp', 'discover.test.xml'),
      `<?xml version="1.0" encoding="UTF-8"?>
<clientConfig version="1.1"><emailProvider id="discover.test"><domain>discover.test</domain>
  <incomingServer type="pop3"><hostname>pop.discover.test</hostname><port>995</port><socketType>SSL</socketType><authentication>password-cleartext</authentication><username>%EMAILADDRESS%</username></incomingServer>
  <incomingServer type="imap"><hostname>imap.discover.test</hostname><port>993</port><socketType>SSL</socketType><authentication>password-cleartext</authentication><username>%EMAILLOCALPART%</username></incomingServer>
  <outgoingServer type="smtp"><hostname>smtp.discover.test</hostname><port>587</port><socketType>STARTTLS</socketType><authentication>password-cleartext</authentication><username>%EMAILLOCALPART%</username></outgoingServer>
</emailProvider></clientConfig>
`,
    );
    const saved = await runCli(['save', 'found@discover.test', '--password-stdin', ...offline, '--json'], { env: e, stdin: secret('found') });
    expect(saved.code, saved.stderr).toBe(0);
    const account = json<Account>(saved);
    expect(account.source).toBe('local-override');
    expect(account.incoming).toMatchObject({ protocol: 'imap', host: 'imap.discover.test', port: 993, security: 'tls', username: 'found' });
    expect(account.outgoing).toMatchObject({ protocol: 'smtp', host: 'smtp.discover.test', port: 587, security: 'starttls', username: 'found' });

    // Nothing found: a clear error, and neither the keychain nor the file gets anything.
    const none = await runCli(['save', 'nobody@nothing-here.test', '--password-stdin', ...offline, '--json'], { env: e, stdin: secret('none') });
    expect(none.code).toBe(1);
    expect(json<{ error: MailSetupError }>(none).error.fix).toMatch(/--imap HOST:PORT:SECURITY/);
    expect(await lookup('nobody@nothing-here.test')).toBe('');
    expect((await listed(e)).map((a) => a.email)).toEqual(['found@discover.test']);
  });

  it('bad usage: exit 2 with one clear line, nothing read or stored', async () => {
    const dir = newConfigDir();
    const e = envFor(dir);
    const noStdin = await runCli(['save', 'u@example.com', ...MANUAL], { env: e, stdin: 'x' });
    expect(noStdin.code).toBe(2);
    expect(noStdin.stderr).toMatch(/--password-stdin/);
    const badSpec = await runCli(['save', 'u@example.com', '--password-stdin', '--imap', 'mail.example.com:993'], { env: e, stdin: 'x' });
    expect(badSpec.code).toBe(2);
    expect(badSpec.stderr).toMatch(/^mailsetup: --imap "mail\.example\.com:993": the security .* is missing/);
    const badEmail = await runCli(['save', 'not-an-address', '--password-stdin', ...MANUAL], { env: e, stdin: 'x' });
    expect(badEmail.code).toBe(2);
    const twoLines = await runCli(['save', 'u@example.com', '--password-stdin', ...MANUAL], { env: e, stdin: 'a\nb\n' });
    expect(twoLines.code).toBe(2);
    expect(readdirSync(dir)).toEqual([]);
    const help = await runCli(['save', '--help'], { env: e });
    expect(help.stdout).toMatch(/Examples:/);
    expect(help.stdout).toMatch(/printf %s "\$PASS" \| mailsetup save/);
  });

  it('no password appears in any file under the config folders or the temp folder, nor in any output', () => {
    expect(secrets.length).toBeGreaterThan(20);
    const inConfig = scanForSecrets(configDirs, secrets);
    expect(inConfig.files).toBeGreaterThan(5);
    expect(inConfig.hits).toEqual([]);
    // The whole temp folder, including the keyring's own files (encrypted) and the
    // test mail stack; other suites' files are simply read too.
    const inTmp = scanForSecrets([tmpdir()], secrets);
    expect(inTmp.hits).toEqual([]);
    const printed = transcript.join('\n');
    for (const s of secrets) {
      expect(printed).not.toContain(s);
      expect(printed).not.toContain(Buffer.from(s, 'utf8').toString('base64'));
    }
  });
});
