// The built CLI against a host that silently drops every packet (no RST, no answer):
// `discover` prints its answer and the process exits, instead of keeping connects in
// flight through the kernel's SYN retries (about two minutes). Addresses: 127.0.12.10
// (DNS), 127.0.12.66 (dropping host).
import { execFileSync, spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DiscoveryResult } from '../../../shared/model.js';
import { droppingHostUnavailable, startDroppingHost, type DroppingHost } from '../../support/dropping-host.js';
import { startDnsServer, type TestDnsServer } from '../../support/dns-server.js';
import { missingServer } from '../../support/require.js';

const DROP = '127.0.12.66';
const unavailable = droppingHostUnavailable();
const ready = unavailable === null || missingServer('a silently dropping host', unavailable);

let dns: TestDnsServer;
let drop: DroppingHost | undefined;

beforeAll(async () => {
  if (!ready) return;
  try {
    execFileSync('npm', ['run', 'build:engine'], { stdio: 'ignore' });
  } catch {
    // tsc exits non-zero on type errors elsewhere but still emits; the run below tells.
  }
  const dropped = { A: [DROP] };
  dns = await startDnsServer({
    host: '127.0.12.10',
    zone: {
      'drop-cli.test': dropped,
      'imap.drop-cli.test': dropped,
      'mail.drop-cli.test': dropped,
      'smtp.drop-cli.test': dropped,
      'pop.drop-cli.test': dropped,
      'pop3.drop-cli.test': dropped,
      'autoconfig.drop-cli.test': dropped,
      'autodiscover.drop-cli.test': dropped,
      // Only the incoming half: guessing starts at once for the outgoing one.
      '_imaps._tcp.drop-cli.test': { SRV: [{ priority: 0, weight: 0, port: 993, target: 'imap.drop-cli.test' }] },
    },
  });
  drop = startDroppingHost(DROP);
});

afterAll(async () => {
  drop?.close();
  await dns?.close();
});

describe.runIf(ready)('mailsetup discover against a silently dropping host (built CLI)', () => {
  it('prints its answer and exits, leaving no connect in flight', async () => {
    const child = spawn(process.execPath, ['bin/mailsetup.js', 'discover', 'jane@drop-cli.test', '--json', '--resolver', dns.spec, '--timeout', '3000'], {
      env: { ...process.env, MAILSETUP_ISPDB_URL: 'https://ispdb.drop-cli.test/v1.1/' },
    });
    let stdout = '';
    let printedAt = 0;
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      printedAt = Date.now();
    });
    // Far below the kernel's SYN retries (~127 s), far above any discovery deadline here.
    const LIMIT_MS = 30_000;
    const code = await new Promise<number | null | 'still running'>((resolve) => {
      const killer = setTimeout(() => {
        child.kill('SIGKILL');
        resolve('still running');
      }, LIMIT_MS);
      child.on('exit', (c) => {
        clearTimeout(killer);
        resolve(c);
      });
    });
    expect(printedAt).toBeGreaterThan(0);
    expect(code).toBe(0);
    const json = JSON.parse(stdout) as DiscoveryResult;
    expect(json.configs[0]?.source).toBe('srv');
    // Guessing really had probes in flight towards the dropping host.
    expect(json.sources.find((s) => s.source === 'guess')?.status).toMatch(/timeout|cancelled|not-found/);
  }, 60_000);
});
