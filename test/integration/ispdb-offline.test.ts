// `discover --offline` for EVERY domain of the bundled ISPDB: the recommendation must be
// what that domain's provider file says. The expectation is read from the provider XML
// files themselves (../shared/data/ispdb), not from the generated data, so a generator or
// loader bug shows up here. No network: offline discovery touches only bundled data and
// the local override file.
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDefaultDeps } from '../../core/default-deps.js';
import { createDiscoverHandler } from '../../core/discover/handler.js';
import { parseAutoconfigXml } from '../../core/discover/autoconfig-xml.js';
import { loadBundledIspdb } from '../../core/discover/ispdb/bundled.js';
import { defaultSourceDir, repoRoot } from '../../core/discover/ispdb/generate.js';
import { parseEmail } from '../../shared/email.js';
import type { DiscoveryResult, ServerSettings } from '../../shared/model.js';
import { missingServer } from '../support/require.js';

const run = promisify(execFile);
const ROOT = repoRoot();
const SOURCE = defaultSourceDir();
const haveSource = existsSync(SOURCE) || missingServer('the ISPDB snapshot (../shared/data/ispdb)', `${SOURCE} does not exist`);

/**
 * The recommended entry of one list, as the engine ranks servers (core/discover/rank.ts):
 * IMAP above POP3, then TLS/STARTTLS above plaintext (RFC 8314), then the file's own
 * order. Written out here on purpose, so a change of the engine's rule shows up.
 */
function recommended<T extends ServerSettings>(list: readonly T[]): T | undefined {
  const rank = (s: T): number => (s.protocol === 'pop3' ? 2 : 0) + (s.security === 'none' ? 1 : 0);
  return [...list].sort((a, b) => rank(a) - rank(b))[0];
}

/** domain -> the provider file's parsed expectation, straight from the XML. */
function expectationsFromXml(): Map<string, string> {
  const owner = new Map<string, string>();
  for (const file of readdirSync(SOURCE).filter((f) => f.endsWith('.xml')).sort()) {
    const xml = readFileSync(join(SOURCE, file), 'utf8');
    const probe = parseEmail('someone@example.com');
    if (!probe.ok) throw new Error(probe.error.message);
    const parsed = parseAutoconfigXml(xml, probe.value);
    if (!parsed.ok) continue;
    for (const d of parsed.value.domains) if (!owner.has(d)) owner.set(d, xml);
  }
  return owner;
}

describe.runIf(haveSource)('offline discovery for every bundled ISPDB domain', () => {
  const configDir = mkdtempSync(join(tmpdir(), 'mailsetup-ispdb-offline-'));
  afterAll(() => rmSync(configDir, { recursive: true, force: true }));
  const discover = createDiscoverHandler(createDefaultDeps({ configDir }));

  async function offline(address: string): Promise<DiscoveryResult> {
    const reply = await discover({ email: address, offline: true }, {});
    if (!reply.ok) throw new Error(`${address}: ${reply.error.code} ${reply.error.message}`);
    return reply.value;
  }

  it('covers the whole snapshot (about 960 domains)', () => {
    const db = loadBundledIspdb();
    if (!db.ok) throw new Error(db.error.message);
    expect([...db.value.byDomain.keys()].sort()).toEqual([...expectationsFromXml().keys()].sort());
  });

  it('recommends, for every domain, the first supported IMAP/POP3 and SMTP section of its provider file', async () => {
    const owners = expectationsFromXml();
    const mismatches: string[] = [];
    for (const [domain, xml] of owners) {
      const address = `someone@${domain}`;
      const who = parseEmail(address);
      if (!who.ok) throw new Error(who.error.message);
      const file = parseAutoconfigXml(xml, who.value);
      if (!file.ok) throw new Error(file.error.message);
      const result = await offline(address);
      const best = result.configs[0];
      const got = {
        source: best?.source,
        secure: best?.secure,
        incoming: best?.incoming.find((s) => s.protocol === 'imap' || s.protocol === 'pop3'),
        outgoing: best?.outgoing[0],
      };
      const want = { source: 'ispdb-bundled', secure: true, incoming: recommended(file.value.incoming), outgoing: recommended(file.value.outgoing) };
      if (JSON.stringify(got) !== JSON.stringify(want)) mismatches.push(`${domain}: got ${JSON.stringify(got)}, want ${JSON.stringify(want)}`);
      // Offline means offline: nothing but the bundled data and the local file may have run.
      const ran = result.sources.filter((s) => s.source !== 'ispdb-bundled' && s.source !== 'local-override' && s.status !== 'skipped');
      if (ran.length > 0) mismatches.push(`${domain}: network sources ran offline: ${JSON.stringify(ran)}`);
    }
    expect(mismatches.slice(0, 10)).toEqual([]);
    expect(owners.size).toBeGreaterThan(900);
  });

  it('lets a local override file win over the bundled entry', async () => {
    mkdirSync(join(configDir, 'isp'), { recursive: true });
    writeFileSync(
      join(configDir, 'isp', 'gmail.com.xml'),
      `<clientConfig version="1.1"><emailProvider id="gmail.com"><domain>gmail.com</domain>
        <incomingServer type="imap"><hostname>imap.override.example</hostname><port>993</port><socketType>SSL</socketType>
        <username>%EMAILLOCALPART%</username><authentication>password-cleartext</authentication></incomingServer>
      </emailProvider></clientConfig>`,
    );
    try {
      const result = await offline('someone@gmail.com');
      expect(result.configs[0]?.source).toBe('local-override');
      expect(result.configs[0]?.incoming[0]).toMatchObject({ host: 'imap.override.example', username: 'someone' });
    } finally {
      rmSync(join(configDir, 'isp', 'gmail.com.xml'));
    }
  });
});

describe('offline discovery through the built CLI', () => {
  const configDir = mkdtempSync(join(tmpdir(), 'mailsetup-ispdb-cli-'));
  afterAll(() => rmSync(configDir, { recursive: true, force: true }));

  beforeAll(() => {
    try {
      execFileSync('npm', ['run', 'build:engine'], { cwd: ROOT, stdio: 'pipe', timeout: 180_000 });
    } catch (e) {
      // tsc still emits when someone else's file has a type error; the checks below judge the result.
      console.warn(`build:engine reported errors: ${String((e as { stdout?: Buffer }).stdout ?? e).slice(0, 2000)}`);
    }
  });

  async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    try {
      const { stdout, stderr } = await run('node', ['bin/mailsetup.js', ...args], {
        cwd: ROOT,
        env: { ...process.env, MAILSETUP_CONFIG_DIR: configDir },
        timeout: 60_000,
      });
      return { code: 0, stdout, stderr };
    } catch (e) {
      const err = e as { code?: number; stdout?: string; stderr?: string };
      return { code: typeof err.code === 'number' ? err.code : -1, stdout: err.stdout ?? '', stderr: err.stderr ?? '' };
    }
  }

  it.each([
    ['gmail.com', 'imap', 'imap.gmail.com', 993, 'smtp.gmail.com', 465],
    ['hotmail.co.uk', 'imap', 'outlook.office365.com', 993, 'smtp-mail.outlook.com', 587],
    ['biglobe.ne.jp', 'pop3', 'mail.biglobe.ne.jp', 995, 'mail.biglobe.ne.jp', 465],
    ['onmicrosoft.com', 'imap', 'outlook.office365.com', 993, 'smtp.office365.com', 587],
  ])('discover someone@%s --offline --json', async (domain, protocol, inHost, inPort, outHost, outPort) => {
    const { code, stdout, stderr } = await cli('discover', `someone@${domain}`, '--offline', '--json');
    expect(code, stderr).toBe(0);
    const result = JSON.parse(stdout) as DiscoveryResult;
    expect(result.domain).toBe(domain);
    expect(result.configs[0]).toMatchObject({ source: 'ispdb-bundled', secure: true });
    expect(result.configs[0]?.incoming[0]).toMatchObject({ protocol, host: inHost, port: inPort, username: `someone@${domain}` });
    expect(result.configs[0]?.outgoing[0]).toMatchObject({ protocol: 'smtp', host: outHost, port: outPort });
  });

  it('finds nothing offline for a domain outside the ISPDB, and says so with a non-zero exit', async () => {
    const { code, stdout } = await cli('discover', 'someone@not-in-the-ispdb.example', '--offline', '--json');
    expect(code).not.toBe(0);
    expect(code).not.toBe(2);
    const result = JSON.parse(stdout) as DiscoveryResult;
    expect(result.configs).toEqual([]);
  });
});
