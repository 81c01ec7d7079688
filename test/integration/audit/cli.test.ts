// `mailsetup audit --json`, the built CLI, check by check against real servers on
// loopback: the shared stack's good Postfix (127.0.0.1), the audit suites' own Postfix and
// Dovecot personalities, responders for what those cannot do, DNS and HTTPS (127.0.13.0/24).
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { AuditReport, AuditStatus } from '../../../shared/audit.js';
import { maxConcurrent } from '../../support/audit/responder.js';
import { startAuditWorld, type AuditWorld } from '../../support/audit/world.js';
import { SHARED_DOMAINS } from '../../support/audit/zones.js';
import { auditJson, buildEngine, check, cli } from './run-cli.js';

const stack = inject('mailstack');
let world: AuditWorld;
let ca: string;
let dns: string;

beforeAll(async () => {
  buildEngine();
  world = await startAuditWorld(stack!.dir);
  ca = stack!.caFile;
  dns = world.dns.spec;
});
afterAll(async () => {
  await world?.stop();
});

/** DNS checks only (no server connections): fast, one domain per verdict. */
async function dnsStatus(domain: string, id: string, extra: string[] = []): Promise<{ status: AuditStatus; detail: string; fix?: string }> {
  const { report } = await auditJson(domain, dns, ca, ['--no-probe', ...extra]);
  return check(report, id);
}

describe.skipIf(stack === null)('mailsetup audit against real servers', () => {
  it('a good domain: every check passes, exit 0, the exact JSON shape', async () => {
    const { code, report } = await auditJson('good.audit.test', dns, ca);
    expect(report.checks.filter((c) => c.status !== 'pass').map((c) => `${c.id} ${c.host ?? ''}: ${c.detail}`)).toEqual([]);
    expect(code).toBe(0);
    expect(Object.keys(report).sort()).toEqual(['checks', 'counts', 'domain', 'ms', 'verdict']);
    expect(report.verdict).toBe('pass');
    expect(report.counts).toEqual({ pass: report.checks.length, warn: 0, fail: 0, info: 0, skipped: 0 });
    expect(report.checks.map((c) => `${c.id}${c.host ? `@${c.host}` : ''}`)).toEqual([
      'dns.mx', 'dns.spf', 'dns.dmarc', 'dns.dkim', 'dns.mta-sts', 'dns.tls-rpt', 'client.autoconfig',
      ...['connect', 'tls', 'certificate', 'auth-before-tls', 'relay', 'auth', 'starttls-injection'].map((a) => `submission.587.${a}@mail.example.test`),
      ...['connect', 'tls', 'certificate', 'auth'].map((a) => `submission.465.${a}@mail.example.test`),
      ...['connect', 'tls', 'certificate', 'preauth'].map((a) => `imap.993.${a}@imap.good.audit.test`),
      ...['connect', 'tls', 'certificate', 'auth-before-tls', 'starttls-injection', 'preauth'].map((a) => `imap.143.${a}@imap.good.audit.test`),
      ...['connect', 'tls', 'certificate', 'auth-before-tls', 'relay', 'starttls-injection'].map((a) => `mx.25.${a}@mail.example.test`),
    ]);
    const ORDER = ['id', 'status', 'host', 'port', 'title', 'detail', 'fix'];
    for (const c of report.checks) {
      expect(Object.keys(c)).toEqual(ORDER.filter((k) => k in c));
      if (c.host) expect(c.port).toBe(Number(c.id.split('.')[1]));
    }
    expect(check(report, 'submission.587.tls').detail).toMatch(/^TLSv1\.[23], /);
    expect(check(report, 'dns.spf').detail).toContain('2 DNS lookups');
    expect(check(report, 'submission.587.auth').detail).toContain('PLAIN');
  });

  it('a broken domain: open relay on 587 and 25, IMAP without TLS, +all, p=none, short key; exit 1, a fix for every finding', async () => {
    const { code, report } = await auditJson('broken.audit.test', dns, ca);
    expect(code).toBe(1);
    expect(report.verdict).toBe('fail');
    const s = (id: string): AuditStatus => check(report, id).status;
    expect(s('submission.587.relay')).toBe('fail');
    expect(s('mx.25.relay')).toBe('fail');
    expect(check(report, 'mx.25.relay').detail).toContain('250');
    expect(s('imap.143.tls')).toBe('fail');
    expect(s('imap.143.auth-before-tls')).toBe('fail');
    expect(s('imap.143.certificate')).toBe('skipped');
    expect(s('imap.993.connect')).toBe('info');
    expect(s('imap.993.tls')).toBe('skipped');
    expect(s('submission.465.connect')).toBe('info');
    expect(s('dns.spf')).toBe('fail');
    expect(check(report, 'dns.spf').fix).toBe('broken.audit.test. 3600 IN TXT "v=spf1 a mx -all"');
    expect(s('dns.dmarc')).toBe('warn');
    expect(check(report, 'dns.dmarc').fix).toBe('_dmarc.broken.audit.test. 3600 IN TXT "v=DMARC1; p=quarantine; rua=mailto:postmaster@broken.audit.test"');
    expect(s('dns.dkim')).toBe('warn');
    expect(s('dns.mta-sts')).toBe('fail');
    expect(check(report, 'dns.mta-sts').fix).toContain('mx: mail.relay.audit.test');
    expect(s('dns.tls-rpt')).toBe('fail');
    for (const c of report.checks) if (c.status === 'warn' || c.status === 'fail') expect(c.fix, c.id).toBeTruthy();
    expect(report.counts.fail).toBe(report.checks.filter((c) => c.status === 'fail').length);
  });

  it.each([
    ['authplain', 'submission.587.auth-before-tls', 'fail', /before STARTTLS/],
    ['noauth', 'submission.587.auth', 'fail', /No AUTH mechanism/],
    ['expired', 'submission.587.certificate', 'fail', /expired on 2025-01-01/],
    ['expired', 'submission.465.certificate', 'fail', /expired/],
    ['mismatch', 'submission.587.certificate', 'fail', /covers: server1\.hosting\.audit\.test/],
    ['nostarttls', 'submission.587.tls', 'fail', /STARTTLS is not offered/],
    ['nostarttls', 'submission.587.auth-before-tls', 'fail', /without TLS/],
    ['nostarttls', 'submission.587.certificate', 'skipped', /no TLS/],
    ['nostarttls', 'submission.587.starttls-injection', 'skipped', /no TLS/],
    ['inject', 'submission.587.starttls-injection', 'fail', /answered inside TLS/],
    ['oldtls', 'submission.465.tls', 'fail', /TLSv1,/],
    ['oldtls', 'imap.993.tls', 'fail', /TLSv1,/],
    ['oldtls', 'submission.587.connect', 'warn', /only port 465/],
    ['preauth', 'imap.143.preauth', 'fail', /PREAUTH/],
    ['preauth', 'imap.993.preauth', 'fail', /PREAUTH/],
    ['preauth', 'imap.143.tls', 'fail', /PREAUTH/],
    ['plainimap', 'imap.143.tls', 'fail', /STARTTLS is not offered/],
    ['plainimap', 'imap.143.auth-before-tls', 'fail', /LOGINDISABLED/],
    ['closedsub', 'submission.587.connect', 'fail', /Neither port 587 nor 465/],
    ['closedsub', 'submission.465.connect', 'info', /closed/],
    ['closedsub', 'submission.587.tls', 'skipped', /did not answer/],
    ['mxcert', 'mx.25.certificate', 'warn', /expired/],
    ['mxcert-sts', 'mx.25.certificate', 'fail', /expired/],
    ['mx-implicit', 'mx.25.connect', 'fail', /does not answer on port 25/],
  ] as const)('%s: %s is %s', async (name, id, status, detail) => {
    const { report } = await auditJson(`${name}.audit.test`, dns, ca);
    const c = check(report, id);
    expect(c.status, c.detail).toBe(status);
    expect(c.detail).toMatch(detail);
    if (status === 'warn' || status === 'fail') expect(c.fix).toBeTruthy();
  });

  it('the mismatched certificate: the fix names the host that would match (the cPanel case)', async () => {
    const { report } = await auditJson('mismatch.audit.test', dns, ca);
    expect(check(report, 'submission.587.certificate').fix).toContain('server1.hosting.audit.test');
  });

  it.each([
    ['good', 'dns.spf', 'pass'], ['spf-soft', 'dns.spf', 'pass'], ['spf-redirect', 'dns.spf', 'pass'],
    ['spf-neutral', 'dns.spf', 'warn'], ['spf-noall', 'dns.spf', 'warn'], ['spf-ptr', 'dns.spf', 'warn'],
    ['spf-none', 'dns.spf', 'fail'], ['spf-two', 'dns.spf', 'fail'], ['spf-syntax', 'dns.spf', 'fail'],
    ['spf-plusall', 'dns.spf', 'fail'], ['spf-bareall', 'dns.spf', 'fail'], ['spf-toomany', 'dns.spf', 'fail'],
    ['good', 'dns.dmarc', 'pass'], ['dmarc-quarantine', 'dns.dmarc', 'pass'], ['dmarc-none', 'dns.dmarc', 'warn'],
    ['dmarc-nop', 'dns.dmarc', 'warn'], ['dmarc-missing', 'dns.dmarc', 'fail'], ['dmarc-two', 'dns.dmarc', 'fail'],
    ['dmarc-notfirst', 'dns.dmarc', 'fail'], ['dmarc-badp', 'dns.dmarc', 'fail'],
    ['good', 'dns.dkim', 'pass'], ['dkim-ed', 'dns.dkim', 'pass'], ['dkim-1024', 'dns.dkim', 'warn'], ['dkim-none', 'dns.dkim', 'warn'],
    ['dkim-custom', 'dns.dkim', 'warn'], ['dkim-revoked', 'dns.dkim', 'fail'], ['dkim-short', 'dns.dkim', 'fail'], ['dkim-garbage', 'dns.dkim', 'fail'],
    ['good', 'dns.mta-sts', 'pass'], ['spf-soft', 'dns.mta-sts', 'info'], ['sts-testing', 'dns.mta-sts', 'warn'],
    ['sts-invalid', 'dns.mta-sts', 'fail'], ['sts-uncovered', 'dns.mta-sts', 'fail'], ['sts-unreachable', 'dns.mta-sts', 'fail'], ['sts-badtxt', 'dns.mta-sts', 'fail'],
    ['good', 'dns.tls-rpt', 'pass'], ['spf-soft', 'dns.tls-rpt', 'info'], ['rpt-ok', 'dns.tls-rpt', 'pass'], ['rpt-bad', 'dns.tls-rpt', 'fail'],
    ['good', 'dns.mx', 'pass'], ['mx-partial', 'dns.mx', 'warn'], ['mx-implicit', 'dns.mx', 'warn'], ['mx-nothing', 'dns.mx', 'fail'],
    ['mx-unresolved', 'dns.mx', 'fail'], ['mx-null', 'dns.mx', 'info'], ['mx-null', 'dns.dkim', 'skipped'], ['mx-null', 'client.autoconfig', 'skipped'],
    ['good', 'client.autoconfig', 'pass'], ['mx-nothing', 'client.autoconfig', 'fail'],
  ] as const)('%s.audit.test: %s is %s', async (name, id, status) => {
    const c = await dnsStatus(`${name}.audit.test`, id);
    expect(c.status, c.detail).toBe(status);
    if (status === 'warn' || status === 'fail') expect(c.fix, c.detail).toBeTruthy();
  });

  it('a port named with --smtp/--imap is audited too, by the rules of its kind; the standard ports still are', async () => {
    const named = 'mail.named.audit.test';
    const { report } = await auditJson('good.audit.test', dns, ca, ['--smtp', `${named}:2525:starttls`, '--imap', `${named}:10993:tls`]);
    const at = (id: string): AuditStatus => check(report, id).status;
    const ids = report.checks.filter((c) => c.host === named).map((c) => c.id);
    expect(ids).toEqual([
      ...['connect', 'tls', 'certificate', 'auth-before-tls', 'relay', 'auth', 'starttls-injection'].map((a) => `submission.587.${a}`),
      ...['connect', 'tls', 'certificate', 'auth'].map((a) => `submission.465.${a}`),
      ...['connect', 'tls', 'certificate', 'auth-before-tls', 'relay', 'auth', 'starttls-injection'].map((a) => `submission.2525.${a}`),
      ...['connect', 'tls', 'certificate', 'preauth'].map((a) => `imap.993.${a}`),
      ...['connect', 'tls', 'certificate', 'auth-before-tls', 'starttls-injection', 'preauth'].map((a) => `imap.143.${a}`),
      ...['connect', 'tls', 'certificate', 'preauth'].map((a) => `imap.10993.${a}`),
    ]);
    for (const a of ['connect', 'tls', 'certificate', 'auth-before-tls', 'relay', 'auth', 'starttls-injection']) expect(at(`submission.2525.${a}`), a).toBe('pass');
    for (const a of ['connect', 'tls', 'certificate', 'preauth']) expect(at(`imap.10993.${a}`), a).toBe('pass');
    // 587 is closed on that server, but the named port answers: a warning, not "mail apps cannot send"
    expect(check(report, 'submission.587.connect')).toMatchObject({ status: 'warn', detail: expect.stringContaining('only port 2525 does') });
    expect(at('imap.993.connect')).toBe('info');

    const closed = await auditJson('good.audit.test', dns, ca, ['--smtp', `${named}:2526:tls`]);
    expect(check(closed.report, 'submission.2526.connect')).toMatchObject({ status: 'fail', detail: expect.stringContaining('Port 2526, the port named for this server, did not answer') });
    expect(check(closed.report, 'submission.2526.auth').status).toBe('skipped');
    expect(closed.code).toBe(1);
  });

  it('SPF details name the lookup count, or "more than 10"', async () => {
    expect((await dnsStatus('spf-toomany.audit.test', 'dns.spf')).detail).toContain('more than 10');
    expect((await dnsStatus('spf-soft.audit.test', 'dns.spf')).detail).toContain('1 DNS lookups');
  });

  it('DKIM: --dkim-selector finds a key under another name; the detail lists each selector and key', async () => {
    const c = await dnsStatus('dkim-custom.audit.test', 'dns.dkim', ['--dkim-selector', 'mx2026']);
    expect(c.status).toBe('pass');
    expect(c.detail).toContain('mx2026: RSA 2048 bits');
    expect((await dnsStatus('dkim-ed.audit.test', 'dns.dkim')).detail).toContain('s1: Ed25519');
  });

  it('client.autoconfig warns when only guessing finds the settings, pointing at the publish kit', async () => {
    const { report } = await auditJson('guess.audit.test', dns, ca);
    const c = check(report, 'client.autoconfig');
    expect(c.status, c.detail).toBe('warn');
    expect(c.fix).toContain('--format publish-kit');
    expect(c.fix).toContain('_submission._tcp.guess.audit.test. 3600 IN SRV 0 1 587 smtp.guess.audit.test.');
  });

  it('never more than 2 connections at a time to one server address, discovery included', async () => {
    world.onebox.intervals.length = 0;
    const { report } = await auditJson('onebox.audit.test', dns, ca);
    expect(check(report, 'submission.587.connect', 'mail.onebox.audit.test').status).toBe('pass');
    expect(check(report, 'mx.25.starttls-injection').status).toBe('pass');
    // 5 ports, 3 injection tests, discovery's guesses: all through two slots
    expect(world.onebox.intervals.length).toBeGreaterThanOrEqual(8);
    expect(maxConcurrent(world.onebox)).toBe(2);
    // the 3 injection tests resume the session of their port's main inspection
    expect(world.onebox.intervals.filter((i) => i.resumed).length).toBe(3);
  });

  it('one audit asks each DNS question once: discovery and the HTTP fetches share its cache', async () => {
    const from = world.dns.queries.length;
    await auditJson('good.audit.test', dns, ca);
    const asked = world.dns.queries.slice(from).filter((q) => q.transport === 'udp').map((q) => `${q.type} ${q.name}`);
    expect(asked).toContain('MX good.audit.test');
    expect(asked).toContain('A autoconfig.good.audit.test');
    expect(asked.filter((q, i) => asked.indexOf(q) !== i)).toEqual([]);
  });

  it('a batch spread over threads keeps the 2-connection limit per address across all of them', async () => {
    world.onebox.intervals.length = 0;
    const dir = mkdtempSync(path.join(tmpdir(), 'audit-threads-'));
    const input = path.join(dir, 'shared.txt');
    const out = path.join(dir, 'results.jsonl');
    writeFileSync(input, SHARED_DOMAINS.join('\n'));
    const r = await cli(['audit', '--batch', input, '--out', out, '--concurrency', '6', '--threads', '3', '--resolver', dns], ca);
    expect(r.stderr).toMatch(/6 audited now, 0 already in .* \(3 threads\)\./);
    const reports = readFileSync(out, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as AuditReport);
    expect(reports.map((x) => x.domain).sort()).toEqual([...SHARED_DOMAINS].sort());
    for (const x of reports) {
      expect(check(x, 'submission.587.connect').status).toBe('pass');
      expect(check(x, 'mx.25.starttls-injection').status).toBe('pass');
    }
    // six domains' connections (8 each at least), from three threads, through the address's two slots
    expect(world.onebox.intervals.length).toBeGreaterThanOrEqual(6 * 8);
    expect(maxConcurrent(world.onebox)).toBe(2);
  });

  it('--fix-zone prints only the records; --html writes one self-contained page; usage errors exit 2', async () => {
    const zone = await cli(['audit', 'broken.audit.test', '--fix-zone', '--no-probe', '--resolver', dns], ca);
    expect(zone.code).toBe(1);
    const lines = zone.stdout.trim().split('\n').filter((l) => !l.startsWith(';') && l.trim() !== '');
    expect(lines).toContain('broken.audit.test. 3600 IN TXT "v=spf1 a mx -all"');
    expect(lines).toContain('_dmarc.broken.audit.test. 3600 IN TXT "v=DMARC1; p=quarantine; rua=mailto:postmaster@broken.audit.test"');
    for (const l of lines) expect(l).toMatch(/^\S+\.\s+\d+\s+IN\s+(TXT|MX|SRV)\s/);

    const file = path.join(mkdtempSync(path.join(tmpdir(), 'audit-html-')), 'report.html');
    const html = await cli(['audit', 'broken.audit.test', '--html', file, '--no-probe', '--resolver', dns], ca);
    expect(html.code).toBe(1);
    expect(html.stdout).toContain('Mail security audit of broken.audit.test');
    const page = readFileSync(file, 'utf8');
    expect(page).toContain('<!doctype html>');
    expect(page).toContain('v=DMARC1; p=quarantine');
    expect(page).not.toMatch(/\s(src|href)=|@import|url\(/);

    expect((await cli(['audit'], ca)).code).toBe(2);
    const bad = await cli(['audit', 'not a domain!'], ca);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('not a domain or an email address');
    expect((await cli(['audit', 'example.test', '--timeout', 'soon'], ca)).code).toBe(2);
    expect((await cli(['audit', '--batch', 'x.txt'], ca)).code).toBe(2);
  });

  it('an email address audits its domain (ASCII form)', async () => {
    const { report } = await auditJson('jane@SPF-Soft.audit.test', dns, ca, ['--no-probe']);
    expect(report.domain).toBe('spf-soft.audit.test');
  });
});
