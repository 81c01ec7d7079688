// Real Postfix and Dovecot instances for the audit suites, in their own loopback block
// and their own directory, next to (never instead of) the shared mail stack. Configured
// for what the audit must recognise: open relay, AUTH before TLS, no AUTH, expired and
// mismatched certificates, no STARTTLS; Dovecot with ssl = no (also SASL for Postfix).
import { execFile, spawn } from 'node:child_process';
import { chmod, chown, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { makeLeaf } from '../mailstack/certs.js';
import { passwdFileDbs } from '../mailstack/configs.js';
import { tcpAccepts } from '../mailstack/stack.js';
import { AUDIT_ADDR as A, AUDIT_CERT_NAMES, EXPIRED_NAME, MISMATCH_CERT_NAME } from './addresses.js';

const run = promisify(execFile);

export interface AuditCerts {
  good: { cert: string; key: string };
  expired: { cert: string; key: string };
  mismatch: { cert: string; key: string };
}

/** Leaf certificates for the audit hosts, signed by the shared stack's throw-away CA. */
export async function makeAuditCerts(dir: string, stackDir: string, extraNames: string[] = []): Promise<AuditCerts> {
  const ca = { crt: path.join(stackDir, 'ca.crt'), key: path.join(stackDir, 'ca.key') };
  const [good, expired, mismatch] = await Promise.all([
    makeLeaf(dir, 'audit-good', ca, [...AUDIT_CERT_NAMES, ...extraNames].map((n) => `DNS:${n}`)),
    makeLeaf(dir, 'audit-expired', ca, [`DNS:${EXPIRED_NAME}`], { start: '20240101000000Z', end: '20250101000000Z' }),
    makeLeaf(dir, 'audit-mismatch', ca, [`DNS:${MISMATCH_CERT_NAME}`]),
  ]);
  return { good, expired, mismatch };
}

function dovecotConf(d: string, certs: AuditCerts): string {
  return `# audit suites: a good IMAP server, one without TLS, and SASL for the audit Postfix
protocols = imap
listen = ${A.plainImap}, ${A.goodImap}
base_dir = ${d}/run
state_dir = ${d}/state
instance_name = mailsetup-audit
log_path = ${d}/dovecot.log
auth_mechanisms = plain login
disable_plaintext_auth = yes
ssl = required
ssl_cert = <${certs.good.cert}
ssl_key = <${certs.good.key}
ssl_min_protocol = TLSv1.2
mail_location = maildir:~/Maildir
first_valid_uid = 1
${passwdFileDbs(d)}
local ${A.plainImap} {
  ssl = no
  disable_plaintext_auth = no
}
service imap-login {
  inet_listener imap {
    port = 143
  }
  inet_listener imaps {
    address = ${A.goodImap}
    port = 993
    ssl = yes
  }
}
service auth {
  unix_listener auth-postfix {
    mode = 0660
    user = postfix
    group = postfix
  }
}
`;
}

function mainCf(p: string, dovecotDir: string, certs: AuditCerts): string {
  return `# audit suites' Postfix
compatibility_level = 3.6
queue_directory = ${p}/spool
data_directory = ${p}/data
maillog_file_prefixes = /var, /dev/stdout, /tmp, ${p}
maillog_file = ${p}/maillog
mail_owner = postfix
setgid_group = postdrop
myhostname = mail.audit.test
mydomain = audit.test
# Services bind their own addresses in master.cf; Postfix only checks this names a local interface.
inet_interfaces = 127.0.0.1
inet_protocols = ipv4
mynetworks = 127.0.13.1/32
mydestination =
local_recipient_maps =
alias_maps =
alias_database =
default_transport = discard:outbound delivery disabled in test stack
relay_transport = discard:outbound delivery disabled in test stack
smtpd_tls_cert_file = ${certs.good.cert}
smtpd_tls_key_file = ${certs.good.key}
smtpd_tls_security_level = may
smtpd_tls_auth_only = yes
smtpd_tls_protocols = >=TLSv1.2
smtpd_sasl_type = dovecot
smtpd_sasl_path = ${dovecotDir}/run/auth-postfix
smtpd_sasl_auth_enable = no
smtpd_relay_restrictions = permit_sasl_authenticated, reject_unauth_destination
`;
}

function service(listen: string, name: string, opts: string[]): string {
  return [`${listen.padEnd(22)} inet n - n - - smtpd`, `  -o syslog_name=audit/${name}`, ...opts.map((o) => `  ${o}`)].join('\n');
}

function masterCf(certs: AuditCerts): string {
  const cert = (c: { cert: string; key: string }) => [`-o smtpd_tls_cert_file=${c.cert}`, `-o smtpd_tls_key_file=${c.key}`];
  const submission = ['-o smtpd_tls_security_level=encrypt', '-o smtpd_sasl_auth_enable=yes', '-o smtpd_relay_restrictions=permit_sasl_authenticated,reject'];
  const smtps = ['-o smtpd_tls_wrappermode=yes', '-o smtpd_sasl_auth_enable=yes', '-o smtpd_relay_restrictions=permit_sasl_authenticated,reject'];
  const openRelay = ['-o mynetworks=127.0.0.0/8', '-o smtpd_relay_restrictions=permit_mynetworks,reject_unauth_destination'];
  const services = [
    service(`${A.openRelay}:25`, 'openrelay', openRelay),
    service(`${A.openRelay}:587`, 'openrelay-sub', ['-o smtpd_tls_security_level=encrypt', '-o smtpd_sasl_auth_enable=yes', ...openRelay]),
    service(`${A.authPlain}:587`, 'authplain', ['-o smtpd_tls_security_level=may', '-o smtpd_tls_auth_only=no', '-o smtpd_sasl_auth_enable=yes', '-o smtpd_relay_restrictions=permit_sasl_authenticated,reject']),
    service(`${A.noAuth}:587`, 'noauth', ['-o smtpd_tls_security_level=encrypt', '-o smtpd_sasl_auth_enable=no', '-o smtpd_relay_restrictions=reject_unauth_destination']),
    service(`${A.expired}:25`, 'expired-mx', cert(certs.expired)),
    service(`${A.expired}:587`, 'expired', [...submission, ...cert(certs.expired)]),
    service(`${A.expired}:465`, 'expired-smtps', [...smtps, ...cert(certs.expired)]),
    service(`${A.mismatch}:587`, 'mismatch', [...submission, ...cert(certs.mismatch)]),
    service(`${A.mismatch}:465`, 'mismatch-smtps', [...smtps, ...cert(certs.mismatch)]),
    service(`${A.noStarttls}:587`, 'nostarttls', ['-o smtpd_tls_security_level=none', '-o smtpd_tls_auth_only=no', '-o smtpd_sasl_auth_enable=yes', '-o smtpd_relay_restrictions=permit_sasl_authenticated,reject']),
  ];
  const internals = (postfixInternals()).join('\n');
  return [...services, internals, ''].join('\n');
}

/** Postfix's internal services (the same set the shared stack runs). */
function postfixInternals(): string[] {
  return [
    'pickup unix n - n 60 1 pickup', 'cleanup unix n - n - 0 cleanup', 'qmgr unix n - n 300 1 qmgr', 'tlsmgr unix - - n 1000? 1 tlsmgr',
    'rewrite unix - - n - - trivial-rewrite', 'bounce unix - - n - 0 bounce', 'defer unix - - n - 0 bounce', 'trace unix - - n - 0 bounce',
    'verify unix - - n - 1 verify', 'flush unix n - n 1000? 0 flush', 'proxymap unix - - n - - proxymap', 'proxywrite unix - - n - 1 proxymap',
    'smtp unix - - n - - smtp', 'relay unix - - n - - smtp', 'showq unix n - n - - showq', 'error unix - - n - - error', 'retry unix - - n - - error',
    'discard unix - - n - - discard', 'anvil unix - - n - 1 anvil', 'scache unix - - n - 1 scache', 'postlog unix-dgram n - n - 1 postlogd',
  ];
}

export interface AuditServers {
  dir: string;
  certs: AuditCerts;
  stop(): Promise<void>;
}

async function waitFor(check: () => Promise<boolean>, ms: number, what: string, log: () => Promise<string>): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`audit servers: timed out waiting for ${what}\n${(await log()).slice(-3000)}`);
}

const PORTS: [string, number][] = [
  [A.openRelay, 25], [A.openRelay, 587], [A.authPlain, 587], [A.noAuth, 587], [A.expired, 25], [A.expired, 587], [A.expired, 465],
  [A.mismatch, 587], [A.mismatch, 465], [A.noStarttls, 587], [A.plainImap, 143], [A.goodImap, 143], [A.goodImap, 993],
];

async function daemon(cmd: string, args: string[], out: string): Promise<void> {
  const { openSync, closeSync } = await import('node:fs');
  const fd = openSync(out, 'a');
  try {
    const code = await new Promise<number | null>((resolve, reject) => {
      const child = spawn(cmd, args, { stdio: ['ignore', fd, fd] });
      child.once('error', reject);
      child.once('exit', resolve);
    });
    if (code !== 0) throw new Error(`${cmd} ${args.join(' ')} exited with ${code}: ${await readFile(out, 'utf8').catch(() => '')}`);
  } finally {
    closeSync(fd);
  }
}

export async function startAuditServers(stackDir: string, extraCertNames: string[] = []): Promise<AuditServers> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'mailsetup-audit-servers-'));
  await chmod(dir, 0o755);
  const certs = await makeAuditCerts(dir, stackDir, extraCertNames);
  const d = path.join(dir, 'dovecot');
  const p = path.join(dir, 'postfix');
  await Promise.all([mkdir(path.join(d, 'run'), { recursive: true }), mkdir(path.join(d, 'state'), { recursive: true }), mkdir(path.join(p, 'etc'), { recursive: true }), mkdir(path.join(p, 'spool'), { recursive: true }), mkdir(path.join(p, 'data'), { recursive: true })]);
  await writeFile(path.join(d, 'dovecot.conf'), dovecotConf(d, certs));
  await writeFile(path.join(d, 'users'), 'nobody@audit.test:{PLAIN}unused-password:65534:65534::/tmp\n', { mode: 0o640 });
  const gid = (await readFile('/etc/group', 'utf8')).split('\n').find((l) => l.startsWith('dovecot:'))?.split(':')[2];
  if (gid) await chown(path.join(d, 'users'), 0, Number(gid));
  const uid = (await readFile('/etc/passwd', 'utf8')).split('\n').find((l) => l.startsWith('postfix:'))?.split(':')[2];
  if (uid) await chown(path.join(p, 'data'), Number(uid), -1);
  await writeFile(path.join(p, 'etc', 'main.cf'), mainCf(p, d, certs));
  await writeFile(path.join(p, 'etc', 'master.cf'), masterCf(certs));
  const logs = async (): Promise<string> => [await readFile(path.join(p, 'maillog'), 'utf8').catch(() => ''), await readFile(path.join(d, 'dovecot.log'), 'utf8').catch(() => '')].join('\n');
  const stop = async (): Promise<void> => {
    await Promise.allSettled([run('postfix', ['-c', path.join(p, 'etc'), 'stop']), run('doveadm', ['-c', path.join(d, 'dovecot.conf'), 'stop'])]);
    await waitFor(async () => !(await Promise.all(PORTS.map(([h, port]) => tcpAccepts(h, port, 200)))).some(Boolean), 15_000, 'the ports to close', logs).catch(() => undefined);
    if (!process.env.MAILSTACK_KEEP) await rm(dir, { recursive: true, force: true });
  };
  try {
    await daemon('dovecot', ['-c', path.join(d, 'dovecot.conf')], path.join(d, 'start.out'));
    await daemon('postfix', ['-c', path.join(p, 'etc'), 'start'], path.join(p, 'start.out'));
    await waitFor(async () => (await Promise.all(PORTS.map(([h, port]) => tcpAccepts(h, port)))).every(Boolean), 20_000, 'Postfix and Dovecot to listen', logs);
  } catch (e) {
    await stop();
    throw e;
  }
  return { dir, certs, stop };
}
