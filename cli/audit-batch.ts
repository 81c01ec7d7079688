// `mailsetup audit --batch FILE --out results.jsonl`: streams the input, runs N audits at
// a time under one connection gate, appends one JSON line per finished domain, resumes by
// skipping domains already in the output, and stops cleanly on Ctrl-C (the file stays valid).
import { createReadStream, existsSync, openSync, closeSync, readSync, fstatSync, ftruncateSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { setMaxListeners } from 'node:events';
import readline from 'node:readline';
import type { AuditParams, AuditReport } from '../shared/audit.js';
import { auditDomain } from '../core/audit/handler.js';
import { createConnectionGate } from '../core/net/connection-gate.js';
import { inThreadPool, threadPool, workerEntry, type AuditPool } from './audit-pool.js';
import { EXIT, UsageError } from './io.js';
import { progressBar } from './progress-bar.js';
import type { Runtime } from './runtime.js';

export interface BatchOptions {
  input: string;
  out: string;
  concurrency: number;
  /** Worker threads to spread the audits over; 1 runs them in this thread. */
  threads: number;
  params: Omit<AuditParams, 'target'>;
  progress: boolean;
}

/** Input lines: one domain or address each; blank lines and # comments are skipped. */
async function* targets(file: string): AsyncGenerator<string> {
  const rl = readline.createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity });
  for await (const raw of rl) {
    const line = raw.replace(/#.*/, '').trim();
    if (line) yield line;
  }
}

/** Drops a torn last line (a run killed mid-write), so the file is valid JSON lines again. */
function repairTail(file: string): void {
  const fd = openSync(file, 'r+');
  try {
    const size = fstatSync(fd).size;
    if (size === 0) return;
    const chunk = Buffer.alloc(Math.min(size, 1 << 20));
    readSync(fd, chunk, 0, chunk.length, size - chunk.length);
    if (chunk[chunk.length - 1] === 0x0a) return;
    const nl = chunk.lastIndexOf(0x0a);
    ftruncateSync(fd, nl < 0 ? 0 : size - chunk.length + nl + 1);
  } finally {
    closeSync(fd);
  }
}

async function finishedDomains(file: string): Promise<Set<string>> {
  const done = new Set<string>();
  if (!existsSync(file)) return done;
  repairTail(file);
  const rl = readline.createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity });
  for await (const line of rl) {
    try {
      const d = (JSON.parse(line) as { domain?: unknown }).domain;
      if (typeof d === 'string') done.add(d);
    } catch {
      // not one of ours: left as it is, never redone from it
    }
  }
  return done;
}

export async function runBatch(runtime: Runtime, o: BatchOptions): Promise<number> {
  if (!existsSync(o.input)) throw new UsageError(`--batch ${o.input}: no such file.`);
  let total = 0;
  for await (const t of targets(o.input)) if (auditDomain(t)) total++;
  const done = await finishedDomains(o.out);
  let out: FileHandle;
  try {
    out = await open(o.out, 'a');
  } catch (e) {
    throw new UsageError(`--out ${o.out}: cannot write it (${(e as Error).message}).`);
  }
  const stop = new AbortController();
  setMaxListeners(o.concurrency + 16, stop.signal); // one listener per running audit
  const onSigint = (): void => stop.abort();
  process.once('SIGINT', onSigint);
  const gate = createConnectionGate(2);
  const entry = o.threads > 1 ? workerEntry() : undefined;
  const pool: AuditPool = entry ? threadPool(entry, o.threads, runtime, o.params, gate) : inThreadPool(runtime, o.params, gate);
  const verdicts = { pass: 0, warn: 0, fail: 0 };
  const failing = new Map<string, number>();
  let invalid = 0;
  let skipped = 0;
  let finished = 0;
  const bar = o.progress ? progressBar(total) : undefined;
  const inputs = targets(o.input);
  const claimed = new Set<string>();

  const next = async (): Promise<string | undefined> => {
    for (;;) {
      if (stop.signal.aborted) return undefined;
      const r = await inputs.next();
      if (r.done) return undefined;
      const domain = auditDomain(r.value);
      if (!domain) {
        invalid++;
        process.stderr.write(`${bar ? '\r\u001b[2K' : ''}mailsetup: skipping "${r.value.slice(0, 80)}": not a domain or an email address\n`);
        continue;
      }
      if (claimed.has(domain)) continue; // listed twice: audited once
      claimed.add(domain);
      if (done.has(domain)) {
        skipped++;
        continue;
      }
      return domain;
    }
  };
  // The input iterator is shared: one reader at a time.
  let reading: Promise<unknown> = Promise.resolve();
  const take = (): Promise<string | undefined> => {
    const p = reading.then(next);
    reading = p;
    return p;
  };

  const worker = async (): Promise<void> => {
    for (let domain = await take(); domain !== undefined; domain = await take()) {
      // One controller per audit, so the shared stop signal holds one listener per running audit.
      const one = new AbortController();
      const relay = (): void => one.abort();
      stop.signal.addEventListener('abort', relay, { once: true });
      const reply = await pool.run(domain, one.signal).finally(() => stop.signal.removeEventListener('abort', relay));
      if (stop.signal.aborted) return; // an interrupted audit is incomplete: not written, redone next time
      if (!reply.ok) {
        process.stderr.write(`${bar ? '\r\u001b[2K' : ''}mailsetup: ${domain}: ${reply.error.message}\n`);
        continue;
      }
      const report: AuditReport = reply.value;
      await out.write(`${JSON.stringify(report)}\n`);
      verdicts[report.verdict]++;
      for (const c of report.checks) if (c.status === 'fail') failing.set(c.id, (failing.get(c.id) ?? 0) + 1);
      finished++;
      bar?.tick(skipped + finished);
    }
  };
  try {
    bar?.tick(skipped);
    await Promise.all(Array.from({ length: o.concurrency }, worker));
  } finally {
    process.off('SIGINT', onSigint);
    bar?.clear();
    await Promise.all([out.close(), pool.close()]);
  }
  const top = [...failing.entries()].sort((a, b) => b[1] - a[1]).slice(0, 5);
  const lines = [
    `${stop.signal.aborted ? 'Interrupted' : 'Done'}: ${finished} audited now, ${skipped} already in ${o.out}${invalid ? `, ${invalid} invalid lines skipped` : ''}${entry ? ` (${o.threads} threads)` : ''}.`,
    `Verdicts: ${verdicts.pass} pass, ${verdicts.warn} warn, ${verdicts.fail} fail.`,
    ...(top.length > 0 ? ['Most common failing checks:', ...top.map(([id, n]) => `  ${String(n).padStart(6)}  ${id}`)] : []),
    ...(stop.signal.aborted ? [`Run the same command again to continue where it stopped.`] : []),
  ];
  process.stderr.write(`${lines.join('\n')}\n`);
  if (stop.signal.aborted) return 130;
  return verdicts.fail > 0 ? EXIT.FAILED : EXIT.OK;
}
