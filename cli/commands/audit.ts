// `mailsetup audit DOMAIN|EMAIL`: the domain's whole mail setup checked, with the fix for
// every finding — a report card, --json (the contract in shared/audit.ts), --html for a
// ticket, --fix-zone for the DNS records; or --batch for thousands of domains.
import { writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import type { Command } from 'commander';
import type { AuditParams, AuditProgress } from '../../shared/audit.js';
import { fixZone, reportCard, reportHtml, STATUS_WORDS } from '../../shared/audit-format.js';
import type { ServerSpec } from '../../shared/probe.js';
import { EXIT, exitCodeFor, parseIntOption, printError, printJson, UsageError } from '../io.js';
import type { RuntimeFactory } from '../program.js';
import { parseServerSpec } from '../server-spec.js';
import { readCa } from './test.js';

interface AuditOptions {
  json?: boolean;
  html?: string;
  fixZone?: boolean;
  probe?: boolean;
  resolver?: string;
  timeout?: string;
  dkimSelector?: string[];
  smtp?: string;
  imap?: string;
  ca?: string;
  batch?: string;
  out?: string;
  concurrency?: string;
  threads?: string;
}

const EXAMPLES = `
Examples:
  mailsetup audit example.com
  mailsetup audit jane@example.com --json | jq '.checks[] | select(.status=="fail")'
  mailsetup audit example.com --html audit.html            a printable page for a ticket
  mailsetup audit example.com --fix-zone                   only the DNS records to publish
  mailsetup audit example.com --dkim-selector mx2024 --resolver 192.0.2.53
  mailsetup audit --batch domains.txt --out results.jsonl --concurrency 32

What is checked: MX, SPF (lookup count), DMARC, DKIM keys (selectors default, google,
selector1, selector2, k1, s1, s2, dkim, mail and --dkim-selector), MTA-STS, TLS-RPT,
automatic client setup, and on every standard port that answers (submission 587/465,
IMAP 993/143, MX 25, and a port named with --smtp/--imap): TLS version, certificate,
AUTH before TLS, open relay, AUTH, STARTTLS command injection, PREAUTH. No password and
no message is ever sent; the relay test stops after RCPT TO (then RSET). At most 2
connections at a time per server.

--json prints { domain, verdict, counts: {pass, warn, fail, info, skipped}, ms,
checks: [ { id, status, host?, port?, title, detail, fix? } ] }.
--batch reads one domain or address per line (# comments), appends one such object per
line to --out as each finishes, and skips domains already there (resume after Ctrl-C).
A large --concurrency spreads the audits over several CPU threads (--threads); the limit
of 2 connections per server holds across all of them.
Exit status: 0 no check failed, 1 at least one failed, 2 bad usage (130 interrupted batch).`;

/** A thread carries a few dozen audits at a time before its CPU is the limit; never more threads than cores. */
function defaultThreads(concurrency: number): number {
  return Math.max(1, Math.min(availableParallelism(), Math.ceil(concurrency / 16)));
}

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** HOST, or HOST:PORT:SECURITY as for `test`. */
function serverOption(value: string, name: string, fallback: Omit<ServerSpec, 'host'>): ServerSpec {
  if (!value.includes(':')) return parseServerSpec(`${value}:${fallback.port}:${fallback.security}`, name);
  return parseServerSpec(value, name);
}

async function paramsFrom(opts: AuditOptions): Promise<Omit<AuditParams, 'target'>> {
  const params: Omit<AuditParams, 'target'> = {};
  if (opts.resolver !== undefined) params.resolver = opts.resolver;
  if (opts.timeout !== undefined) params.timeoutMs = parseIntOption('--timeout', opts.timeout, 100, 120_000);
  if (opts.dkimSelector) {
    const bad = opts.dkimSelector.find((s) => !/^[A-Za-z0-9_.-]{1,63}$/.test(s));
    if (bad !== undefined) throw new UsageError(`--dkim-selector "${bad.slice(0, 80)}" is not a selector (letters, digits, "-", "_", ".").`);
    params.dkimSelectors = opts.dkimSelector;
  }
  if (opts.smtp !== undefined) params.smtp = serverOption(opts.smtp, '--smtp', { port: 587, security: 'starttls' });
  if (opts.imap !== undefined) params.imap = serverOption(opts.imap, '--imap', { port: 993, security: 'tls' });
  if (opts.probe === false) params.noProbe = true;
  if (opts.ca !== undefined) params.caPem = await readCa(opts.ca);
  return params;
}

export function registerAudit(program: Command, getRuntime: RuntimeFactory): void {
  program
    .command('audit')
    .description("check a domain's mail security and setup (587, relay, TLS, SPF/DKIM/DMARC, MTA-STS) with the fix for each finding")
    .argument('[target]', 'a domain or an email address, e.g. example.com')
    .option('--json', 'print the report as JSON (stable shape, see below)')
    .option('--html <file>', 'also write a self-contained printable HTML report')
    .option('--fix-zone', 'print only the DNS records to publish, as a zone-file snippet')
    .option('--no-probe', 'DNS checks only: connect to no mail server')
    .option('--resolver <host[:port]>', 'DNS server for every lookup, e.g. 127.0.0.53 or [::1]:5353')
    .option('--timeout <ms>', 'timeout of each network step in milliseconds (default 10000)')
    .option('--dkim-selector <sel>', 'also look for a DKIM key under this selector; repeatable', collect)
    .option('--smtp <host[:port:security]>', 'audit this submission host instead of the one discovery recommends; a port other than 587/465 is audited as well (e.g. mail.example.com:2525:starttls)')
    .option('--imap <host[:port:security]>', 'audit this IMAP host instead of the one discovery recommends; a port other than 993/143 is audited as well (e.g. mail.example.com:10993:tls)')
    .option('--ca <file>', 'also trust the CA certificate(s) in this PEM file')
    .option('--batch <file>', 'audit every domain or address in this file (one per line)')
    .option('--out <file>', 'with --batch: the JSON-lines file to append to (and resume from)')
    .option('--concurrency <n>', 'with --batch: audits at a time (default 8)')
    .option('--threads <n>', 'with --batch: CPU threads to run them on (default: one per 16 audits at a time, at most one per core)')
    .addHelpText('after', EXAMPLES)
    .action(async (target: string | undefined, opts: AuditOptions) => {
      const params = await paramsFrom(opts);
      if (opts.batch !== undefined) {
        if (target !== undefined) throw new UsageError('give either a domain or --batch FILE, not both.');
        if (opts.out === undefined) throw new UsageError('--batch needs --out FILE (results are appended there, one JSON object per line).');
        if (opts.html !== undefined || opts.fixZone || opts.json) throw new UsageError('--html, --fix-zone and --json are for one domain; --batch always writes JSON lines to --out.');
        const concurrency = opts.concurrency === undefined ? 8 : parseIntOption('--concurrency', opts.concurrency, 1, 256);
        // The batch runner names domains with the engine's own parser: loaded only for --batch.
        const threads = opts.threads === undefined ? defaultThreads(concurrency) : parseIntOption('--threads', opts.threads, 1, 64);
        const { runBatch } = await import('../audit-batch.js');
        process.exitCode = await runBatch(getRuntime(), { input: opts.batch, out: opts.out, concurrency, threads, params, progress: process.stderr.isTTY === true });
        return;
      }
      if (target === undefined) throw new UsageError('give a domain or an email address to audit, e.g. mailsetup audit example.com (or --batch FILE --out FILE).');
      if (opts.out !== undefined || opts.concurrency !== undefined || opts.threads !== undefined) throw new UsageError('--out, --concurrency and --threads go with --batch.');
      const live = !opts.json && !opts.fixZone && process.stderr.isTTY === true;
      let seen = 0;
      const reply = await getRuntime().call('audit', { ...params, target }, live ? {
        emit: (name, payload) => {
          if (name !== 'audit:progress') return;
          const { check } = payload as AuditProgress;
          process.stderr.write(`\r\u001b[2K${++seen} checks done; last: ${STATUS_WORDS[check.status]} ${check.id}${check.host ? ` ${check.host}` : ''}`);
        },
      } : {});
      if (live) process.stderr.write('\r\u001b[2K');
      if (!reply.ok) {
        printError(reply.error);
        process.exitCode = exitCodeFor(reply.error);
        return;
      }
      const report = reply.value;
      if (opts.html !== undefined) {
        try {
          writeFileSync(opts.html, reportHtml(report));
        } catch (e) {
          throw new UsageError(`--html ${opts.html}: cannot write it (${(e as Error).message}).`);
        }
      }
      if (opts.json) printJson(report);
      else if (opts.fixZone) process.stdout.write(fixZone(report));
      else process.stdout.write(reportCard(report, process.stdout.isTTY === true && !process.env.NO_COLOR));
      process.exitCode = report.verdict === 'fail' ? EXIT.FAILED : EXIT.OK;
    });
}
