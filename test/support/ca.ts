// A throw-away certificate authority for tests, made with the openssl CLI (EC keys,
// so it takes milliseconds). Leaf certificates carry the DNS names (or IP addresses) the test asks for.
import { execFileSync } from 'node:child_process';
import { isIP } from 'node:net';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TestCa {
  caPem: string;
  /** The CA certificate as a file, for NODE_EXTRA_CA_CERTS. */
  caFile: string;
  issue(names: string[]): { cert: string; key: string };
  cleanup(): void;
}

function openssl(args: string[], cwd: string): void {
  execFileSync('openssl', args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
}

export function createTestCa(commonName = 'MailSetup Test CA'): TestCa {
  const dir = mkdtempSync(join(tmpdir(), 'mailsetup-ca-'));
  openssl(
    ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '3', '-subj', `/CN=${commonName}`,
      '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign'],
    dir,
  );
  let serial = 0;
  return {
    caPem: readFileSync(join(dir, 'ca.pem'), 'utf8'),
    caFile: join(dir, 'ca.pem'),
    issue(names) {
      const n = ++serial;
      writeFileSync(join(dir, `leaf${n}.ext`), `basicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\nsubjectAltName=${names.map((x) => (isIP(x) ? `IP:${x}` : `DNS:${x}`)).join(',')}\n`);
      openssl(['req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', `leaf${n}.key`, '-out', `leaf${n}.csr`, '-subj', `/CN=${names[0] ?? 'test'}`], dir);
      openssl(['x509', '-req', '-in', `leaf${n}.csr`, '-CA', 'ca.pem', '-CAkey', 'ca.key', '-set_serial', String(1000 + n), '-out', `leaf${n}.pem`, '-days', '2', '-extfile', `leaf${n}.ext`], dir);
      return { cert: readFileSync(join(dir, `leaf${n}.pem`), 'utf8'), key: readFileSync(join(dir, `leaf${n}.key`), 'utf8') };
    },
    cleanup() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
