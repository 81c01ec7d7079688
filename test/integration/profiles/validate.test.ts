// Every export checked by the real tool that reads it (Debian 12 versions): Python's
// plistlib, openssl cms, xmllint, msmtp --pretend, neomutt -Q, mbsync, tomllib,
// named-checkzone; and the keychain commands against a real gnome-keyring holding a
// password that @napi-rs/keyring wrote.
import { createServer } from 'node:net';
import { readFileSync, statSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Account } from '../../../shared/accounts.js';
import type { ExportFormat } from '../../../shared/profiles.js';
import { exportAccount } from '../../../core/profiles/export-account.js';
import { buildAppleProfile, appleProfileXml } from '../../../core/profiles/formats/apple.js';
import { prepareAccount } from '../../../core/profiles/prepared-account.js';
import { oneLine } from '../../../core/profiles/escape.js';
import type { ExportOptions } from '../../../core/profiles/types.js';
import { HOSTILE_NAME, hostileAccount, referenceAccount } from '../../unit/profiles/reference-account.js';
import { haveTools, inKeyring, run, tempDir, writeExport } from './tools.js';

const options: ExportOptions = { platform: 'linux', client: 'apple', profileUrl: 'https://example.com/p.mobileconfig' };
const NAME = oneLine(HOSTILE_NAME);
const NODE_MODULES = fileURLToPath(new URL('../../../node_modules/', import.meta.url));

/** A loopback port with nothing listening (bound, then closed). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

async function exportTo(dir: string, account: Account, format: ExportFormat, extra: Partial<ExportOptions> = {}): Promise<Map<string, string>> {
  const r = await exportAccount(account, format, { ...options, ...extra });
  if (!r.ok) throw new Error(`${format}: ${r.error.message}`);
  return writeExport(join(dir, format), r.value.files);
}

const one = (m: Map<string, string>): string => [...m.values()][0]!;

let loopAccount: Account;
let hostileLoop: Account;
beforeAll(async () => {
  const port = await closedPort();
  loopAccount = {
    ...referenceAccount,
    incoming: { ...referenceAccount.incoming, host: '127.0.0.1', port },
    outgoing: { ...referenceAccount.outgoing, host: '127.0.0.1', port },
  };
  hostileLoop = { ...hostileAccount, incoming: { ...hostileAccount.incoming, port }, outgoing: { ...hostileAccount.outgoing, port } };
});

describe.each([
  ['reference', () => referenceAccount],
  ['hostile', () => hostileAccount],
])('Apple profile (%s account)', (_label, account) => {
  it('python3 plistlib reads exactly the profile we built', async () => {
    if (!haveTools('python3')) return;
    const dir = tempDir('apple');
    const path = one(await exportTo(dir, account(), 'apple'));
    const py = run('python3', ['-c', 'import plistlib,sys,json; d=plistlib.load(open(sys.argv[1],"rb")); assert d["PayloadType"]=="Configuration"; print(json.dumps(d))', path]);
    expect(py.stderr).toBe('');
    expect(py.status).toBe(0);
    const prepared = prepareAccount(account());
    if (!prepared.ok) throw new Error('prepare');
    const built = buildAppleProfile(prepared.value, {}, []);
    if (!built.ok) throw new Error('build');
    expect(JSON.parse(py.stdout)).toEqual(JSON.parse(JSON.stringify(built.value)));
    expect(run('xmllint', ['--noout', '--nonet', path]).status).toBe(0);
  });

  it('a signed profile verifies with openssl cms and unwraps to the exact plist', async () => {
    if (!haveTools('openssl', 'python3')) return;
    const dir = tempDir('sign');
    const gen = run('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'), '-days', '2', '-subj', '/CN=MailSetup throw-away signer'], { cwd: dir });
    expect(gen.status, gen.stderr).toBe(0);
    const signing = { certPem: readFileSync(join(dir, 'cert.pem'), 'utf8'), keyPem: readFileSync(join(dir, 'key.pem'), 'utf8') };
    const signed = one(await exportTo(dir, account(), 'apple', { signing }));
    const out = join(dir, 'extracted.mobileconfig');
    const verify = run('openssl', ['cms', '-verify', '-binary', '-inform', 'DER', '-in', signed, '-CAfile', join(dir, 'cert.pem'), '-purpose', 'any', '-out', out]);
    expect(verify.stderr).toMatch(/Verification successful/);
    expect(verify.status).toBe(0);
    const prepared = prepareAccount(account());
    if (!prepared.ok) throw new Error('prepare');
    const built = buildAppleProfile(prepared.value, {}, []);
    if (!built.ok) throw new Error('build');
    expect(readFileSync(out, 'utf8')).toBe(appleProfileXml(built.value));
    // A tampered file must fail verification.
    const bytes = readFileSync(signed);
    const at = bytes.indexOf(Buffer.from('IncomingMailServerHostName'));
    bytes[at] = 'J'.charCodeAt(0);
    writeFileSync(join(dir, 'tampered'), bytes);
    expect(run('openssl', ['cms', '-verify', '-binary', '-inform', 'DER', '-in', join(dir, 'tampered'), '-CAfile', join(dir, 'cert.pem'), '-purpose', 'any', '-out', '/dev/null']).status).not.toBe(0);
  });
});

describe('XML exports', () => {
  it('xmllint parses autoconfig, Autodiscover, .k9s and the publish kit, for both accounts', async () => {
    if (!haveTools('xmllint')) return;
    for (const account of [referenceAccount, hostileAccount]) {
      const dir = tempDir('xml');
      const paths = [
        ...(await exportTo(dir, account, 'thunderbird-autoconfig')).values(),
        ...(await exportTo(dir, account, 'outlook-autodiscover')).values(),
        ...(await exportTo(dir, account, 'k9s')).values(),
        ...[...(await exportTo(dir, account, 'publish-kit')).entries()].filter(([n]) => /\.(xml|mobileconfig)$/.test(n)).map(([, p]) => p),
      ];
      expect(paths.length).toBe(6);
      for (const p of paths) {
        const r = run('xmllint', ['--noout', '--nonet', p]);
        expect(r.stderr, p).toBe('');
        expect(r.status, p).toBe(0);
      }
    }
  });

  it('xmllint --html reads the helpdesk sheet and finds the hostile name only as text', async () => {
    if (!haveTools('xmllint')) return;
    const dir = tempDir('html');
    const path = one(await exportTo(dir, hostileAccount, 'helpdesk-sheet'));
    const r = run('xmllint', ['--html', '--noout', '--nonet', path]);
    expect(r.stderr.split('\n').filter((l) => /error/i.test(l) && !/Tag (svg|path|figure|figcaption) invalid/.test(l) && !/^\s*$/.test(l) && !l.includes('^'))).toEqual([]);
    const text = run('xmllint', ['--html', '--nonet', '--xpath', 'string(//table)', path]);
    expect(text.stdout).toContain(NAME);
  });
});

describe('text configs read by their tools', () => {
  it('msmtp --pretend reads the account (reference and hostile)', async () => {
    if (!haveTools('msmtp')) return;
    for (const account of [referenceAccount, hostileAccount]) {
      const dir = tempDir('msmtp');
      const path = one(await exportTo(dir, account, 'msmtp'));
      // passwordeval is run by --pretend: give it a harmless stand-in on a PATH of our own.
      mkdirSync(join(dir, 'bin'));
      writeFileSync(join(dir, 'bin', 'secret-tool'), '#!/bin/sh\necho stand-in\n', { mode: 0o755 });
      const r = run('msmtp', [`--file=${path}`, '--pretend'], { env: { PATH: `${join(dir, 'bin')}:${process.env.PATH}`, HOME: dir } });
      expect(r.stderr).not.toMatch(/line \d+|unknown|cannot/i);
      expect(r.status).toBe(0);
      expect(r.stdout).toContain(`host = ${account.outgoing.host}`);
      expect(r.stdout).toContain(`port = ${account.outgoing.port}`);
      expect(r.stdout).toContain(`user = ${account.outgoing.username}`);
      expect(r.stdout).toContain(`tls_starttls = ${account.outgoing.security === 'starttls' ? 'on' : 'off'}`);
    }
  });

  it('neomutt -Q reads every variable without errors (reference and hostile)', async () => {
    if (!haveTools('neomutt')) return;
    for (const account of [referenceAccount, hostileAccount]) {
      const dir = tempDir('mutt');
      const path = one(await exportTo(dir, account, 'mutt'));
      mkdirSync(join(dir, 'bin'));
      writeFileSync(join(dir, 'bin', 'secret-tool'), '#!/bin/sh\nprintf stand-in\n', { mode: 0o755 });
      const r = run('neomutt', ['-n', '-F', path, '-Q', 'real_name', '-Q', 'imap_user', '-Q', 'folder', '-Q', 'smtp_url', '-Q', 'imap_pass', '-Q', 'ssl_force_tls'], {
        env: { PATH: `${join(dir, 'bin')}:${process.env.PATH}`, HOME: dir, TERM: 'dumb' },
      });
      // neomutt exits 0 even on unknown variables: the error output is the verdict.
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      const q = (s: string) => s.replace(/[\\"`$]/g, (c) => (c === '\\' || c === '"' ? `\\${c}` : c));
      expect(r.stdout).toContain(`set real_name = "${q(account === hostileAccount ? NAME : account.displayName!)}"`);
      expect(r.stdout).toContain(`set imap_user = "${q(account.incoming.username)}"`);
      expect(r.stdout).toContain('set imap_pass = "stand-in"');
      expect(r.stdout).toContain('set ssl_force_tls = yes');
    }
  });

  it('mbsync parses the config and stops only at the (closed) network port', async () => {
    if (!haveTools('mbsync')) return;
    for (const account of [loopAccount, hostileLoop]) {
      const dir = tempDir('mbsync');
      const path = one(await exportTo(dir, account, 'mbsync'));
      const text = readFileSync(path, 'utf8');
      const name = /^IMAPAccount (\S+)$/m.exec(text)![1]!;
      mkdirSync(join(dir, 'Mail', name, 'INBOX', 'cur'), { recursive: true });
      for (const d of ['new', 'tmp']) mkdirSync(join(dir, 'Mail', name, 'INBOX', d));
      const r = run('mbsync', ['-c', path, '-l', name], { env: { PATH: process.env.PATH, HOME: dir } });
      expect(r.stderr).not.toMatch(/:\d+: |not recognized|unknown/i);
      expect(r.stderr).toMatch(/Cannot connect to 127\.0\.0\.1/);
    }
  });

  it('python3 tomllib reads the himalaya config with the same values', async () => {
    if (!haveTools('python3')) return;
    for (const account of [referenceAccount, hostileAccount]) {
      const dir = tempDir('toml');
      const path = one(await exportTo(dir, account, 'himalaya'));
      const r = run('python3', ['-c', 'import tomllib,sys,json; print(json.dumps(tomllib.load(open(sys.argv[1],"rb"))))', path]);
      expect(r.stderr).toBe('');
      const doc = JSON.parse(r.stdout) as { accounts: Record<string, Record<string, unknown>> };
      expect(Object.keys(doc.accounts)).toEqual([account.email]);
      const a = doc.accounts[account.email]!;
      expect(a['display-name']).toBe(oneLine(account.displayName!));
      expect(a.backend).toMatchObject({ type: 'imap', host: account.incoming.host, port: account.incoming.port, login: account.incoming.username });
    }
  });

  it('aerc: python3 configparser reads one section; the file is mode 0600', async () => {
    if (!haveTools('python3')) return;
    for (const account of [referenceAccount, hostileAccount]) {
      const dir = tempDir('aerc');
      const path = one(await exportTo(dir, account, 'aerc'));
      expect(statSync(path).mode & 0o777).toBe(0o600);
      const r = run('python3', ['-c', 'import configparser,sys,json; c=configparser.ConfigParser(interpolation=None); c.read(sys.argv[1]); print(json.dumps({s: dict(c[s]) for s in c.sections()}))', path]);
      expect(r.stderr).toBe('');
      const doc = JSON.parse(r.stdout) as Record<string, Record<string, string>>;
      expect(Object.keys(doc)).toEqual([account.email]);
      expect(new URL(doc[account.email]!.source!).hostname).toBe(account.incoming.host);
    }
  });

  it('named-checkzone accepts the SRV lines', async () => {
    if (!haveTools('named-checkzone')) return;
    for (const account of [referenceAccount, hostileAccount]) {
      const dir = tempDir('zone');
      const srv = readFileSync(one(await exportTo(dir, account, 'dns-srv')), 'utf8');
      const zone = join(dir, 'zone');
      writeFileSync(zone, `$TTL 3600\n@ IN SOA ns.example.com. admin.example.com. 1 3600 600 86400 300\n@ IN NS ns.example.com.\nns IN A 127.0.0.1\n${srv}`);
      const r = run('named-checkzone', ['example.com', zone]);
      expect(r.stdout + r.stderr).toMatch(/OK/);
      expect(r.status).toBe(0);
    }
  });
});

describe('keychain commands in the exports', () => {
  it('find the password that @napi-rs/keyring stored (service mailsetup, username EMAIL)', async () => {
    if (!haveTools('dbus-run-session', 'gnome-keyring-daemon', 'secret-tool', 'neomutt', 'msmtp')) return;
    const dir = tempDir('kc');
    const account: Account = { ...hostileAccount, separateSmtpPassword: true };
    const mutt = one(await exportTo(dir, account, 'mutt'));
    const msmtp = one(await exportTo(dir, account, 'msmtp'));
    const aerc = readFileSync(one(await exportTo(dir, account, 'aerc')), 'utf8');
    const toml = readFileSync(one(await exportTo(dir, account, 'himalaya')), 'utf8');
    const mbsync = readFileSync(one(await exportTo(dir, account, 'mbsync')), 'utf8');
    const cmds = {
      aercIn: /^source-cred-cmd\s*=\s*(.*)$/m.exec(aerc)![1]!,
      aercOut: /^outgoing-cred-cmd\s*=\s*(.*)$/m.exec(aerc)![1]!,
      himalaya: JSON.parse(/^backend\.auth\.cmd = (.*)$/m.exec(toml)![1]!) as string,
      mbsync: /^PassCmd "(.*)"$/m.exec(mbsync)![1]!.replace(/\\(.)/g, '$1'),
    };
    writeFileSync(join(dir, 'cmds.json'), JSON.stringify(cmds));
    const store = `const { Entry } = require(${JSON.stringify(join(NODE_MODULES, '@napi-rs/keyring'))});
      const e = ${JSON.stringify(account.email)};
      new Entry('mailsetup', e, { linux: { store: 'secret-service' } }).setPassword('imap-pass-1');
      new Entry('mailsetup', e + '#smtp', { linux: { store: 'secret-service' } }).setPassword('smtp-pass-2');`;
    const check = `const { execSync } = require('node:child_process'); const c = require(${JSON.stringify(join(dir, 'cmds.json'))});
      for (const [k, cmd] of Object.entries(c)) console.log(k + '=' + execSync(cmd, { shell: '/bin/sh' }).toString().trim());`;
    const r = inKeyring(
      [
        `node -e ${shq(store)}`,
        `neomutt -n -F ${shq(mutt)} -Q imap_pass -Q smtp_pass`,
        `msmtp --file=${shq(msmtp)} --pretend >/dev/null && echo msmtp-ok`,
        `node -e ${shq(check)}`,
      ].join('\n'),
    );
    expect(r.stdout).toContain('set imap_pass = "imap-pass-1"');
    expect(r.stdout).toContain('set smtp_pass = "smtp-pass-2"');
    expect(r.stdout).toContain('msmtp-ok');
    expect(r.stdout).toContain('aercIn=imap-pass-1');
    expect(r.stdout).toContain('aercOut=smtp-pass-2');
    expect(r.stdout).toContain('himalaya=imap-pass-1');
    expect(r.stdout).toContain('mbsync=imap-pass-1');
    expect(r.stderr).not.toMatch(/syntax error/i);
  });
});

function shq(s: string): string {
  return `'${s.replace(/'/g, `'"'"'`)}'`;
}
