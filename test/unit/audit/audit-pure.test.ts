// The audit's pure parts: SPF term parsing and lookup counting per term, DMARC tags,
// the connection gate, verdict/counts, the port-check rules, and the report formats.
import { describe, expect, it } from 'vitest';
import { countsOf, verdictOf, type AuditCheck, type AuditReport } from '../../../shared/audit.js';
import { fixZone, reportCard, reportHtml, reportMarkdown } from '../../../shared/audit-format.js';
import { parseSpf, spfFix } from '../../../core/audit/dns/spf.js';
import { parseTags } from '../../../core/audit/dns/dmarc.js';
import { createConnectionGate } from '../../../core/net/connection-gate.js';
import { portChecks, type PortContext } from '../../../core/audit/server/port-checks.js';
import type { TlsReport } from '../../../shared/probe.js';

describe('SPF parsing', () => {
  it('counts the DNS-querying terms and finds all, redirect, ptr and syntax errors', () => {
    const p = parseSpf('v=spf1 a mx:mail.example.com ip4:192.0.2.0/24 include:_spf.example.net exists:%{i}.x.example ptr ~all');
    expect(p.lookups).toBe(5);
    expect(p.all).toBe('~all');
    expect(p.ptr).toBe(true);
    expect(p.includes).toEqual(['_spf.example.net']);
    expect(parseSpf('v=spf1 redirect=_spf.example.com').redirect).toBe('_spf.example.com');
    expect(parseSpf('v=spf1 mx foo:bar -all').error).toContain('foo:bar');
    expect(parseSpf('v=spf1 ip4:192.0.2.1 -all').lookups).toBe(0);
  });

  it('the fix keeps the current mechanisms and ends in -all', () => {
    expect(spfFix('example.com', parseSpf('v=spf1 +a include:x.example.net ptr ?all'))).toBe('example.com. 3600 IN TXT "v=spf1 a include:x.example.net -all"');
    expect(spfFix('example.com')).toBe('example.com. 3600 IN TXT "v=spf1 mx -all"');
  });
});

it('DMARC tags keep their order (v= must come first)', () => {
  expect(parseTags('v=DMARC1; p=reject; rua=mailto:a@b')).toEqual([['v', 'DMARC1'], ['p', 'reject'], ['rua', 'mailto:a@b']]);
  expect(parseTags('p=none;v=DMARC1')[0]).toEqual(['p', 'none']);
});

describe('connection gate', () => {
  it('lets at most 2 connections per address through, in order, and frees slots on release', async () => {
    const gate = createConnectionGate(2);
    const r1 = await gate.acquire('192.0.2.1');
    const r2 = await gate.acquire('192.0.2.1');
    const other = await gate.acquire('192.0.2.2');
    let third = false;
    const p3 = gate.acquire('192.0.2.1').then((r) => ((third = true), r));
    await new Promise((r) => setTimeout(r, 10));
    expect(third).toBe(false);
    r1();
    r1(); // releasing twice frees one slot only
    const r3 = await p3;
    expect(third).toBe(true);
    const ac = new AbortController();
    const p4 = gate.acquire('192.0.2.1', ac.signal);
    ac.abort();
    await expect(p4).rejects.toThrow('cancelled');
    r2();
    r3();
    other();
  });
});

const check = (id: string, status: AuditCheck['status']): AuditCheck => ({ id, status, title: id, detail: 'd', ...(status === 'warn' || status === 'fail' ? { fix: 'f' } : {}) });

it('verdict is the worst status; info and skipped do not count', () => {
  expect(verdictOf([check('a', 'pass'), check('b', 'info'), check('c', 'skipped')])).toBe('pass');
  expect(verdictOf([check('a', 'pass'), check('b', 'warn')])).toBe('warn');
  expect(verdictOf([check('a', 'warn'), check('b', 'fail')])).toBe('fail');
  expect(countsOf([check('a', 'pass'), check('b', 'pass'), check('c', 'skipped')])).toEqual({ pass: 2, warn: 0, fail: 0, info: 0, skipped: 1 });
});

function tlsReport(validTo: Date, over: Partial<TlsReport> = {}): TlsReport {
  return {
    protocol: 'TLSv1.3', cipher: 'TLS_AES_128_GCM_SHA256', validated: true, hostnameMatches: true, trustedByFingerprint: false,
    chain: [{ subject: 'CN=mail.example.com', subjectAltNames: ['mail.example.com'], issuer: 'CN=CA', validFrom: '2026-01-01T00:00:00.000Z', validTo: validTo.toISOString(), fingerprint256: 'AB' }],
    ...over,
  };
}

describe('port checks', () => {
  const now = Date.parse('2026-06-01T00:00:00Z');
  const ctx = (validTo: Date, over: Partial<TlsReport> = {}, role: 'mx' | 'submission' = 'submission', enforce = false): PortContext => ({
    plan: { role, host: 'mail.example.com', port: role === 'mx' ? 25 : 587, implicitTls: false, like: role === 'mx' ? 25 : 587 },
    facts: { answered: true, greeting: '220 hi', starttlsOffered: true, authBeforeTls: [], authAfterTls: ['PLAIN'], tls: { protocol: 'TLSv1.3', cipher: 'X', report: tlsReport(validTo, over) }, relay: { outcome: 'refused', reply: '554' } },
    injection: { outcome: 'safe', detail: 'ok' },
    now, mtaStsEnforce: enforce,
  });
  const cert = (c: PortContext): AuditCheck => portChecks(c).find((x) => x.id.endsWith('.certificate')) as AuditCheck;

  it('certificate days left are whole days, rounded down: 22 pass, 21 warn', () => {
    expect(cert(ctx(new Date(now + 22 * 86_400_000 + 1000))).status).toBe('pass');
    const w = cert(ctx(new Date(now + 21 * 86_400_000 + 86_000_000)));
    expect(w.status).toBe('warn');
    expect(w.detail).toContain('21 days');
  });

  it('a wrong name fails on submission, warns on MX, fails on MX under MTA-STS enforce', () => {
    const later = new Date(now + 60 * 86_400_000);
    expect(cert(ctx(later, { hostnameMatches: false })).status).toBe('fail');
    expect(cert(ctx(later, { hostnameMatches: false }, 'mx')).status).toBe('warn');
    expect(cert(ctx(later, { hostnameMatches: false }, 'mx', true)).status).toBe('fail');
  });

  it('TLS 1.0 and 1.1 fail; the detail names protocol and cipher', () => {
    const c = ctx(new Date(now + 60 * 86_400_000));
    c.facts.tls = { protocol: 'TLSv1.1', cipher: 'ECDHE-RSA-AES128-SHA', report: c.facts.tls!.report };
    const tls = portChecks(c).find((x) => x.id === 'submission.587.tls') as AuditCheck;
    expect(tls.status).toBe('fail');
    expect(tls.detail).toContain('TLSv1.1, ECDHE-RSA-AES128-SHA');
  });
});

describe('port answers', () => {
  const closed = (port: number, like: 587 | 465, others: number[]): AuditCheck =>
    portChecks({ plan: { role: 'submission', host: 'mail.example.com', port, implicitTls: like === 465, like }, facts: { answered: false, authBeforeTls: [], error: 'connection refused' }, otherSubmissionAnswered: others, now: 0 })[0] as AuditCheck;

  it('587 closed: fail when no other submission port answers, warn naming those that do', () => {
    expect(closed(587, 587, []).status).toBe('fail');
    expect(closed(587, 587, [465])).toMatchObject({ status: 'warn', detail: 'Port 587 did not answer (connection refused); only port 465 does.' });
    expect(closed(587, 587, [465, 2525]).detail).toContain('only ports 465 and 2525 do.');
  });

  it('a named port that does not answer fails (465 closed is only info); its other checks are skipped', () => {
    expect(closed(465, 465, []).status).toBe('info');
    expect(closed(2525, 587, [])).toMatchObject({ id: 'submission.2525.connect', status: 'fail', port: 2525 });
    const all = portChecks({ plan: { role: 'submission', host: 'h', port: 2465, implicitTls: true, like: 465 }, facts: { answered: false, authBeforeTls: [] }, now: 0 });
    expect(all.map((c) => `${c.id}=${c.status}`)).toEqual(['submission.2465.connect=fail', 'submission.2465.tls=skipped', 'submission.2465.certificate=skipped', 'submission.2465.auth=skipped']);
  });
});

describe('report formats', () => {
  const report: AuditReport = {
    domain: 'example.com', verdict: 'fail', counts: { pass: 1, warn: 0, fail: 2, info: 0, skipped: 0 }, ms: 1234,
    checks: [
      { id: 'dns.spf', status: 'fail', title: 'SPF', detail: 'No SPF <record>', fix: 'example.com. 3600 IN TXT "v=spf1 mx -all"' },
      { id: 'dns.mx', status: 'pass', title: 'MX', detail: 'ok' },
      { id: 'submission.587.relay', status: 'fail', host: 'mail.example.com', port: 587, title: 'Relay', detail: 'open', fix: 'Require a login' },
    ],
  };
  it('the card groups DNS and each server and puts the fix under the finding; colour only when asked', () => {
    const plain = reportCard(report, false);
    expect(plain).toContain('DNS records\n  FAIL  SPF: No SPF <record>\n        fix: example.com. 3600 IN TXT');
    expect(plain).toContain('Sending (submission): mail.example.com');
    expect(plain).not.toContain('\u001b[');
    expect(reportCard(report, true)).toContain('\u001b[31mFAIL');
  });
  it('HTML is escaped and self-contained; Markdown has the fixes; the zone has only records', () => {
    const html = reportHtml(report);
    expect(html).toContain('No SPF &lt;record&gt;');
    expect(html).not.toMatch(/\s(src|href)=/);
    expect(reportMarkdown(report)).toContain('```');
    expect(fixZone(report).split('\n').filter((l) => l && !l.startsWith(';'))).toEqual(['example.com. 3600 IN TXT "v=spf1 mx -all"']);
  });
});
