// Where a batch's audits run: in this thread, or spread over worker threads so a large
// batch uses every CPU core (one thread tops out at a few dozen domains per second, most
// of it TLS handshakes). Either way every audit asks the one connection gate of the
// command, here in the main thread, so "at most 2 connections per server address" holds
// across all threads.
import { existsSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import type { AuditParams } from '../shared/audit.js';
import type { Reply } from '../shared/contract.js';
import { fail } from '../shared/errors.js';
import type { ConnectionGate } from '../core/net/connection-gate.js';
import type { Runtime } from './runtime.js';

export interface AuditPool {
  /** Never rejects: a failure is a reply with an error. */
  run(domain: string, signal: AbortSignal): Promise<Reply<'audit'>>;
  close(): Promise<void>;
}

/** Main thread → worker. */
export type ToWorker =
  | { type: 'audit'; id: number; params: AuditParams }
  | { type: 'cancel'; id: number }
  | { type: 'grant'; slot: number };

/** Worker → main thread. */
export type FromWorker =
  | { type: 'done'; id: number; reply: Reply<'audit'> }
  | { type: 'acquire'; slot: number; address: string }
  /** The slot is no longer wanted: waiting or granted, it is given back. */
  | { type: 'release'; slot: number };

export function inThreadPool(runtime: Runtime, params: Omit<AuditParams, 'target'>, gate: ConnectionGate): AuditPool {
  return {
    run: (domain, signal) => runtime.call('audit', { ...params, target: domain }, { gate, signal }),
    close: () => Promise.resolve(),
  };
}

/** The bundled worker entry (dist/mailsetup/audit-worker.js), or undefined when running from source. */
export function workerEntry(): URL | undefined {
  for (const rel of ['./audit-worker.js', '../audit-worker.js']) {
    const url = new URL(rel, import.meta.url);
    if (existsSync(url)) return url;
  }
  return undefined;
}

interface Job {
  resolve: (r: Reply<'audit'>) => void;
  worker: Thread;
}

interface Thread {
  worker: Worker;
  running: number;
  /** Slots this worker holds or waits for: released if it dies. */
  slots: Map<number, { cancel: AbortController; release?: () => void }>;
  dead?: string;
}

/**
 * This thread plus `threads - 1` workers; each audit goes to the member with the fewest
 * running. Keeping this thread busy too saves one engine copy (tens of MB) and the
 * messages of a quarter to a half of the audits.
 */
export function threadPool(entry: URL, threads: number, runtime: Runtime, params: Omit<AuditParams, 'target'>, gate: ConnectionGate): AuditPool {
  const jobs = new Map<number, Job>();
  let nextId = 0;
  const workers: Thread[] = [];
  const here = { running: 0 };

  const giveBack = (t: Thread, slot: number): void => {
    const s = t.slots.get(slot);
    if (!s) return;
    t.slots.delete(slot);
    s.cancel.abort();
    s.release?.();
  };

  const failJobs = (t: Thread, why: string): void => {
    t.dead = why;
    for (const slot of [...t.slots.keys()]) giveBack(t, slot);
    for (const [id, job] of jobs) {
      if (job.worker !== t) continue;
      jobs.delete(id);
      job.resolve(fail('INTERNAL', `the audit thread stopped: ${why}`));
    }
  };

  for (let i = 1; i < threads; i++) {
    const worker = new Worker(entry);
    const t: Thread = { worker, running: 0, slots: new Map() };
    worker.on('message', (m: FromWorker) => {
      if (m.type === 'done') {
        const job = jobs.get(m.id);
        if (!job) return;
        jobs.delete(m.id);
        job.resolve(m.reply);
      } else if (m.type === 'acquire') {
        const cancel = new AbortController();
        const held: { cancel: AbortController; release?: () => void } = { cancel };
        t.slots.set(m.slot, held);
        gate.acquire(m.address, cancel.signal).then(
          (release) => {
            if (!t.slots.has(m.slot) || t.dead) return release(); // given back while it waited
            held.release = release;
            worker.postMessage({ type: 'grant', slot: m.slot } satisfies ToWorker);
          },
          () => undefined, // cancelled: the worker gave the slot back first
        );
      } else giveBack(t, m.slot);
    });
    worker.on('error', (e) => failJobs(t, e.message));
    worker.on('exit', (code) => failJobs(t, `exit code ${code}`));
    workers.push(t);
  }

  const inWorker = (t: Thread, domain: string, signal: AbortSignal): Promise<Reply<'audit'>> => {
    const id = nextId++;
    t.running++;
    return new Promise<Reply<'audit'>>((resolve) => {
      const onAbort = (): void => t.worker.postMessage({ type: 'cancel', id } satisfies ToWorker);
      jobs.set(id, {
        worker: t,
        resolve: (reply) => {
          t.running--;
          signal.removeEventListener('abort', onAbort);
          resolve(reply);
        },
      });
      signal.addEventListener('abort', onAbort, { once: true });
      t.worker.postMessage({ type: 'audit', id, params: { ...params, target: domain } } satisfies ToWorker);
    });
  };

  return {
    run(domain, signal) {
      const t = workers.filter((w) => !w.dead).sort((a, b) => a.running - b.running)[0];
      if (t && t.running < here.running) return inWorker(t, domain, signal);
      here.running++;
      return runtime.call('audit', { ...params, target: domain }, { gate, signal }).finally(() => here.running--);
    },
    async close() {
      await Promise.all(workers.map((t) => t.worker.terminate()));
    },
  };
}
