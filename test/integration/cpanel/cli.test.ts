// `mailsetup cpanel …` through the built CLI against the cPanel imitation
// (test/support/cpanel-imitation.ts) on 127.0.14.0/24, a real gnome-keyring and the
// real Postfix + Dovecot stack: connect (good token, 401, 403, untrusted and wrong-name
// and expired certificates, a pinned certificate that changes, a redirect, a missing feature),
// discovery through the `cpanel` source, add-mailbox end to end with a real login,
// export-all, deliverability in every state, and the token nowhere afterwards.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Account } from '../../../shared/accounts.js';
import type { CpanelAddMailboxResult, CpanelConnectResult, CpanelDeliverabilityResult, CpanelListResult, CpanelMailboxesResult } from '../../../shared/cpanel.js';
import type { MailSetupError } from '../../../shared/errors.js';
import type { DiscoveryResult } from '../../../shared/model.js';
import { ALL_FEATURES, makeToken, startCpanelImitation, type CpanelImitation } from '../../support/cpanel-imitation.js';
import { keyringMissing, startKeyring, type KeyringSession } from '../../support/keyring.js';
import { USERS } from '../../support/mailstack/fixtures.js';
import { missingServer } from '../../support/require.js';
import { json, ROOT, runCli, transcript, type CliRun } from '../keychain/cli-runner.js';
import { scanForSecrets } from '../keychain/scan.js';
import { DKIM_STATES, EXPECTED_SPF, IP, makeFixture, PTR_STATES, SPF_STATES, STATE_DOMAINS, type Fixture } from './harness.js';

const stack = inject('mailstack');
const missing = await keyringMissing();
const available = stack !== null && (missing === null || missingServer('gnome-keyring + dbus (Secret Service)', missing));

let fx: Fixture;
let keyring: KeyringSession;
let configDir: string;
const imitations: CpanelImitation[] = [];
let main: CpanelImitation;
let second: CpanelImitation;
let untrusted: CpanelImitation;
let redirectTarget: CpanelImitation;
const outDirs: string[] = [];

const env = (): NodeJS.ProcessEnv => ({
  ...process.env,
  ...keyring.env,
  MAILSETUP_CONFIG_DIR: configDir,
  MAILSETUP_KEYCHAIN_TIMEOUT_MS: '30000',
  NODE_EXTRA_CA_CERTS: fx.trustFile,
});
const cli = (args: string[], stdin?: string): Promise<CliRun> => runCli(args, { env: env(), ...(stdin !== undefined ? { stdin } : {}), killAfterMs: 90_000 });
const errorOf = (run: CliRun): MailSetupError => json<{ error: MailSetupError }>(run).error;
const lookup = async (service: string, user: string): Promise<string> => {
  try {
    return await keyring.secretTool('lookup', 'service', service, 'username', user);
  } catch {
    return '';
  }
};
const unique = (prefix: string): string => `${prefix}-${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`;

describe.runIf(available)('mailsetup cpanel against the imitation', () => {
  beforeAll(async () => {
    for (let i = 0; i < 3; i++) {
      try {
        execFileSync('npm', ['run', 'build:engine'], { cwd: ROOT, stdio: 'ignore' });
        break;
      } catch {
        // another build may be running at the same moment; the runs below tell
      }
    }
    fx = makeFixture(stack!.caFile);
    keyring = await startKeyring();
    configDir = mkdtempSync(path.join(tmpdir(), 'mailsetup-cpanel-it-'));
    const dovecot = { usersFile: path.join(stack!.dir, 'dovecot', 'users'), mailDir: path.join(stack!.dir, 'mail') };
    const start = async (host: string, extra: Partial<Parameters<typeof startCpanelImitation>[0]> = {}, certNames = [host]) => {
      const leaf = fx.ca.issue(certNames);
      const im = await startCpanelImitation({ host, cert: leaf.cert, key: leaf.key, accounts: [fx.main, fx.second], dovecot, ...extra });
      imitations.push(im);
      return im;
    };
    main = await start(IP.main, { accounts: [fx.main] });
    second = await start(IP.second, { accounts: [{ ...fx.second, features: new Set(ALL_FEATURES.filter((f) => f !== 'emailauth')) }] });
    redirectTarget = await start(IP.redirectTarget, { accounts: [fx.main] });
    await start(IP.redirecting, { accounts: [fx.main], redirectTo: `https://${IP.redirectTarget}:2083` });
    await start(IP.refuses403, { accounts: [fx.main], refusalStatus: 403 });
    await start(IP.noFeature, { accounts: [{ ...fx.main, features: new Set(ALL_FEATURES.filter((f) => f !== 'popaccts')) }] });
    await start(IP.wrongName, { accounts: [fx.main] }, ['127.0.14.99']);
    const stranger = (await import('../../support/ca.js')).createTestCa('Nobody trusts this CA');
    const leaf = stranger.issue([IP.untrusted]);
    untrusted = await startCpanelImitation({ host: IP.untrusted, cert: leaf.cert, key: leaf.key, accounts: [fx.main], dovecot });
    imitations.push(untrusted);
  });

  afterAll(async () => {
    for (const im of imitations) await im.close();
    await keyring?.stop();
    fx?.ca.cleanup();
  });

  it('refuses a wrong token (401 and 403), an untrusted, wrong-name or expired certificate, a redirect and a missing feature; stores nothing', async () => {
    const wrong = await cli(['cpanel', 'connect', main.url, '--user', 'hoster1', '--token-stdin', '--json'], makeToken());
    expect(wrong.code).toBe(1);
    expect(errorOf(wrong)).toMatchObject({ code: 'CPANEL_AUTH_FAILED' });
    expect(errorOf(wrong).message).toContain('HTTP 401');

    const forbidden = await cli(['cpanel', 'connect', `https://${IP.refuses403}:2083`, '--user', 'hoster1', '--token-stdin', '--json'], makeToken());
    expect(errorOf(forbidden)).toMatchObject({ code: 'CPANEL_AUTH_FAILED' });
    expect(errorOf(forbidden).message).toContain('HTTP 403');

    const notTrusted = await cli(['cpanel', 'connect', untrusted.url, '--user', 'hoster1', '--token-stdin', '--json'], fx.main.token);
    expect(notTrusted.code).toBe(1);
    expect(errorOf(notTrusted).code).toBe('CERT_UNTRUSTED');
    expect(errorOf(notTrusted).fix).toMatch(/--trust-fingerprint [0-9A-F:]{95}/);
    expect(untrusted.requests).toEqual([]); // the token never left the machine

    const wrongName = await cli(['cpanel', 'connect', `https://${IP.wrongName}`, '--user', 'hoster1', '--token-stdin', '--json'], fx.main.token);
    expect(errorOf(wrongName).code).toBe('CERT_HOSTNAME_MISMATCH');

    // The stack's expired certificate (trusted CA, right dates in the past) on one more imitation.
    const expiredCert = readFileSync(path.join(stack!.dir, 'expired.crt'), 'utf8');
    const expiredKey = readFileSync(path.join(stack!.dir, 'expired.key'), 'utf8');
    const expired = await startCpanelImitation({ host: IP.expired, cert: expiredCert, key: expiredKey, accounts: [fx.main] });
    imitations.push(expired);
    const old = await cli(['cpanel', 'connect', expired.url, '--user', 'hoster1', '--token-stdin', '--json'], fx.main.token);
    expect(errorOf(old).code).toBe('CERT_EXPIRED');
    expect(expired.requests).toEqual([]);

    const redirected = await cli(['cpanel', 'connect', `https://${IP.redirecting}:2083`, '--user', 'hoster1', '--token-stdin', '--json'], fx.main.token);
    expect(errorOf(redirected).code).toBe('CPANEL_REDIRECT_REFUSED');
    expect(errorOf(redirected).message).toContain(`${IP.redirectTarget}:2083`);
    expect(redirectTarget.requests).toEqual([]);

    const noFeature = await cli(['cpanel', 'connect', `https://${IP.noFeature}:2083`, '--user', 'hoster1', '--token-stdin', '--json'], fx.main.token);
    expect(errorOf(noFeature)).toMatchObject({ code: 'CPANEL_FEATURE_MISSING', serverSays: 'You do not have the feature “popaccts”.' });
    expect(errorOf(noFeature).message).toContain('popaccts');

    const human = await cli(['cpanel', 'connect', main.url, '--user', 'hoster1', '--token-stdin'], makeToken());
    expect(human.code).toBe(1);
    expect(human.stderr).toMatch(/^mailsetup: cPanel refused the API token for user hoster1 \(HTTP 401\)\.\n {2}server said: .*Access Denied.*\n {2}what to do: /);

    const usage = await cli(['cpanel', 'connect', main.url, '--user', 'hoster1']);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/--token-stdin/);

    expect(json<CpanelListResult>(await cli(['cpanel', 'list', '--json'])).connections).toEqual([]);
    expect(await lookup('mailsetup-cpanel', `hoster1@${IP.main}:2083`)).toBe('');
    expect(existsSync(path.join(configDir, 'cpanel.json'))).toBe(false);
  });

  it('connects with a good token: the token in the keychain, the rest in cpanel.json, the exact JSON shape', async () => {
    const run = await cli(['cpanel', 'connect', main.url, '--user', 'hoster1', '--token-stdin', '--json'], `${fx.main.token}\n`);
    expect(run.code, run.stderr).toBe(0);
    const r = json<CpanelConnectResult>(run);
    expect(Object.keys(r)).toEqual(['url', 'user', 'domains', 'certificate']);
    expect(r).toMatchObject({ url: `https://${IP.main}:2083`, user: 'hoster1', domains: fx.main.domains, certificate: { validated: true } });
    expect(r.certificate.fingerprint256).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    expect(await lookup('mailsetup-cpanel', `hoster1@${IP.main}:2083`)).toBe(fx.main.token);
    const stored = readFileSync(path.join(configDir, 'cpanel.json'), 'utf8');
    expect(stored).toContain('"user": "hoster1"');
    expect(stored).not.toContain(fx.main.token);
    // The token went only in the header, only to the connected host.
    const seen = main.requests.filter((q) => q.authorization === `cpanel hoster1:${fx.main.token}`);
    expect(seen.map((q) => q.path)).toEqual(['/execute/Variables/get_user_information', '/execute/Email/list_mail_domains']);
    expect(seen[0]?.params).toEqual({ name: ['user', 'domain'] });

    const two = await cli(['cpanel', 'connect', `https://${IP.second}`, '--user', 'shopuser', '--token-stdin'], fx.second.token);
    expect(two.code, two.stderr).toBe(0);
    expect(two.stdout).toContain(`Connected to cPanel at https://${IP.second}:2083 as shopuser.`);
    expect(two.stdout).toContain('mail domains: shop.test');
    const list = json<CpanelListResult>(await cli(['cpanel', 'list', '--json']));
    expect(list.connections).toEqual([
      { url: `https://${IP.main}:2083`, user: 'hoster1', domains: fx.main.domains },
      { url: `https://${IP.second}:2083`, user: 'shopuser', domains: ['shop.test'] },
    ]);
  });

  it('lists mailboxes with usage; bytes as numbers even when cPanel sends strings', async () => {
    const run = await cli(['cpanel', 'mailboxes', IP.main, '--json']);
    expect(run.code, run.stderr).toBe(0);
    expect(json<CpanelMailboxesResult>(run)).toEqual({
      url: `https://${IP.main}:2083`,
      user: 'hoster1',
      mailboxes: [{ email: 'alice@example.test', diskUsedBytes: 3670016, diskQuotaBytes: 1073741824 }],
    });
    const human = await cli(['cpanel', 'mailboxes', `${IP.main}:2083`]);
    expect(human.stdout).toMatch(/alice@example\.test\s+3\.5 MB\s+1024 MB/);
    const ambiguous = await cli(['cpanel', 'mailboxes', '--json']);
    expect(ambiguous.code).toBe(2);
    expect(errorOf(ambiguous).message).toContain('say which one');
  });

  it('discovers through the cpanel source, first and secure; only the matching connection is asked', async () => {
    const before = second.requests.length;
    const mainBefore = main.requests.length;
    const run = await cli(['discover', USERS.alice.email, '--json', '--resolver', stack!.dns, '--no-guess']);
    expect(run.code, run.stderr).toBe(0);
    const r = json<DiscoveryResult>(run);
    expect(r.configs[0]).toEqual({
      source: 'cpanel',
      url: `https://${IP.main}:2083`,
      secure: true,
      incoming: [
        { protocol: 'imap', host: 'mail.example.test', port: 993, security: 'tls', username: USERS.alice.email, auth: ['password-cleartext'] },
        { protocol: 'imap', host: 'mail.example.test', port: 143, security: 'starttls', username: USERS.alice.email, auth: ['password-cleartext'] },
      ],
      outgoing: [
        { protocol: 'smtp', host: 'mail.example.test', port: 465, security: 'tls', username: USERS.alice.email, auth: ['password-cleartext'] },
        { protocol: 'smtp', host: 'mail.example.test', port: 587, security: 'starttls', username: USERS.alice.email, auth: ['password-cleartext'] },
      ],
    });
    expect(r.sources[0]).toMatchObject({ source: 'cpanel', status: 'found', detail: `cPanel connection ${IP.main}:2083 (user hoster1)` });
    expect(second.requests.length).toBe(before);
    expect(main.requests.slice(mainBefore).map((q) => `${q.path} ${JSON.stringify(q.params)}`)).toEqual([`/execute/Email/get_client_settings {"account":["${USERS.alice.email}"]}`]);
    // A domain no connection manages: the source says so, and no connection is asked at all.
    const counts = imitations.map((im) => im.requests.length);
    const other = await cli(['discover', 'x@nowhere.test', '--json', '--resolver', stack!.dns, '--no-guess', '--timeout', '3000']);
    expect(json<DiscoveryResult>(other).sources[0]).toMatchObject({ source: 'cpanel', status: 'not-found', detail: 'no cPanel connection manages nowhere.test' });
    expect(imitations.map((im) => im.requests.length)).toEqual(counts);
    // `test` with discovered settings now logs in through cPanel's answer.
    const test = await cli(['test', USERS.alice.email, '--password-stdin', '--resolver', stack!.dns, '--json'], USERS.alice.password);
    expect(test.code, test.stdout).toBe(0);
    expect(json<{ source: string }>(test).source).toBe('cpanel');
  });

  it('add-mailbox: generated password → add_pop → keychain → real login on Postfix/Dovecot → saved', async () => {
    const email = `${unique('new')}@example.test`;
    const run = await cli(['cpanel', 'add-mailbox', email, '--resolver', stack!.dns, '--json']);
    expect(run.code, run.stdout + run.stderr).toBe(0);
    const r = json<CpanelAddMailboxResult>(run);
    expect(Object.keys(r)).toEqual(['email', 'created', 'requiredStrength', 'saved', 'test']);
    expect(r).toMatchObject({ email, created: true, requiredStrength: 65, saved: true, test: { ok: true, source: 'cpanel' } });
    expect(r.test.servers.map((s) => `${s.protocol} ${s.host}:${s.port} ${s.ok}`).sort()).toEqual(['imap mail.example.test:993 true', 'smtp mail.example.test:465 true']);
    const password = main.created.get(email)!;
    expect(password.length).toBeGreaterThanOrEqual(20);
    expect(run.stdout).not.toContain(password);
    expect(await lookup('mailsetup', email)).toBe(password);
    const pop = main.requests.find((q) => q.path === '/execute/Email/add_pop' && q.params.domain?.[0] === 'example.test' && email.startsWith(`${q.params.email?.[0]}@`));
    expect(pop?.method).toBe('POST');
    expect(pop?.params.quota).toBeUndefined();
    const strength = main.requests.find((q) => q.path === '/execute/PasswdStrength/get_required_strength');
    expect(strength?.params).toEqual({ app: ['pop'] });
    const accounts = json<{ accounts: Account[] }>(await cli(['accounts', '--json'])).accounts;
    expect(accounts.find((a) => a.email === email)).toMatchObject({ source: 'cpanel', incoming: { host: 'mail.example.test', port: 993, security: 'tls' }, outgoing: { host: 'mail.example.test', port: 465 }, lastTest: { ok: true } });
    // The new mailbox is listed, and the stored password works again on its own.
    expect(json<CpanelMailboxesResult>(await cli(['cpanel', 'mailboxes', IP.main, '--json'])).mailboxes.map((m) => m.email)).toContain(email);
    const again = await cli(['test', email, '--json', '--resolver', stack!.dns]);
    expect(again.code, again.stdout).toBe(0);
  });

  it('add-mailbox on the hoster name (server1.hoster.test) with a given password and quota; refusals in cPanel\'s words', async () => {
    const email = `${unique('shop')}@shop.test`;
    const password = `Shop-${makeToken().slice(0, 14)}-pw`;
    const run = await cli(['cpanel', 'add-mailbox', email, '--password-stdin', '--quota', '512', '--resolver', stack!.dns], password);
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toContain(`Created ${email} on cPanel (required password strength 65).`);
    expect(run.stdout).toContain(`Saved ${email}: it works with these settings.`);
    expect(run.stdout).not.toContain(password);
    const boxes = json<CpanelMailboxesResult>(await cli(['cpanel', 'mailboxes', IP.second, '--json'])).mailboxes;
    expect(boxes).toContainEqual({ email, diskUsedBytes: 0, diskQuotaBytes: 512 * 1024 * 1024 });

    const weak = await cli(['cpanel', 'add-mailbox', `${unique('weak')}@shop.test`, '--password-stdin', '--json'], 'abcdefgh');
    expect(weak.code).toBe(1);
    expect(errorOf(weak)).toMatchObject({ code: 'CPANEL_API_ERROR', serverSays: 'The given password is too weak. Please enter a password with a strength rating of 65 or higher.' });
    expect(errorOf(weak).fix).toMatch(/longer password/);
    const exists = await cli(['cpanel', 'add-mailbox', email, '--password-stdin', '--json'], password);
    expect(errorOf(exists).serverSays).toBe(`The account “${email}” already exists.`);
    expect(errorOf(exists).fix).toContain('already exists');
    const quota = await cli(['cpanel', 'add-mailbox', `${unique('big')}@shop.test`, '--quota', '0', '--json']);
    expect(errorOf(quota).serverSays).toBe('The quota may not be unlimited: the maximum for this account is 2048 MB.');
    expect(errorOf(quota).fix).toMatch(/--quota/);
    const unmanaged = await cli(['cpanel', 'add-mailbox', 'x@elsewhere.test', '--json']);
    expect(errorOf(unmanaged).code).toBe('CPANEL_NOT_CONNECTED');
  });

  it('add-mailbox whose test fails: exit 1, created but not saved, and it says so', async () => {
    const email = `${unique('broken')}@broken.test`;
    const run = await cli(['cpanel', 'add-mailbox', email, '--show-password', '--resolver', stack!.dns]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(`The mailbox ${email} exists on cPanel but did not pass the connection test, so it was not saved.`);
    expect(run.stdout).toContain(`password (shown once): ${main.created.get(email)}`);
    expect(run.stdout).toContain('CERT_UNTRUSTED');
    const accounts = json<{ accounts: Account[] }>(await cli(['accounts', '--json'])).accounts;
    expect(accounts.map((a) => a.email)).not.toContain(email);
    // --show-password never reaches --json.
    const quiet = await cli(['cpanel', 'add-mailbox', `${unique('broken')}@broken.test`, '--show-password', '--json', '--resolver', stack!.dns]);
    expect(quiet.code).toBe(1);
    const r = json<CpanelAddMailboxResult & { generatedPassword?: string }>(quiet);
    expect(r.saved).toBe(false);
    expect(r.generatedPassword).toBeUndefined();
    for (const pw of main.created.values()) expect(quiet.stdout).not.toContain(pw);
  });

  it('export-all: one file per mailbox named after the address, helpdesk sheets, index.html; no secrets', async () => {
    const out = mkdtempSync(path.join(tmpdir(), 'mailsetup-cpanel-export-'));
    outDirs.push(out);
    const run = await cli(['cpanel', 'export-all', '--format', 'apple', '--out', out, '--json']);
    expect(run.code, run.stderr).toBe(0);
    const r = json<{ files: { email: string; path: string }[]; index: string }>(run);
    expect(Object.keys(r)).toEqual(['files', 'index']);
    const everyone = [
      ...json<CpanelMailboxesResult>(await cli(['cpanel', 'mailboxes', IP.main, '--json'])).mailboxes,
      ...json<CpanelMailboxesResult>(await cli(['cpanel', 'mailboxes', IP.second, '--json'])).mailboxes,
    ].map((m) => m.email);
    expect(new Set(r.files.map((f) => f.email))).toEqual(new Set(everyone));
    expect(r.files.find((f) => f.email === 'alice@example.test' && f.path.endsWith('.mobileconfig'))?.path).toBe(path.join(out, 'alice@example.test.mobileconfig'));
    expect(r.index).toBe(path.join(out, 'index.html'));
    const profile = readFileSync(path.join(out, 'alice@example.test.mobileconfig'), 'utf8');
    expect(profile).toContain('<string>mail.example.test</string>');
    const index = readFileSync(r.index, 'utf8');
    for (const email of everyone) {
      expect(index).toContain(`href="${encodeURI(`${email}.mobileconfig`)}"`);
      expect(index).toContain(`href="${encodeURI(`${email}.helpdesk.html`)}"`);
    }
    expect(readdirSync(out).length).toBe(everyone.length * 2 + 1);

    const narrowed = await cli(['cpanel', 'export-all', '--format', 'thunderbird-autoconfig', '--out', path.join(out, 'shop'), '--domain', 'shop.test', '--json']);
    expect(narrowed.code, narrowed.stderr).toBe(0);
    const files = json<{ files: { email: string; path: string }[] }>(narrowed).files;
    expect(files.every((f) => f.email.endsWith('@shop.test'))).toBe(true);
    expect(readFileSync(files.find((f) => f.path.endsWith('.xml'))!.path, 'utf8')).toContain('<hostname>server1.hoster.test</hostname>');
    const again = await cli(['cpanel', 'export-all', '--format', 'apple', '--out', out]);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('already exists; add --force');
  });

  it('deliverability: every state cPanel reports, passed through unchanged, with a fix; exit 0 only when all are VALID', async () => {
    const seen = { spf: new Set<string>(), dkim: new Set<string>(), ptr: new Set<string>() };
    for (const [i, domain] of STATE_DOMAINS.entries()) {
      const run = await cli(['cpanel', 'deliverability', domain, '--json']);
      const r = json<CpanelDeliverabilityResult>(run);
      expect(Object.keys(r)).toEqual(['domain', 'spf', 'dkim', 'ptr', 'changed']);
      expect(r.spf).toEqual(fx.main.emailAuth![domain]!.spf);
      expect(r.dkim).toEqual(fx.main.emailAuth![domain]!.dkim);
      expect(r.ptr).toEqual(fx.main.emailAuth![domain]!.ptr);
      expect(r.changed).toEqual([]);
      expect(run.code).toBe(i === 0 ? 0 : 1);
      seen.spf.add(r.spf.state as string);
      seen.dkim.add(r.dkim.state as string);
      seen.ptr.add(r.ptr.state as string);
      const human = await cli(['cpanel', 'deliverability', domain]);
      for (const line of [`SPF   ${r.spf.state}`, `DKIM  ${r.dkim.state}`, `PTR   ${r.ptr.state}`]) expect(human.stdout).toContain(line);
      if (r.ptr.state === 'HELO_MISMATCH') expect(human.stdout).toContain('differs from the name the server greets with');
      if (r.spf.state === 'INVALID') expect(human.stdout).toContain(`cPanel expects: ${EXPECTED_SPF}`);
      if (i > 0) expect(human.stdout).toMatch(/ fix: /);
    }
    expect([...seen.spf].sort()).toEqual([...SPF_STATES].sort());
    expect([...seen.dkim].sort()).toEqual([...DKIM_STATES].sort());
    expect([...seen.ptr].sort()).toEqual([...PTR_STATES].sort());
    const noFeature = await cli(['cpanel', 'deliverability', 'shop.test', '--json']);
    expect(errorOf(noFeature)).toMatchObject({ code: 'CPANEL_FEATURE_MISSING', serverSays: 'You do not have the feature “emailauth”.' });
  });

  it('deliverability --enable-dkim --install-spf: shows the change, refuses without a terminal, applies with --yes', async () => {
    const calls = (): string[] => main.requests.filter((q) => /enable_dkim|install_spf_records/.test(q.path)).map((q) => q.path);
    const before = calls().length;
    const refused = await cli(['cpanel', 'deliverability', 'example.test', '--enable-dkim', '--install-spf']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('Replace the SPF record of example.test:\n    now: v=spf1 +a +mx ~all\n    new: v=spf1 +a +mx +ip4:127.0.0.1 +include:relay.hoster.test ~all');
    expect(refused.stderr).toContain('Turn on DKIM for example.test');
    expect(refused.stderr).toContain('Nothing was changed: there is no terminal');
    expect(calls().length).toBe(before);

    const applied = await cli(['cpanel', 'deliverability', 'fixme.test', '--enable-dkim', '--install-spf', '--yes', '--json']);
    expect(applied.code, applied.stdout).toBe(0);
    const r = json<CpanelDeliverabilityResult>(applied);
    expect(r.changed).toEqual(['enabled DKIM for fixme.test ([ADD:TXT@default._domainkey.fixme.test.])', 'installed the SPF record "v=spf1 +a +mx +ip4:127.0.0.1 +include:relay.hoster.test ~all" for fixme.test']);
    expect([r.spf.state, r.dkim.state, r.ptr.state]).toEqual(['VALID', 'VALID', 'VALID']);
    const install = main.requests.find((q) => q.path === '/execute/EmailAuth/install_spf_records');
    expect(install?.params).toEqual({ domain: ['fixme.test'], record: ['v=spf1 +a +mx +ip4:127.0.0.1 +include:relay.hoster.test ~all'] });
    const nothing = await cli(['cpanel', 'deliverability', 'fixme.test', '--install-spf']);
    expect(nothing.code).toBe(0);
    expect(nothing.stderr).toContain('Nothing to change');
  });

  it('deliverability asks on a terminal: "n" changes nothing, "y" installs the record shown', async () => {
    const inPty = (domain: string, answer: string): Promise<{ code: number | null; out: string }> =>
      new Promise((resolve, reject) => {
        // script(1) gives the command a real terminal; the answer arrives once it asks.
        const child = spawn('script', ['-qec', `${process.execPath} bin/mailsetup.js cpanel deliverability ${domain} --install-spf`, '/dev/null'], { cwd: ROOT, env: env() });
        let out = '';
        let answered = false;
        child.stdout.on('data', (d: Buffer) => {
          out += d.toString('utf8');
          if (!answered && out.includes('[y/N]')) {
            answered = true;
            child.stdin.write(`${answer}\r`);
          }
        });
        child.on('error', reject);
        child.on('close', (code) => {
          transcript.push(out);
          resolve({ code, out });
        });
      });
    const installs = (): number => main.requests.filter((q) => q.path === '/execute/EmailAuth/install_spf_records').length;
    const before = installs();
    const no = await inPty('s1.test', 'n');
    expect(no.out).toContain('Replace the SPF record of s1.test');
    expect(no.out).toContain('Nothing was changed.');
    expect(installs()).toBe(before);
    const yes = await inPty('s2.test', 'y');
    expect(yes.out).toContain('new: v=spf1 +a +mx +ip4:127.0.0.1 +include:relay.hoster.test ~all');
    expect(yes.out).toMatch(/SPF {3}VALID/);
    expect(yes.out).toContain('changed: installed the SPF record');
    expect(installs()).toBe(before + 1);
  });

  it('a pinned certificate is accepted, and refused once it changes', async () => {
    const refused = await cli(['cpanel', 'connect', untrusted.url, '--user', 'hoster1', '--token-stdin', '--json'], fx.main.token);
    const fp = /--trust-fingerprint ([0-9A-F:]+)/.exec(errorOf(refused).fix ?? '')?.[1];
    expect(fp).toBeDefined();
    const pinned = await cli(['cpanel', 'connect', untrusted.url, '--user', 'hoster1', '--token-stdin', '--trust-fingerprint', fp!.replace(/:/g, '').toLowerCase(), '--json'], fx.main.token);
    expect(pinned.code, pinned.stdout).toBe(0);
    expect(json<CpanelConnectResult>(pinned).certificate).toEqual({ fingerprint256: fp, validated: false });
    expect((await cli(['cpanel', 'mailboxes', IP.untrusted, '--json'])).code).toBe(0);
    // AutoSSL renewed it: another certificate from a CA nobody trusts.
    const other = (await import('../../support/ca.js')).createTestCa('Another unknown CA').issue([IP.untrusted]);
    untrusted.replaceCertificate(other.cert, other.key);
    const count = untrusted.requests.length;
    const changed = await cli(['cpanel', 'mailboxes', IP.untrusted, '--json']);
    expect(changed.code).toBe(1);
    expect(errorOf(changed).code).toBe('CERT_UNTRUSTED');
    expect(errorOf(changed).message).toContain('changed since you trusted it');
    expect(untrusted.requests.length).toBe(count);
  });

  it('refresh re-reads the domains; disconnect removes the token and the settings', async () => {
    fx.second.domains.push('new-shop.test');
    const refreshed = await cli(['cpanel', 'refresh', IP.second, '--json']);
    expect(json<{ domains: string[] }>(refreshed).domains).toEqual(['shop.test', 'new-shop.test']);
    const gone = await cli(['cpanel', 'disconnect', IP.untrusted, '--json']);
    expect(json(gone)).toEqual({ url: `https://${IP.untrusted}:2083`, user: 'hoster1', removedToken: true });
    expect(await lookup('mailsetup-cpanel', `hoster1@${IP.untrusted}:2083`)).toBe('');
    expect(json<CpanelListResult>(await cli(['cpanel', 'list', '--json'])).connections.map((c) => c.url)).not.toContain(`https://${IP.untrusted}:2083`);
    const unknown = await cli(['cpanel', 'disconnect', 'nothing.test', '--json']);
    expect(errorOf(unknown).code).toBe('CPANEL_NOT_CONNECTED');
  });

  it('the tokens and mailbox passwords appear in no file and no output (except the one --show-password line)', () => {
    const tokens = [fx.main.token, fx.second.token];
    const mailboxPasswords = imitations.flatMap((im) => [...im.created.values()]);
    expect(mailboxPasswords.length).toBeGreaterThan(3);
    const inFiles = scanForSecrets([configDir, ...outDirs, tmpdir()], [...tokens, ...mailboxPasswords]);
    expect(inFiles.hits).toEqual([]);
    const printed = transcript.join('\n');
    for (const t of tokens) {
      expect(printed).not.toContain(t);
      expect(printed).not.toContain(Buffer.from(t).toString('base64'));
    }
    const shown = printed.split('\n').filter((l) => mailboxPasswords.some((pw) => l.includes(pw)));
    expect(shown.length).toBe(1);
    expect(shown[0]).toMatch(/^ {2}password \(shown once\): /);
    // Every request that carried a token went to the host it was given for.
    for (const im of imitations) for (const q of im.requests) if (q.authorization) expect(q.host.startsWith(im.host)).toBe(true);
  });
});
