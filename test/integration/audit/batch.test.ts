// `mailsetup audit --batch FILE --out results.jsonl`: streams results as they finish,
// is interrupted with SIGINT (the file stays valid JSON lines), and a second run resumes
// so that every domain appears exactly once.
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { AuditReport } from '../../../shared/audit.js';
import { AUDIT_ADDR } from '../../support/audit/addresses.js';
import { auditZone, makeKeys } from '../../support/audit/zones.js';
import { startDnsServer, type TestDnsServer } from '../../support/dns-server.js';
import { buildEngine, cli, startCli } from './run-cli.js';

const stack = inject('mailstack');
let dns: TestDnsServer;
const DOMAINS = [
  'good', 'spf-soft', 'spf-neutral', 'spf-none', 'dmarc-none', 'dmarc-missing', 'dkim-1024', 'dkim-none',
  'rpt-ok', 'rpt-bad', 'mx-partial', 'mx-null', 'sts-testing', 'dmarc-two',
].map((d) => `${d}.audit.test`);

beforeAll(async () => {
  buildEngine();
  // Slow answers (120 ms each) so that the batch is still running when interrupted.
  dns = await startDnsServer({ host: AUDIT_ADDR.dns, zone: auditZone(makeKeys()), delayMs: 120 });
});
afterAll(async () => {
  await dns?.close();
});

function lines(file: string): AuditReport[] {
  const text = readFileSync(file, 'utf8');
  expect(text === '' || text.endsWith('\n')).toBe(true);
  return text.split('\n').filter(Boolean).map((l) => JSON.parse(l) as AuditReport);
}

async function waitForLines(file: string, n: number, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (existsSync(file) && readFileSync(file, 'utf8').split('\n').filter(Boolean).length >= n) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`fewer than ${n} results in ${file} after ${ms} ms`);
}

describe.skipIf(stack === null)('mailsetup audit --batch', () => {
  it.each([1, 2])('streams, survives Ctrl-C with a valid file, and resumes with each domain exactly once (%i thread(s))', async (threads) => {
    const dir = mkdtempSync(path.join(tmpdir(), 'audit-batch-'));
    const input = path.join(dir, 'domains.txt');
    const out = path.join(dir, 'results.jsonl');
    writeFileSync(input, ['# helpdesk list', 'not a domain!', ...DOMAINS.slice(0, 7), 'jane@SPF-Soft.audit.test', '', ...DOMAINS.slice(7), `  ${DOMAINS[0]}  # again`].join('\n'));
    const args = ['audit', '--batch', input, '--out', out, '--concurrency', '2', '--threads', String(threads), '--no-probe', '--resolver', dns.spec, '--timeout', '3000'];

    const first = startCli(args, stack!.caFile);
    await waitForLines(out, 2, 60_000);
    first.child.kill('SIGINT');
    const interrupted = await first.done;
    expect(interrupted.code).toBe(130);
    expect(interrupted.stderr).toContain('Interrupted');
    expect(interrupted.stderr).toContain('skipping "not a domain!"');
    expect(interrupted.stderr).not.toContain('MaxListeners');
    const partial = lines(out);
    expect(partial.length).toBeGreaterThanOrEqual(2);
    expect(partial.length).toBeLessThan(DOMAINS.length);

    const second = await cli(args, stack!.caFile);
    expect(second.stderr).toContain(`already in ${out}`);
    if (threads > 1) expect(second.stderr).toContain(`(${threads} threads).`);
    const all = lines(out);
    expect(all.map((r) => r.domain).sort()).toEqual([...DOMAINS].sort());
    for (const r of all) expect(Object.keys(r).sort()).toEqual(['checks', 'counts', 'domain', 'ms', 'verdict']);
    // spf-none, dmarc-missing, … fail: exit 1, and the summary names the most common failures
    expect(second.code).toBe(1);
    expect(second.stderr).toMatch(/Verdicts: \d+ pass, \d+ warn, \d+ fail/);
    expect(second.stderr).toContain('Most common failing checks:');

    const third = await cli(args, stack!.caFile);
    expect(third.stderr).toContain(`0 audited now, ${DOMAINS.length} already in`);
    expect(lines(out)).toHaveLength(DOMAINS.length);
  });

  it('a torn last line (a killed run) is dropped and redone', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'audit-batch-torn-'));
    const input = path.join(dir, 'domains.txt');
    const out = path.join(dir, 'results.jsonl');
    writeFileSync(input, 'good.audit.test\nrpt-ok.audit.test\n');
    writeFileSync(out, '{"domain":"good.audit.test","verdict":"pass","counts":{},"ms":1,"checks":[]}\n{"domain":"rpt-ok.aud');
    const r = await cli(['audit', '--batch', input, '--out', out, '--no-probe', '--resolver', dns.spec], stack!.caFile);
    expect(r.stderr).toContain('1 audited now, 1 already in');
    expect(lines(out).map((x) => x.domain)).toEqual(['good.audit.test', 'rpt-ok.audit.test']);
  });
});
