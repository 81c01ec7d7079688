// The built CLI against a host that silently drops every packet (no RST, no answer):
// `discover` and `test` print their answer and the process exits, instead of keeping
// connects in flight through the kernel's SYN retries (about two minutes). Addresses: 127.0.12.10
// (DNS), 127.0.12.66 (dropping host).
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
let configDir: string;

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
  configDir = mkdtempSync(join(tmpdir(), 'mailsetup-exit-'));
});

afterAll(async () => {
  drop?.close();
  await dns?.close();
  if (configDir) rmSync(configDir, { recursive: true, force: true });
});

/** Runs the built CLI; resolves with its exit code, or 'still running' if it had not exited by the limit. */
function runCli(args: string[], input?: string): Promise<{ code: number | null | 'still running'; stdout: string }> {
  const child = spawn(process.execPath, ['bin/mailsetup.js', ...args], {
    env: { ...process.env, MAILSETUP_ISPDB_URL: 'https://ispdb.drop-cli.test/v1.1/', MAILSETUP_CONFIG_DIR: configDir },
  });
  child.stdin.end(input ?? '');
  let stdout = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  // Far below the kernel's SYN retries (~127 s), far above any deadline used here.
  const LIMIT_MS = 30_000;
  return new Promise((resolve) => {
    const killer = setTimeout(() => {
      child.kill('SIGKILL');
      resolve({ code: 'still running', stdout });
    }, LIMIT_MS);
    child.on('exit', (code) => {
      clearTimeout(killer);
      resolve({ code, stdout });
    });
  });
}

describe.runIf(ready)('the built CLI against a silently dropping host', () => {
  it('discover prints its answer and exits, leaving no connect in flight', async () => {
    const { code, stdout } = await runCli(['discover', 'jane@drop-cli.test', '--json', '--resolver', dns.spec, '--timeout', '3000']);
    expect(stdout).not.toBe('');
    expect(code).toBe(0);
    const json = JSON.parse(stdout) as DiscoveryResult;
    expect(json.configs[0]?.source).toBe('srv');
    // Guessing really had probes in flight towards the dropping host.
    expect(json.sources.find((s) => s.source === 'guess')?.status).toMatch(/timeout|cancelled|not-found/);
  }, 60_000);

  it('test reports CONNECTION_TIMEOUT and exits', async () => {
    const { code, stdout } = await runCli(['test', 'jane@drop-cli.test', '--password-stdin', '--imap', `${DROP}:993:tls`, '--smtp', `${DROP}:587:starttls`, '--timeout', '2000', '--json'], 'Drop-Secret-1');
    expect(code).toBe(1);
    const report = JSON.parse(stdout) as { servers: { diagnosis: { code: string }[] }[] };
    for (const s of report.servers) expect(s.diagnosis.map((d) => d.code)).toContain('CONNECTION_TIMEOUT');
  }, 60_000);
});
