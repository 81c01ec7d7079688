// A throw-away CA and the stack's server certificates, made with the openssl CLI.
import { execFile } from 'node:child_process';
import { chmod, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { HOSTER_CERT_NAME, MAIN_CERT_NAMES } from './fixtures.js';

const run = promisify(execFile);

export interface StackCerts {
  /** The test CA that clients trust (PEM file). */
  caFile: string;
  main: { cert: string; key: string };
  /** Valid, trusted, but only for server1.hoster.test. */
  hoster: { cert: string; key: string };
  /** Signed by a CA that is not given to clients. */
  untrusted: { cert: string; key: string };
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

async function makeLeaf(dir: string, name: string, ca: { crt: string; key: string }, sans: string[]): Promise<{ cert: string; key: string }> {
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
  await run('openssl', ['x509', '-req', '-in', csr, '-CA', ca.crt, '-CAkey', ca.key, '-CAcreateserial', '-out', cert, '-days', '30', '-sha256', '-extfile', ext]);
  // Dovecot's and Postfix's master processes read the keys as root before dropping privileges.
  await chmod(key, 0o600);
  return { cert, key };
}

export async function makeCerts(dir: string): Promise<StackCerts> {
  const [ca, rogue] = await Promise.all([makeCa(dir, 'ca', 'MailSetup Test CA'), makeCa(dir, 'rogue-ca', 'Unknown Rogue CA')]);
  const [main, hoster, untrusted] = await Promise.all([
    makeLeaf(dir, 'main', ca, [...MAIN_CERT_NAMES.map((n) => `DNS:${n}`), 'IP:127.0.0.1']),
    makeLeaf(dir, 'hoster', ca, [`DNS:${HOSTER_CERT_NAME}`]),
    makeLeaf(dir, 'untrusted', rogue, ['DNS:mail.untrusted.test']),
  ]);
  await Promise.all([chmod(ca.key, 0o600), chmod(rogue.key, 0o600)]);
  return { caFile: ca.crt, main, hoster, untrusted };
}
