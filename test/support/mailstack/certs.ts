// A throw-away CA and the stack's server certificates, made with the openssl CLI.
import { execFile } from 'node:child_process';
import { chmod, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { EXPIRED_CERT, HOSTER_CERT_NAME, MAIN_CERT_NAMES } from './fixtures.js';

const run = promisify(execFile);

export interface StackCerts {
  /** The test CA that clients trust (PEM file). */
  caFile: string;
  main: { cert: string; key: string };
  /** Valid, trusted, but only for server1.hoster.test. */
  hoster: { cert: string; key: string };
  /** Signed by a CA that is not given to clients. */
  untrusted: { cert: string; key: string };
  /** Trusted CA, right name, but its validity ended in the past. */
  expired: { cert: string; key: string };
}

/** Validity dates in openssl's YYYYMMDDHHMMSSZ form. */
interface Validity {
  start: string;
  end: string;
}

async function makeCa(dir: string, name: string, cn: string): Promise<{ crt: string; key: string }> {
  const crt = path.join(dir, `${name}.crt`);
  const key = path.join(dir, `${name}.key`);
  await run('openssl', [
    'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', crt, '-days', '30', '-subj', `/CN=${cn}`,
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign',
  ]);
  return { crt, key };
}

/**
 * Signs with `openssl ca`, the only signer in OpenSSL 3.0 that takes explicit dates
 * (`x509 -req` only knows `-days` from now), so the certificate can lie in the past.
 */
async function signDated(dir: string, name: string, ca: { crt: string; key: string }, csr: string, ext: string, cert: string, v: Validity): Promise<void> {
  const db = path.join(dir, `${name}-ca-db`);
  await mkdir(db, { recursive: true });
  await Promise.all([writeFile(path.join(db, 'index.txt'), ''), writeFile(path.join(db, 'serial'), '1000\n')]);
  const cnf = path.join(db, 'ca.cnf');
  await writeFile(cnf, [
    '[ca]', 'default_ca = dated',
    '[dated]', `database = ${db}/index.txt`, `new_certs_dir = ${db}`, `serial = ${db}/serial`,
    'policy = any_name', 'default_md = sha256', 'unique_subject = no',
    '[any_name]', 'commonName = supplied', '',
  ].join('\n'));
  await run('openssl', ['ca', '-batch', '-notext', '-config', cnf, '-in', csr, '-cert', ca.crt, '-keyfile', ca.key, '-out', cert, '-startdate', v.start, '-enddate', v.end, '-extfile', ext]);
}

export async function makeLeaf(dir: string, name: string, ca: { crt: string; key: string }, sans: string[], validity?: Validity): Promise<{ cert: string; key: string }> {
  const key = path.join(dir, `${name}.key`);
  const csr = path.join(dir, `${name}.csr`);
  const cert = path.join(dir, `${name}.crt`);
  const ext = path.join(dir, `${name}.ext`);
  await run('openssl', ['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', csr, '-subj', `/CN=${sans[0]?.replace(/^(DNS|IP):/, '')}`]);
  await writeFile(ext, [
    `subjectAltName=${sans.join(',')}`,
    'basicConstraints=CA:FALSE',
    'keyUsage=critical,digitalSignature,keyEncipherment',
    'extendedKeyUsage=serverAuth',
    '',
  ].join('\n'));
  if (validity) await signDated(dir, name, ca, csr, ext, cert, validity);
  else await run('openssl', ['x509', '-req', '-in', csr, '-CA', ca.crt, '-CAkey', ca.key, '-CAcreateserial', '-out', cert, '-days', '30', '-sha256', '-extfile', ext]);
  // Dovecot's and Postfix's master processes read the keys as root before dropping privileges.
  await chmod(key, 0o600);
  return { cert, key };
}

export async function makeCerts(dir: string): Promise<StackCerts> {
  const [ca, rogue] = await Promise.all([makeCa(dir, 'ca', 'MailSetup Test CA'), makeCa(dir, 'rogue-ca', 'Unknown Rogue CA')]);
  const [main, hoster, untrusted, expired] = await Promise.all([
    makeLeaf(dir, 'main', ca, [...MAIN_CERT_NAMES.map((n) => `DNS:${n}`), 'IP:127.0.0.1']),
    makeLeaf(dir, 'hoster', ca, [`DNS:${HOSTER_CERT_NAME}`]),
    makeLeaf(dir, 'untrusted', rogue, ['DNS:mail.untrusted.test']),
    makeLeaf(dir, 'expired', ca, [`DNS:${EXPIRED_CERT.name}`], { start: EXPIRED_CERT.notBefore, end: EXPIRED_CERT.notAfter }),
  ]);
  await Promise.all([chmod(ca.key, 0o600), chmod(rogue.key, 0o600)]);
  return { caFile: ca.crt, main, hoster, untrusted, expired };
}
