// The Thunderbird exports in the real Thunderbird (Debian's package), headless and
// driven over Marionette: thunderbird-prefs is merged into a profile by its own sh
// script and read back through Thunderbird's account manager; a second account and a
// changed port survive a restart; the merge keeps a profile's existing accounts; and
// the prefs equal what Thunderbird's own account wizard (CreateInBackend) writes.
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Account } from '../../../shared/accounts.js';
import { exportAccount } from '../../../core/profiles/export-account.js';
import { oneLine } from '../../../core/profiles/escape.js';
import { haveThunderbird, newProfileDir, registerProfile, removeProfileDirs, RunningThunderbird, thunderbirdVersion } from '../../support/thunderbird.js';
import { HOSTILE_NAME, referenceAccount } from '../../unit/profiles/reference-account.js';
import { evalUserJs } from '../../unit/profiles/parse-back.js';
import { tempDir, writeExport } from './tools.js';

// Thunderbird runs offline (see test/support/thunderbird.ts): these hosts are never contacted.
const sslAccount: Account = {
  ...referenceAccount,
  email: 'jane@example.org',
  displayName: 'Jane Doe',
  incoming: { protocol: 'imap', host: 'imap.example.org', port: 993, security: 'tls', username: 'jane@example.org', auth: ['password-cleartext'] },
  outgoing: { protocol: 'smtp', host: 'smtp.example.org', port: 465, security: 'tls', username: 'jane@example.org', auth: ['password-cleartext'] },
};
/** STARTTLS on non-standard ports, a literal login name, and a name with quotes, &, <>, braces and CJK. */
const starttlsAccount: Account = {
  ...referenceAccount,
  email: 'tanaka@example.net',
  displayName: `${HOSTILE_NAME} {server} {account}`,
  incoming: { protocol: 'imap', host: 'mail.example.net', port: 1143, security: 'starttls', username: `o'brien"&<u> {smtp} 田中`, auth: ['password-encrypted'] },
  outgoing: { protocol: 'smtp', host: 'mail.example.net', port: 2525, security: 'starttls', username: 'tanaka', auth: ['password-cleartext'] },
  separateSmtpPassword: true,
};
const pop3Account: Account = {
  ...sslAccount,
  email: 'pat@example.org',
  incoming: { protocol: 'pop3', host: 'pop.example.org', port: 995, security: 'tls', username: 'pat', auth: ['password-cleartext'] },
  outgoing: { ...sslAccount.outgoing, port: 587, security: 'starttls', username: 'pat' },
};
const secondAccount: Account = {
  ...referenceAccount,
  email: 'bob@example.com',
  displayName: 'Bob',
  incoming: { protocol: 'imap', host: 'imap.example.com', port: 993, security: 'tls', username: 'bob', auth: ['password-cleartext'] },
  outgoing: { protocol: 'smtp', host: 'smtp.example.com', port: 587, security: 'starttls', username: 'bob', auth: ['password-cleartext'] },
};

const SOCKET = { none: 0, starttls: 2, tls: 3 } as const;
const AUTH: Record<string, number> = { 'password-cleartext': 3, 'password-encrypted': 4 };

interface TbAccount {
  key: string;
  server: { key: string; type: string; hostname: string; port: number; socketType: number; authMethod: number; username: string; prettyName: string; loginAtStartup: boolean; doBiff: boolean };
  identities: Array<{ email: string; fullName: string; smtpServerKey: string; fcc: string; drafts: string; templates: string }>;
}
interface TbSmtp {
  key: string;
  hostname: string;
  port: number;
  socketType: number;
  authMethod: number;
  username: string;
  description: string;
}
interface TbState {
  accounts: TbAccount[];
  smtp: TbSmtp[];
  defaultAccount: string;
  defaultSmtp: string;
}

const READ_STATE = `
  const { MailServices } = ChromeUtils.importESModule('resource:///modules/MailServices.sys.mjs');
  const accounts = MailServices.accounts.accounts.map((a) => {
    const s = a.incomingServer;
    return {
      key: a.key,
      server: { key: s.key, type: s.type, hostname: s.hostname, port: s.port, socketType: s.socketType, authMethod: s.authMethod,
        username: s.username, prettyName: s.prettyName, loginAtStartup: s.getBoolValue('login_at_startup'), doBiff: s.doBiff },
      identities: a.identities.map((i) => ({ email: i.email, fullName: i.fullName, smtpServerKey: i.smtpServerKey,
        fcc: i.fccFolderURI, drafts: i.draftsFolderURI, templates: i.templatesFolderURI })),
    };
  });
  const smtp = MailServices.outgoingServer.servers.map((o) => ({ key: o.key, hostname: o.serverURI.host, port: o.QueryInterface(Ci.nsISmtpServer).port,
    socketType: o.socketType, authMethod: o.authMethod, username: o.username, description: o.description }));
  return { accounts, smtp, defaultAccount: MailServices.accounts.defaultAccount?.key ?? '',
    defaultSmtp: MailServices.outgoingServer.defaultServer?.key ?? '' };`;

/** Creates an account with Thunderbird's own wizard code, as the account hub does. */
const CREATE_WITH_WIZARD = `
  const [a] = args;
  const { AccountConfig } = ChromeUtils.importESModule('resource:///modules/accountcreation/AccountConfig.sys.mjs');
  const { CreateInBackend } = ChromeUtils.importESModule('resource:///modules/accountcreation/CreateInBackend.sys.mjs');
  const c = new AccountConfig();
  Object.assign(c.incoming, a.incoming);
  Object.assign(c.outgoing, a.outgoing);
  c.identity.realname = a.realname;
  c.identity.emailAddress = a.email;
  c.displayName = a.label;
  const account = await CreateInBackend.createAccountInBackend(c);
  return account.key;`;

function wizardConfig(account: Account): unknown {
  const side = (s: Account['incoming'] | Account['outgoing']) => ({
    type: s.protocol,
    hostname: s.host,
    port: s.port,
    socketType: SOCKET[s.security],
    auth: AUTH[s.auth[0]!],
    username: s.username,
  });
  return { incoming: side(account.incoming), outgoing: side(account.outgoing), realname: oneLine(account.displayName ?? ''), email: account.email, label: `Mail at ${account.email.split('@')[1]!}` };
}

/** Writes the thunderbird-prefs export to a folder; returns the sh script's path. */
async function exportPrefs(account: Account): Promise<string> {
  const r = await exportAccount(account, 'thunderbird-prefs', { platform: 'linux', client: 'thunderbird' });
  if (!r.ok) throw new Error(r.error.message);
  return writeExport(tempDir('tb-prefs'), r.value.files).get('add-to-thunderbird.sh')!;
}

/** Runs the export's sh script on a profile folder, or with no argument under HOME (profiles.ini). */
function merge(script: string, profile: string | null, home?: string): { status: number | null; out: string } {
  const env = home === undefined ? process.env : { PATH: process.env.PATH, HOME: home };
  const r = spawnSync('sh', [script, ...(profile === null ? [] : [profile])], { encoding: 'utf8', timeout: 30_000, env });
  return { status: r.status, out: r.stdout + r.stderr };
}

function expectAccount(state: TbState, account: Account, accountKey: string): void {
  const found = state.accounts.find((a) => a.key === accountKey);
  expect(found, `account ${accountKey} in ${JSON.stringify(state.accounts.map((a) => a.key))}`).toBeDefined();
  const { server, identities } = found!;
  const inc = account.incoming;
  expect(server).toMatchObject({ type: inc.protocol, hostname: inc.host, port: inc.port, socketType: SOCKET[inc.security], authMethod: AUTH[inc.auth[0]!], username: inc.username, loginAtStartup: true, doBiff: true });
  expect(identities).toHaveLength(1);
  const id = identities[0]!;
  expect(id).toMatchObject({ email: account.email, fullName: oneLine(account.displayName ?? '') });
  const base = `imap://${encodeURIComponent(inc.username).replace(/[!'()~]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)}@${inc.host}`;
  expect([id.fcc, id.drafts, id.templates]).toEqual([`${base}/Sent`, `${base}/Drafts`, `${base}/Templates`]);
  const smtp = state.smtp.find((s) => s.key === id.smtpServerKey);
  const out = account.outgoing;
  expect(smtp).toEqual({ key: id.smtpServerKey, hostname: out.host, port: out.port, socketType: SOCKET[out.security], authMethod: AUTH[out.auth[0]!], username: out.username, description: `Mail at ${account.email.split('@')[1]!}` });
}

let running: RunningThunderbird | undefined;
async function start(base: string): Promise<RunningThunderbird> {
  running = await RunningThunderbird.start(base);
  return running;
}
async function quit(tb: RunningThunderbird): Promise<void> {
  const code = await tb.quit();
  running = undefined;
  expect(code, tb.log()).toBe(0);
}
afterEach(async () => {
  await running?.kill();
  running = undefined;
});
afterAll(() => removeProfileDirs());

let available = false;
beforeAll(() => {
  available = haveThunderbird();
  if (available) console.log(`real client: ${thunderbirdVersion()}`);
});

describe('thunderbird-prefs in the real Thunderbird', () => {
  it.each([
    ['SSL, address as login; the profile found through profiles.ini', sslAccount, true],
    ['STARTTLS, non-standard ports, literal login, hostile name; the profile folder given', starttlsAccount, false],
  ])('a fresh profile: the account reads back exactly; an added account and a changed port survive a restart (%s)', async (_label, account, viaIni) => {
    if (!available) return;
    const base = newProfileDir();
    const profile = join(base, 'profile');
    let merged;
    if (viaIni) {
      // Thunderbird's own profile manager registers the profile in HOME/.thunderbird/profiles.ini.
      expect(registerProfile(base)).toBe(0);
      merged = merge(await exportPrefs(account), null, join(base, 'home'));
      expect(merged.out).toContain(profile);
    } else merged = merge(await exportPrefs(account), profile);
    expect(merged.status, merged.out).toBe(0);

    let tb = await start(base);
    let state = await tb.marionette.run<TbState>(READ_STATE);
    expect(state.accounts.map((a) => a.server.type)).toEqual(['imap', 'none']);
    expectAccount(state, account, 'account1');
    expect([state.defaultAccount, state.defaultSmtp]).toEqual(['account1', state.accounts[0]!.identities[0]!.smtpServerKey]);

    // What a user does later in Thunderbird: add an account, change a port and the account name.
    const secondKey = await tb.marionette.run<string>(CREATE_WITH_WIZARD, [wizardConfig(secondAccount)]);
    await tb.marionette.run(`
      const { MailServices } = ChromeUtils.importESModule('resource:///modules/MailServices.sys.mjs');
      const server = MailServices.accounts.getAccount('account1').incomingServer;
      server.port = 10993;
      server.prettyName = 'Renamed by the user';
      Services.prefs.savePrefFile(null);
      return true;`);
    await quit(tb);

    tb = await start(base);
    state = await tb.marionette.run<TbState>(READ_STATE);
    const keys = state.accounts.map((a) => a.key);
    expect(keys).toContain(secondKey);
    expect(new Set(keys).size).toBe(3);
    expectAccount(state, secondAccount, secondKey);
    const first = state.accounts.find((a) => a.key === 'account1')!;
    expect([first.server.port, first.server.prettyName]).toEqual([10993, 'Renamed by the user']);
    expectAccount(state, { ...account, incoming: { ...account.incoming, port: 10993 } }, 'account1');
    await quit(tb);
    // Nothing re-applies the export: the profile has no user.js lines for mail prefs.
    expect(readFileSync(join(profile, 'user.js'), 'utf8')).not.toMatch(/mail\.(account|server|identity|smtp)/);
  });

  it('merges into a profile that already has accounts: new keys, lists appended, defaults kept, no second copy', async () => {
    if (!available) return;
    const base = newProfileDir();
    const profile = join(base, 'profile');
    let tb = await start(base);
    const existingKey = await tb.marionette.run<string>(CREATE_WITH_WIZARD, [wizardConfig(secondAccount)]);
    const script = await exportPrefs(starttlsAccount);
    // Thunderbird holds the profile: the script must refuse and leave prefs.js alone.
    const whileRunning = merge(script, profile);
    expect(whileRunning.status).toBe(1);
    expect(whileRunning.out).toMatch(/Thunderbird is running/);
    await quit(tb);

    const before = readFileSync(join(profile, 'prefs.js'), 'utf8');
    const merged = merge(script, profile);
    expect(merged.status, merged.out).toBe(0);
    // The wizard made account1 (+ account2 Local Folders), server1/2, id1, smtp1.
    expect(merged.out).toContain('(account3, server3, id2, smtp2)');
    const again = merge(script, profile);
    expect(again.status).toBe(1);
    expect(again.out).toMatch(/already has this account/);
    const after = readFileSync(join(profile, 'prefs.js'), 'utf8');

    tb = await start(base);
    let state = await tb.marionette.run<TbState>(READ_STATE);
    expect(state.accounts.map((a) => a.key)).toEqual([existingKey, 'account2', 'account3']);
    expectAccount(state, secondAccount, existingKey);
    expectAccount(state, starttlsAccount, 'account3');
    expect(state.smtp.map((s) => s.key)).toEqual(['smtp1', 'smtp2']);
    expect([state.defaultAccount, state.defaultSmtp]).toEqual([existingKey, 'smtp1']);
    // Thunderbird's next account gets a fresh key (mail.account.lastKey was raised).
    const nextKey = await tb.marionette.run<string>(CREATE_WITH_WIZARD, [wizardConfig(sslAccount)]);
    expect(nextKey).toBe('account4');
    await quit(tb);
    tb = await start(base);
    state = await tb.marionette.run<TbState>(READ_STATE);
    expect(state.accounts.map((a) => a.key)).toEqual([existingKey, 'account2', 'account3', 'account4']);
    expectAccount(state, starttlsAccount, 'account3');
    expectAccount(state, sslAccount, 'account4');
    await quit(tb);
    // The backup is the file as it was before the merge.
    const backups = spawnSync('sh', ['-c', `ls "${profile}"/prefs.js.before-mailsetup-*`], { encoding: 'utf8' }).stdout.trim().split('\n');
    expect(backups).toHaveLength(1);
    expect(readFileSync(backups[0]!, 'utf8')).toBe(before);
    expect(after).toContain('user_pref("mail.accountmanager.accounts", "account1,account2,account3");');
  });

  it('equals, pref for pref, what Thunderbird\'s own account wizard writes for the same account (IMAP SSL, IMAP STARTTLS, POP3)', async () => {
    if (!available) return;
    /** The account prefs of a prefs.js, decoded (the file is JavaScript for the pref parser). */
    const prefsOf = (base: string): Record<string, unknown> => {
      const all = evalUserJs(readFileSync(join(base, 'profile', 'prefs.js'), 'utf8'));
      // Paths and the random client id are set by Thunderbird itself when it loads a server.
      const ours = [...all].filter(([k]) => /^mail\.(account|accountmanager|server|identity|smtp|smtpserver|smtpservers)\b/.test(k) && !/\.(clientid|directory|directory-rel|storeContractID|canChangeStoreType)$/.test(k));
      return Object.fromEntries(ours);
    };
    for (const account of [sslAccount, starttlsAccount, pop3Account]) {
      const wizard = newProfileDir();
      const tb = await start(wizard);
      await tb.marionette.run(CREATE_WITH_WIZARD, [wizardConfig(account)]);
      await quit(tb);
      const ours = newProfileDir();
      expect(merge(await exportPrefs(account), join(ours, 'profile')).status).toBe(0);
      const expected = prefsOf(wizard);
      const actual = prefsOf(ours);
      // Thunderbird leaves the incoming authMethod out when it is the default (3).
      if (actual['mail.server.server1.authMethod'] === 3 && !('mail.server.server1.authMethod' in expected)) delete actual['mail.server.server1.authMethod'];
      expect(actual).toEqual(expected);
    }
  });
});

describe('thunderbird-user-js (managed) in the real Thunderbird', () => {
  it('creates the account, and re-applies it at every start', async () => {
    if (!available) return;
    const r = await exportAccount(sslAccount, 'thunderbird-user-js', { platform: 'linux', client: 'thunderbird' });
    if (!r.ok) throw new Error(r.error.message);
    const base = newProfileDir();
    const userJs = join(base, 'profile', 'user.js');
    writeFileSync(userJs, readFileSync(userJs, 'utf8') + r.value.files[0]!.content);
    let tb = await start(base);
    expectAccount(await tb.marionette.run<TbState>(READ_STATE), sslAccount, 'account1');
    await tb.marionette.run(`
      const { MailServices } = ChromeUtils.importESModule('resource:///modules/MailServices.sys.mjs');
      MailServices.accounts.getAccount('account1').incomingServer.port = 10993;
      return true;`);
    await quit(tb);
    tb = await start(base);
    const state = await tb.marionette.run<TbState>(READ_STATE);
    // Managed: the user's change is undone at the next start, as the export says.
    expect(state.accounts.find((a) => a.key === 'account1')!.server.port).toBe(993);
    await quit(tb);
  });
});
