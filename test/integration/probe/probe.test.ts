// `test` against the real Postfix + Dovecot stack (test/support/mailstack): every case
// of the connection test, the built CLI as a user runs it, and finally a search of
// every file the run wrote for the test passwords. One file, so that the search
// really runs after everything else.
import { execFile, spawn } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createDefaultDeps } from '../../../core/default-deps.js';
import type { Deps } from '../../../core/deps.js';
import { createHandlers, dispatch, type HandlerContext } from '../../../core/handlers.js';
import type { SecretStore } from '../../../core/keychain/secret-store.js';
import { base64Forms, secretForms } from '../../../core/probe/redact.js';
import { ok, type Result } from '../../../shared/errors.js';
import type { ServerTestReport, TestParams, TestProgress, TestReport } from '../../../shared/probe.js';
import { ADDR, EXPIRED_CERT, HOSTER_CERT_NAME, USERS } from '../../support/mailstack/fixtures.js';
import { createStaticResolver } from '../../support/mailstack/static-resolver.js';
import { startProxy, startSilentServer, startStarttlsStripper, type TcpTool } from '../../support/mailstack/tcp-tools.js';

const stack = inject('mailstack');
const ROOT = path.resolve(import.meta.dirname, '../../..');
const OUT = path.join(ROOT, 'test-output', 'probe');
const suiteStart = Date.now();
const tempDirs: string[] = [];
const run = promisify(execFile);

function memoryKeychain(): SecretStore & { items: Map<string, string> } {
  const items = new Map<string, string>();
  return {
    items,
    get: async (user) => ok(items.get(user) ?? null),
    set: async (user, secret): Promise<Result<void>> => {
      items.set(user, secret);
      return ok(undefined);
    },
    delete: async (user) => ok(items.delete(user)),
  };
}

let deps: Deps;
let keychain: ReturnType<typeof memoryKeychain>;

async function runTest(name: string, params: TestParams, ctx: HandlerContext = {}): Promise<TestReport> {
  const reply = await dispatch(createHandlers(deps), 'test', { timeoutMs: 5000, ...params }, ctx);
  if (!reply.ok) throw new Error(`test failed to run: ${reply.error.code} ${reply.error.message}`);
  // Reports are kept like a helpdesk would keep them: the leak search below reads them.
  await writeFile(path.join(OUT, `${name}.json`), JSON.stringify(reply.value, null, 2));
  return reply.value;
}

const server = (r: TestReport, protocol: 'smtp' | 'imap'): ServerTestReport => {
  const s = r.servers.find((x) => x.protocol === protocol);
  if (!s) throw new Error(`no ${protocol} in report`);
  return s;
};
const codes = (s: ServerTestReport): string[] => s.diagnosis.map((d) => d.code);
/** Any command that carries or starts sending a credential. */
const credentialCommand = /^C: (AUTH |\S+ (LOGIN|AUTHENTICATE) )/im;

const alice = { email: USERS.alice.email, password: USERS.alice.password };
const main = (port: number, security: 'tls' | 'starttls') => ({ host: 'mail.example.test', port, security });

describe.skipIf(!stack)('mailsetup test against Postfix + Dovecot', () => {
  beforeAll(async () => {
    await mkdir(OUT, { recursive: true });
    const configDir = await mkdtemp(path.join(os.tmpdir(), 'mailsetup-probe-config-'));
    tempDirs.push(configDir);
    keychain = memoryKeychain();
    deps = createDefaultDeps({
      makeResolver: () => createStaticResolver(),
      extraCa: [await readFile(stack!.caFile, 'utf8')],
      keychain,
      configDir,
      // never the internet: the online ISPDB is a closed loopback port
      ispdbUrl: `http://${ADDR.closed}:9/`,
    });
  });

  it('good path: 587 STARTTLS + 993, concurrently, no message sent', async () => {
    const progress: TestProgress[] = [];
    const r = await runTest('good-587-993', { ...alice, smtp: main(587, 'starttls'), imap: main(993, 'tls') }, {
      emit: (name, payload) => name === 'test:progress' && progress.push(payload as TestProgress),
    });
    expect(r.ok).toBe(true);
    // every step was announced as it finished, and the two protocols overlapped in time
    expect(progress.length).toBe(r.servers.reduce((n, s) => n + s.steps.length, 0));
    const order = progress.map((p) => p.protocol);
    expect(order.indexOf('imap')).toBeLessThan(order.lastIndexOf('smtp'));
    const smtp = server(r, 'smtp');
    expect(smtp.steps.map((s) => s.step)).toEqual(['resolve', 'connect', 'certificate', 'relay-check', 'auth']);
    expect(smtp.tls).toMatchObject({ protocol: 'TLSv1.3', validated: true, hostnameMatches: true });
    expect(smtp.tls?.chain[0]?.subjectAltNames).toContain('mail.example.test');
    expect(smtp.tls?.chain[0]?.fingerprint256).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    // smtpd_tls_auth_only: nothing before TLS, PLAIN and LOGIN after
    expect(smtp.auth).toMatchObject({ offeredBeforeTls: [], ok: true, mechanism: 'PLAIN' });
    expect(smtp.auth?.offeredAfterTls).toEqual(expect.arrayContaining(['PLAIN', 'LOGIN']));
    expect(smtp.auth?.response).toMatch(/^235 /);
    expect(smtp.relay).toMatchObject({ checked: true, open: false });
    expect(smtp.relay?.response).toMatch(/Relay access denied/);
    expect(smtp.transcript.join('\n')).not.toMatch(/^C: DATA/m);
    expect(smtp.transcript).toContain('C: AUTH PLAIN <redacted>');
    expect(smtp.capabilities).toEqual(expect.arrayContaining(['PIPELINING', '8BITMIME', 'SMTPUTF8']));
    const imap = server(r, 'imap');
    expect(imap.ok).toBe(true);
    expect(imap.folders).toMatchObject({ '\\Sent': 'Sent', '\\Drafts': 'Drafts', '\\Trash': 'Trash', '\\Junk': 'Junk' });
    expect(imap.idle).toBe(true);
    expect(imap.steps.every((s) => s.ms >= 0 && s.ok)).toBe(true);
  });

  it('good path: 465 implicit TLS + 143 STARTTLS', async () => {
    const r = await runTest('good-465-143', { ...alice, smtp: main(465, 'tls'), imap: main(143, 'starttls') });
    expect(r.ok).toBe(true);
    expect(server(r, 'smtp').auth?.ok).toBe(true);
    const imap = server(r, 'imap');
    expect(imap.steps.find((s) => s.step === 'connect')?.detail).toMatch(/via STARTTLS/);
    expect(imap.transcript).toContain('C: 1 STARTTLS');
    // the login came after STARTTLS
    const t = imap.transcript.join('\n');
    expect(t.indexOf('STARTTLS')).toBeLessThan(t.search(/AUTHENTICATE|LOGIN /));
  });

  it('a password with non-ASCII characters and quotes works on all four ports', async () => {
    const bob = { email: USERS.bob.email, password: USERS.bob.password };
    const a = await runTest('bob-587-993', { ...bob, smtp: main(587, 'starttls'), imap: main(993, 'tls') });
    const b = await runTest('bob-465-143', { ...bob, smtp: main(465, 'tls'), imap: main(143, 'starttls') });
    expect([a.ok, b.ok]).toEqual([true, true]);
  });

  it('wrong password: AUTH_FAILED and IMAP_LOGIN_FAILED with the servers’ own words', async () => {
    const r = await runTest('wrong-password', { email: alice.email, password: 'not-the-password', smtp: main(587, 'starttls'), imap: main(993, 'tls') });
    expect(r.ok).toBe(false);
    const smtp = server(r, 'smtp');
    expect(codes(smtp)).toEqual(['AUTH_FAILED']);
    expect(smtp.diagnosis[0]?.message).toContain('535 5.7.8');
    expect(smtp.diagnosis[0]?.fix).toMatch(/password/);
    const imap = server(r, 'imap');
    expect(codes(imap)).toEqual(['IMAP_LOGIN_FAILED']);
    expect(imap.auth?.response).toMatch(/AUTHENTICATIONFAILED/);
    expect(r.summary).toMatch(/AUTH_FAILED/);
  });

  it('certificate for another host name (cPanel case): stops before the password, the fix names the right host', async () => {
    const hoster = (port: number, security: 'tls' | 'starttls') => ({ host: 'mail.hoster.test', port, security });
    const r = await runTest('hostname-mismatch', { ...alice, smtp: hoster(587, 'starttls'), imap: hoster(993, 'tls') });
    for (const s of r.servers) {
      expect(codes(s)).toContain('CERT_HOSTNAME_MISMATCH');
      const d = s.diagnosis.find((x) => x.code === 'CERT_HOSTNAME_MISMATCH');
      expect(d?.message).toContain(HOSTER_CERT_NAME);
      expect(d?.fix).toContain(`Use ${HOSTER_CERT_NAME}`);
      expect(s.auth?.attempted).toBe(false);
      expect(s.transcript.join('\n')).not.toMatch(credentialCommand);
    }
    // …and the suggested name works
    const fixed = await runTest('hostname-fixed', {
      ...alice,
      smtp: { host: HOSTER_CERT_NAME, port: 587, security: 'starttls' },
      imap: { host: HOSTER_CERT_NAME, port: 993, security: 'tls' },
    });
    expect(fixed.ok).toBe(true);
  });

  it('untrusted certificate: refused before the password unless that exact fingerprint is trusted', async () => {
    const untrusted = { smtp: { host: 'mail.untrusted.test', port: 465, security: 'tls' as const }, imap: { host: 'mail.untrusted.test', port: 993, security: 'tls' as const } };
    const r = await runTest('untrusted', { ...alice, ...untrusted });
    const smtp = server(r, 'smtp');
    expect(codes(smtp)).toEqual(['CERT_UNTRUSTED']);
    expect(smtp.tls?.validated).toBe(false);
    expect(smtp.tls?.chain[0]?.issuer).toMatch(/Unknown Rogue CA/);
    for (const s of r.servers) expect(s.transcript.join('\n')).not.toMatch(credentialCommand);
    const fp = smtp.tls?.chain[0]?.fingerprint256 ?? '';
    expect(smtp.diagnosis[0]?.fix).toContain(fp);

    const wrongFp = await runTest('untrusted-other-fp', { ...alice, ...untrusted, trustFingerprints: ['00'.repeat(32)] });
    expect(wrongFp.ok).toBe(false);
    // the user trusts exactly this certificate (any spelling of its SHA-256): the login goes ahead
    const trusted = await runTest('untrusted-trusted-fp', { ...alice, ...untrusted, trustFingerprints: [fp.toLowerCase().replace(/:/g, '')] });
    expect(trusted.ok).toBe(true);
    expect(codes(server(trusted, 'smtp'))).toEqual(['CERT_TRUSTED_BY_FINGERPRINT']);
    expect(server(trusted, 'imap').auth?.ok).toBe(true);
  });

  it('expired certificate from the trusted CA: CERT_EXPIRED with its end date, no password, unless that exact fingerprint is trusted', async () => {
    const expired = { smtp: { host: EXPIRED_CERT.name, port: 587, security: 'starttls' as const }, imap: { host: EXPIRED_CERT.name, port: 993, security: 'tls' as const } };
    // the stack's own certificate file, so the report is checked against the real thing
    const cert = new X509Certificate(await readFile(path.join(stack!.dir, 'expired.crt')));
    expect(new Date(cert.validTo).toISOString()).toBe(EXPIRED_CERT.notAfterIso);
    const r = await runTest('expired', { ...alice, ...expired });
    expect(r.ok).toBe(false);
    for (const s of r.servers) {
      // only expiry is wrong: trusted issuer, matching name; not reported as untrusted
      expect(codes(s), s.protocol).toEqual(['CERT_EXPIRED']);
      expect(s.tls).toMatchObject({ validated: false, hostnameMatches: true, trustedByFingerprint: false, error: 'CERT_HAS_EXPIRED' });
      expect(s.tls?.chain[0]).toMatchObject({ fingerprint256: cert.fingerprint256, validTo: EXPIRED_CERT.notAfterIso });
      expect(s.tls?.chain[0]?.issuer).toMatch(/MailSetup Test CA/);
      expect(s.diagnosis[0]).toMatchObject({ severity: 'error' });
      expect(s.diagnosis[0]?.message).toContain(`has expired (valid until ${EXPIRED_CERT.notAfterIso})`);
      expect(s.diagnosis[0]?.fix).toMatch(/renew/);
      expect(s.auth?.attempted).toBe(false);
      expect(s.transcript.join('\n')).not.toMatch(credentialCommand);
    }

    const wrongFp = await runTest('expired-other-fp', { ...alice, ...expired, trustFingerprints: ['00'.repeat(32)] });
    for (const s of wrongFp.servers) expect(codes(s)).toEqual(['CERT_EXPIRED']);
    // trusting exactly this certificate lets the login go ahead on both servers
    const trusted = await runTest('expired-trusted-fp', { ...alice, ...expired, trustFingerprints: [cert.fingerprint256] });
    expect(trusted.ok).toBe(true);
    for (const s of trusted.servers) {
      expect(codes(s)).toEqual(['CERT_TRUSTED_BY_FINGERPRINT']);
      expect(s.auth?.ok).toBe(true);
    }
  });

  it('closed port: CONNECTION_REFUSED, and the fix offers the other port', async () => {
    const r = await runTest('closed', {
      ...alice,
      smtp: { host: 'closed.example.test', port: 587, security: 'starttls' },
      imap: { host: 'closed.example.test', port: 993, security: 'tls' },
    });
    expect(codes(server(r, 'smtp'))).toEqual(['CONNECTION_REFUSED']);
    expect(server(r, 'smtp').diagnosis[0]?.fix).toMatch(/port 465/);
    expect(server(r, 'imap').diagnosis[0]?.fix).toMatch(/port 143/);
  });

  describe('servers of our own', () => {
    const tools: TcpTool[] = [];
    afterAll(async () => {
      await Promise.all(tools.map((t) => t.close()));
    });

    it('a port that accepts and never answers: CONNECTION_TIMEOUT within the step timeout', async () => {
      const silentSmtp = await startSilentServer(ADDR.silent, 587);
      const silentImap = await startSilentServer(ADDR.silent, 993);
      tools.push(silentSmtp, silentImap);
      const r = await runTest('silent', {
        ...alice,
        timeoutMs: 800,
        smtp: { host: 'silent.example.test', port: 587, security: 'starttls' },
        imap: { host: 'silent.example.test', port: 993, security: 'tls' },
      });
      const smtp = server(r, 'smtp');
      expect(codes(smtp)).toEqual(['CONNECTION_TIMEOUT']);
      expect(smtp.diagnosis[0]?.message).toMatch(/never answered/);
      expect(codes(server(r, 'imap'))[0]).toMatch(/CONNECTION_TIMEOUT|TLS_HANDSHAKE_FAILED/);
      expect(silentSmtp.clientBytes().length).toBe(0);
    });

    it('STARTTLS stripped by a man in the middle: error, and not one byte of the password on the wire', async () => {
      const smtpProxy = await startStarttlsStripper(ADDR.strip, 587, { host: ADDR.main, port: 587 });
      const imapProxy = await startStarttlsStripper(ADDR.strip, 143, { host: ADDR.main, port: 143 });
      tools.push(smtpProxy, imapProxy);
      for (const user of [USERS.alice, USERS.bob]) {
        const r = await runTest(`stripped-${user.email.split('@')[0]}`, {
          email: user.email,
          password: user.password,
          smtp: { host: 'strip.example.test', port: 587, security: 'starttls' },
          imap: { host: 'strip.example.test', port: 143, security: 'starttls' },
        });
        expect(r.ok).toBe(false);
        expect(codes(server(r, 'smtp'))).toContain('STARTTLS_UNAVAILABLE');
        expect(codes(server(r, 'imap'))).toContain('STARTTLS_UNAVAILABLE');
      }
      const wire = Buffer.concat([smtpProxy.clientBytes(), imapProxy.clientBytes()]);
      expect(wire.length).toBeGreaterThan(0);
      const text = wire.toString('latin1');
      expect(text).toMatch(/EHLO/); // the proxy did see the client…
      expect(text).not.toMatch(/AUTH|LOGIN|AUTHENTICATE/i); // …but no login command
      for (const u of [USERS.alice, USERS.bob]) {
        for (const form of secretForms(u.password)) expect(wire.includes(Buffer.from(form, 'utf8'))).toBe(false);
      }
    });
  });

  it('STARTTLS advertised, then refused or broken: an error, never a fallback to plaintext', async () => {
    const refuser = await startProxy({
      host: ADDR.strip, port: 2587, target: { host: ADDR.main, port: 587 },
      interceptClient: (line) => (/^STARTTLS\r?\n/i.test(line) ? '454 4.7.0 TLS not available due to local problem\r\n' : null),
    });
    const breaker = await startProxy({
      host: ADDR.strip, port: 3587, target: { host: ADDR.main, port: 587 },
      // accepts STARTTLS, then answers the TLS ClientHello with plain text
      interceptClient: (line) => (/^STARTTLS\r?\n/i.test(line) ? '220 2.0.0 Ready to start TLS\r\n' : /^\x16\x03/.test(line) ? 'this is not TLS\r\n' : null),
    });
    try {
      for (const [name, port] of [['starttls-refused', 2587], ['starttls-broken', 3587]] as const) {
        const r = await runTest(name, { ...alice, timeoutMs: 2000, smtp: { host: 'strip.example.test', port, security: 'starttls' }, imap: main(993, 'tls') });
        const smtp = server(r, 'smtp');
        expect(codes(smtp), name).toEqual(['TLS_HANDSHAKE_FAILED']);
        expect(smtp.transcript.join('\n')).not.toMatch(credentialCommand);
      }
      const wire = Buffer.concat([refuser.clientBytes(), breaker.clientBytes()]);
      for (const form of secretForms(alice.password)) expect(wire.includes(Buffer.from(form))).toBe(false);
      expect(wire.toString('latin1')).not.toMatch(/AUTH|MAIL FROM/);
    } finally {
      await Promise.all([refuser.close(), breaker.close()]);
    }
  });

  it('port 25 instead of submission: no AUTH after STARTTLS → AUTH_MECHANISM_UNSUPPORTED naming 587/465', async () => {
    const r = await runTest('port-25', { ...alice, smtp: main(25, 'starttls'), imap: main(993, 'tls') });
    const smtp = server(r, 'smtp');
    expect(codes(smtp)).toEqual(['AUTH_MECHANISM_UNSUPPORTED']);
    expect(smtp.diagnosis[0]?.fix).toMatch(/587 or 465/);
    expect(smtp.relay).toMatchObject({ checked: true, open: false });
    expect(smtp.transcript.join('\n')).not.toMatch(credentialCommand);
  });

  it('security "none": the servers are reached, the relay is checked, but no password is sent in clear', async () => {
    const r = await runTest('plaintext', {
      ...alice,
      smtp: { host: 'relay.example.test', port: 25, security: 'none' },
      imap: { host: 'mail.example.test', port: 143, security: 'none' },
    });
    const smtp = server(r, 'smtp');
    expect(codes(smtp)).toEqual(['PLAINTEXT_REFUSED', 'OPEN_RELAY']);
    expect(smtp.auth?.attempted).toBe(false);
    expect(codes(server(r, 'imap'))).toEqual(['PLAINTEXT_REFUSED']);
    for (const s of r.servers) expect(s.transcript.join('\n')).not.toMatch(credentialCommand);
  });

  it('server without STARTTLS: error, and a warning that it offers AUTH in the clear', async () => {
    const r = await runTest('no-starttls', { ...alice, smtp: { host: 'nostarttls.example.test', port: 587, security: 'starttls' }, imap: main(993, 'tls') });
    const smtp = server(r, 'smtp');
    expect(codes(smtp)).toEqual(['STARTTLS_UNAVAILABLE', 'AUTH_OFFERED_WITHOUT_TLS']);
    expect(smtp.auth?.offeredBeforeTls).toEqual(expect.arrayContaining(['PLAIN']));
    expect(smtp.transcript.join('\n')).not.toMatch(credentialCommand);
    expect(r.ok).toBe(false);
  });

  it('open relay: reported as an error (MAIL/RCPT without login accepted), DATA never sent', async () => {
    const r = await runTest('open-relay', { ...alice, smtp: { host: 'relay.example.test', port: 587, security: 'starttls' }, imap: main(993, 'tls') });
    const smtp = server(r, 'smtp');
    expect(smtp.relay).toMatchObject({ checked: true, open: true });
    expect(codes(smtp)).toEqual(['OPEN_RELAY']);
    expect(smtp.ok).toBe(false);
    expect(smtp.transcript.join('\n')).not.toMatch(/^C: DATA/m);
    expect(smtp.transcript).toContain('C: RSET');
  });

  it('password from the keychain (and a separate SMTP one), or a clear PASSWORD_MISSING', async () => {
    const missing = await dispatch(createHandlers(deps), 'test', { email: alice.email, smtp: main(587, 'starttls'), imap: main(993, 'tls') });
    expect(missing.ok).toBe(false);
    if (!missing.ok) expect(missing.error.code).toBe('PASSWORD_MISSING');
    keychain.items.set(alice.email, alice.password);
    keychain.items.set(`${alice.email}#smtp`, 'wrong-smtp-only');
    const r = await runTest('keychain', { email: alice.email, smtp: main(587, 'starttls'), imap: main(993, 'tls') });
    expect(server(r, 'imap').ok).toBe(true);
    expect(codes(server(r, 'smtp'))).toEqual(['AUTH_FAILED']);
    keychain.items.clear();
  });

  it('--save after a passing test stores the account and its password, with the test result', async () => {
    const failing = await runTest('save-failing', { email: alice.email, password: 'nope', smtp: main(587, 'starttls'), imap: main(993, 'tls'), save: true });
    expect(failing.saved).toMatchObject({ ok: false });
    expect(keychain.items.has(alice.email)).toBe(false);
    const r = await runTest('save', { ...alice, smtp: main(587, 'starttls'), imap: main(993, 'tls'), save: true });
    expect(r.saved).toEqual({ ok: true });
    expect(keychain.items.get(alice.email)).toBe(alice.password);
    const accounts = await dispatch(createHandlers(deps), 'accounts', {});
    expect(accounts.ok && accounts.value.find((a) => a.email === alice.email)?.lastTest).toMatchObject({ ok: true });
    await dispatch(createHandlers(deps), 'forget', { email: alice.email });
    keychain.items.clear();
  });

  it('save after a passing test keeps the given display name and the source the window passes on', async () => {
    const r = await runTest('save-named', { ...alice, smtp: main(587, 'starttls'), imap: main(993, 'tls'), save: true, displayName: 'Alice Example', source: 'srv' });
    expect(r.saved).toEqual({ ok: true });
    const accounts = await dispatch(createHandlers(deps), 'accounts', {});
    expect(accounts.ok && accounts.value.find((a) => a.email === alice.email)).toMatchObject({ displayName: 'Alice Example', source: 'srv', lastTest: { ok: true } });
    await dispatch(createHandlers(deps), 'forget', { email: alice.email });
    keychain.items.clear();
  });

  it('without --imap/--smtp the discovered recommendation is used', async () => {
    const isp = path.join(deps.configDir, 'isp');
    await mkdir(isp, { recursive: true });
    await writeFile(
      path.join(isp, 'example.test.xml'),
      `<?xml version="1.0"?>
<clientConfig version="1.1"><emailProvider id="example.test"><domain>example.test</domain>
<incomingServer type="imap"><hostname>imap.example.test</hostname><port>993</port><socketType>SSL</socketType><username>%EMAILADDRESS%</username><authentication>password-cleartext</authentication></incomingServer>
<outgoingServer type="smtp"><hostname>smtp.example.test</hostname><port>587</port><socketType>STARTTLS</socketType><username>%EMAILADDRESS%</username><authentication>password-cleartext</authentication></outgoingServer>
</emailProvider></clientConfig>`,
    );
    const r = await runTest('discovered', { ...alice, save: true });
    expect(r.source).toBe('local-override');
    expect(r.servers.map((s) => `${s.host}:${s.port}`).sort()).toEqual(['imap.example.test:993', 'smtp.example.test:587']);
    expect(r.ok).toBe(true);
    // --save keeps the provenance of discovered settings (not "manual").
    const accounts = await dispatch(createHandlers(deps), 'accounts', {});
    expect(accounts.ok && accounts.value.find((a) => a.email === alice.email)?.source).toBe('local-override');
    await dispatch(createHandlers(deps), 'forget', { email: alice.email });
    keychain.items.clear();
  });

  describe('the built CLI, as a user runs it', () => {
    let env: NodeJS.ProcessEnv;
    beforeAll(async () => {
      await run('npm', ['run', 'build:engine'], { cwd: ROOT });
      const configDir = await mkdtemp(path.join(os.tmpdir(), 'mailsetup-probe-cli-'));
      tempDirs.push(configDir);
      env = { ...process.env, MAILSETUP_CONFIG_DIR: configDir, NO_COLOR: '1' };
      delete env.NODE_EXTRA_CA_CERTS;
    });

    function cli(args: string[], stdin?: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
      return new Promise((resolve) => {
        const child = spawn(process.execPath, [path.join(ROOT, 'bin/mailsetup.js'), ...args], { cwd: ROOT, env });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (d) => (stdout += d));
        child.stderr.on('data', (d) => (stderr += d));
        child.on('close', (code) => resolve({ code, stdout, stderr }));
        child.stdin.end(stdin ?? '');
      });
    }
    const common = () => ['--resolver', stack!.dns, '--ca', stack!.caFile];

    it('--json, password through stdin: exit 0 and the TestReport', async () => {
      const res = await cli(['test', alice.email, '--password-stdin', '--json', '--imap', 'mail.example.test:993:tls', '--smtp', 'mail.example.test:587:starttls', ...common()], alice.password);
      await writeFile(path.join(OUT, 'cli-good.json'), res.stdout);
      expect(res.stderr).toBe('');
      expect(res.code).toBe(0);
      const report = JSON.parse(res.stdout) as TestReport;
      expect(report).toMatchObject({ email: alice.email, ok: true });
      expect(report.servers.map((s) => [s.protocol, s.ok])).toEqual([['smtp', true], ['imap', true]]);
    });

    it('human report of a success and of a failure (exit 1), and NODE_EXTRA_CA_CERTS instead of --ca', async () => {
      const good = await cli(['test', USERS.bob.email, '--password-stdin', '--imap', 'mail.example.test:143:starttls', '--smtp', 'mail.example.test:465:tls', ...common()], USERS.bob.password);
      await writeFile(path.join(OUT, 'cli-good.txt'), good.stdout);
      expect(good.code).toBe(0);
      expect(good.stdout).toMatch(/✓ auth/);
      expect(good.stdout).toMatch(/Everything works/);
      env.NODE_EXTRA_CA_CERTS = stack!.caFile;
      const bad = await cli(['test', alice.email, '--password-stdin', '--resolver', stack!.dns, '--imap', 'mail.hoster.test:993:tls', '--smtp', 'mail.example.test:587:starttls'], 'wrong-password');
      delete env.NODE_EXTRA_CA_CERTS;
      await writeFile(path.join(OUT, 'cli-failure.txt'), bad.stdout);
      expect(bad.code).toBe(1);
      expect(bad.stdout).toMatch(/AUTH_FAILED/);
      expect(bad.stdout).toMatch(/Use server1\.hoster\.test/);
    });

    it('a host name that does not exist (real DNS server, NXDOMAIN): DNS_NOT_FOUND for both, exit 1, nothing sent', async () => {
      const res = await cli(['test', alice.email, '--password-stdin', '--json', '--imap', 'nosuch.example.test:993:tls', '--smtp', 'nosuch.example.test:587:starttls', ...common()], alice.password);
      expect(res.code).toBe(1);
      const report = JSON.parse(res.stdout) as TestReport;
      for (const s of report.servers) {
        expect(codes(s)).toEqual(['DNS_NOT_FOUND']);
        expect(s.steps.map((x) => [x.step, x.ok])).toEqual([['resolve', false]]);
        expect(s.transcript).toEqual([]);
      }
    });

    it('bad usage exits 2 with one clear line; an unreadable --ca too', async () => {
      const badSpec = await cli(['test', alice.email, '--password-stdin', '--smtp', 'mail.example.test:587'], alice.password);
      expect(badSpec.code).toBe(2);
      expect(badSpec.stderr).toMatch(/^mailsetup: --smtp/);
      const badCa = await cli(['test', alice.email, '--password-stdin', '--ca', '/nonexistent/ca.pem'], alice.password);
      expect(badCa.code).toBe(2);
      expect(badCa.stderr).toMatch(/--ca .*cannot read/);
      const badFp = await cli(['test', alice.email, '--password-stdin', '--trust-fingerprint', 'abc'], alice.password);
      expect(badFp.code).toBe(2);
      for (const r of [badSpec, badCa, badFp]) expect(r.stderr).not.toMatch(/\n\s+at /);
    });

    it('--help teaches with examples', async () => {
      const res = await cli(['test', '--help']);
      expect(res.code).toBe(0);
      expect(res.stdout).toMatch(/--password-stdin/);
      expect(res.stdout).toMatch(/Examples:/);
    });
  });

  it('after everything: no file the run wrote holds a test password or its base64', async () => {
    const needles = Object.values(USERS).flatMap((u) => [u.password, ...base64Forms(u.password), Buffer.from(`\0${u.email}\0${u.password}`).toString('base64')]);
    const roots = [stack!.dir, ...tempDirs];
    const files: string[] = [];
    async function walk(p: string, onlyNew: boolean): Promise<void> {
      let st;
      try {
        st = await stat(p);
      } catch {
        return;
      }
      if (st.isDirectory()) {
        for (const e of await readdir(p).catch(() => [])) await walk(path.join(p, e), onlyNew);
      } else if (st.isFile() && st.size < 20_000_000 && (!onlyNew || st.mtimeMs >= suiteStart - 1000)) {
        files.push(p);
      }
    }
    for (const r of roots) await walk(r, false);
    await walk(path.join(ROOT, 'test-output'), true);
    // anything else written to the temp directory while the suite ran (top level, our prefix or not)
    for (const e of await readdir(os.tmpdir())) {
      if (e.startsWith('mailsetup-') || e.startsWith('vitest')) await walk(path.join(os.tmpdir(), e), true);
    }
    const hits: string[] = [];
    for (const f of new Set(files)) {
      const content = await readFile(f).catch(() => Buffer.alloc(0));
      for (const n of needles) if (content.includes(Buffer.from(n, 'utf8'))) hits.push(`${f}: ${n.slice(0, 3)}…`);
    }
    // the search did look at the servers' logs and our reports
    expect(files.some((f) => f.endsWith('maillog'))).toBe(true);
    expect(files.some((f) => f.endsWith('dovecot.log'))).toBe(true);
    expect(files.filter((f) => f.startsWith(OUT)).length).toBeGreaterThan(10);
    expect(hits).toEqual([]);
  });
});
