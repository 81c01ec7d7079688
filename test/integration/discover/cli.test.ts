// The built CLI as a user runs it: `node bin/mailsetup.js discover … --json` against the
// local test network (DNS 127.0.1.20, web 127.0.1.21), trusting the test CA through
// NODE_EXTRA_CA_CERTS. Builds the engine first (tsc → dist/).
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DiscoveryResult } from '../../../shared/model.js';
import { createTestCa, type TestCa } from '../../support/ca.js';
import { startDnsServer, type TestDnsServer } from '../../support/dns-server.js';
import { startWebServer, type TestWebServer } from '../../support/https-server.js';
import { startMailGreeter, type MailGreeter } from '../../support/mail-greeter.js';
import { autoconfigXml, poxSettings } from './harness.js';

const WEB = '127.0.1.21';
let ca: TestCa;
let dns: TestDnsServer;
let server: TestWebServer;
let configDir: string;
let greeter: MailGreeter;
const MAIL = '127.0.1.22';

beforeAll(async () => {
  try {
    execFileSync('npm', ['run', 'build:engine'], { stdio: 'ignore' });
  } catch {
    // tsc exits non-zero on type errors elsewhere but still emits; the runs below tell.
  }
  ca = createTestCa();
  const names = ['autoconfig.cli.test', 'ispdb.cli.test', 'autoconfig.hoster-cli.test', 'autodiscover.ad-cli.test', 'imap.guess-cli.test', 'smtp.guess-cli.test'];
  const leaf = ca.issue(names);
  const web = { A: [WEB] };
  dns = await startDnsServer({
    host: '127.0.1.20',
    zone: {
      'autoconfig.cli.test': web,
      'ispdb.cli.test': web,
      'mx-cli.test': { MX: [{ priority: 10, exchange: 'mx1.hoster-cli.test' }] },
      'autoconfig.hoster-cli.test': web,
      '_imaps._tcp.srv-cli.test': { SRV: [{ priority: 0, weight: 0, port: 993, target: 'imap.srv-cli.test' }] },
      '_submission._tcp.srv-cli.test': { SRV: [{ priority: 0, weight: 0, port: 587, target: 'smtp.srv-cli.test' }] },
      'autodiscover.ad-cli.test': web,
      'imap.guess-cli.test': { A: [MAIL] },
      'smtp.guess-cli.test': { A: [MAIL] },
    },
  });
  server = await startWebServer({ host: WEB, cert: leaf.cert, key: leaf.key });
  server.route('https://autoconfig.cli.test/mail/config-v1.1.xml', { body: autoconfigXml('cli.test', 'imap.cli.test', 'smtp.cli.test') });
  server.route('https://ispdb.cli.test/v1.1/isp-cli.test', { body: autoconfigXml('isp-cli.test', 'imap.isp-cli.test', 'smtp.isp-cli.test') });
  server.route('https://autoconfig.hoster-cli.test/mail/config-v1.1.xml', { body: autoconfigXml('hoster-cli.test', 'imap.hoster-cli.test', 'smtp.hoster-cli.test') });
  server.route('https://autodiscover.ad-cli.test/autodiscover/autodiscover.xml', { body: poxSettings('imap.ad-cli.test', 'smtp.ad-cli.test') });
  greeter = await startMailGreeter({ host: MAIL, cert: leaf.cert, key: leaf.key, services: ['imap-tls', 'smtp-tls'] });
  configDir = mkdtempSync(join(tmpdir(), 'mailsetup-cli-'));
  mkdirSync(join(configDir, 'isp'));
  writeFileSync(join(configDir, 'isp', 'local-cli.test.xml'), autoconfigXml('local-cli.test', 'imap.local-cli.test', 'smtp.local-cli.test'));
});

afterAll(async () => {
  await Promise.all([dns?.close(), server?.close(), greeter?.close()]);
  ca?.cleanup();
  if (configDir) rmSync(configDir, { recursive: true, force: true });
});

/** Runs the CLI asynchronously: the test's own DNS and web servers must keep answering. */
function cli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['bin/mailsetup.js', ...args], {
      env: { ...process.env, NODE_EXTRA_CA_CERTS: ca.caFile, MAILSETUP_CONFIG_DIR: configDir, MAILSETUP_ISPDB_URL: 'https://ispdb.cli.test/v1.1/' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('mailsetup discover (built CLI)', () => {
  it('prints exactly the contract object with --json and exits 0', async () => {
    const r = await cli(['discover', 'jane@cli.test', '--json', '--resolver', dns.spec, '--no-guess']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout) as DiscoveryResult;
    expect(Object.keys(json)).toEqual(['email', 'domain', 'configs', 'sources']);
    expect(json.configs[0]).toMatchObject({ source: 'autoconfig', secure: true });
    expect(json.configs[0]?.incoming[0]).toEqual({ protocol: 'imap', host: 'imap.cli.test', port: 993, security: 'tls', username: 'jane@cli.test', auth: ['password-cleartext'] });
    expect(json.sources.map((s) => s.source)).toEqual(['cpanel', 'local-override', 'ispdb-bundled', 'autoconfig', 'ispdb', 'mx', 'srv', 'autodiscover', 'guess']);
    // Every lookup went to the given resolver.
    expect(dns.queries.some((q) => q.name === 'autoconfig.cli.test')).toBe(true);
  });

  it.each([
    ['local-override', 'local-cli.test', 'imap.local-cli.test', true],
    ['ispdb-bundled', 'gmail.com', 'imap.gmail.com', true],
    ['autoconfig', 'cli.test', 'imap.cli.test', true],
    ['ispdb', 'isp-cli.test', 'imap.isp-cli.test', true],
    ['mx', 'mx-cli.test', 'imap.hoster-cli.test', false],
    ['srv', 'srv-cli.test', 'imap.srv-cli.test', false],
    ['autodiscover', 'ad-cli.test', 'imap.ad-cli.test', true],
    ['guess', 'guess-cli.test', 'imap.guess-cli.test', false],
  ])('finds settings through %s', async (source, domain, host, secure) => {
    const r = await cli(['discover', `someone@${domain}`, '--json', '--resolver', dns.spec]);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout) as DiscoveryResult;
    expect(json.configs[0]).toMatchObject({ source, secure });
    expect(json.configs[0]?.incoming[0]?.host).toBe(host);
  });

  it('prints a readable table without --json', async () => {
    const r = await cli(['discover', 'jane@cli.test', '--resolver', dns.spec, '--no-guess']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Recommended for jane@cli.test from autoconfig (secure)');
    expect(r.stdout).toMatch(/Sources:\n/);
  });

  it('exits 1 when nothing is found', async () => {
    const r = await cli(['discover', 'jane@nothing.test', '--json', '--resolver', dns.spec, '--no-guess', '--timeout', '3000']);
    expect(r.code).toBe(1);
    expect((JSON.parse(r.stdout) as DiscoveryResult).configs).toEqual([]);
  });

  it('exits 2 with a one-line message for bad usage', async () => {
    for (const args of [
      ['discover', 'jane@cli.test\r\nRCPT TO:<x@y>'],
      ['discover', 'not-an-address'],
      ['discover', 'jane@cli.test', '--timeout', 'soon'],
      ['discover', 'jane@cli.test', '--resolver', 'dns.example'],
    ]) {
      const r = await cli(args);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
  });

  it('teaches with --help', async () => {
    const r = await cli(['discover', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Examples:');
    expect(r.stdout).toContain('--offline');
  });
});
