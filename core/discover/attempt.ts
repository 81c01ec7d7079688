// One candidate inside a source (a URL, a DNS name, a host:port) and how the outcomes
// of several candidates combine into one source status.
import { DnsError, HttpError } from '../net/types.js';
import type { SourceStatus } from '../../shared/model.js';

export type Attempt<T> = { ok: true; value: T } | { ok: false; status: Exclude<SourceStatus, 'found'>; detail: string };

export function miss<T = never>(status: Exclude<SourceStatus, 'found'>, detail: string): Attempt<T> {
  return { ok: false, status, detail };
}

/** Maps a network failure to a source status with a readable detail. */
export function fromError<T = never>(e: unknown, what: string): Attempt<T> {
  if (e instanceof DnsError) {
    if (e.kind === 'NXDOMAIN' || e.kind === 'NODATA') return miss('not-found', `${what}: ${e.message}`);
    if (e.kind === 'TIMEOUT') return miss('timeout', `${what}: ${e.message}`);
    if (e.kind === 'CANCELLED') return miss('cancelled', `${what}: cancelled`);
    return miss('error', `${what}: ${e.message}`);
  }
  if (e instanceof HttpError) {
    if (e.kind === 'TIMEOUT') return miss('timeout', `${what}: ${e.message}`);
    if (e.kind === 'CANCELLED') return miss('cancelled', `${what}: cancelled`);
    if (e.kind === 'DNS' && /NXDOMAIN|has no address|does not exist/.test(e.message)) return miss('not-found', `${what}: ${e.message}`);
    if (e.kind === 'TOO_LARGE') return miss('invalid', `${what}: ${e.message}`);
    return miss('error', `${what}: ${e.message}`);
  }
  return miss('error', `${what}: ${e instanceof Error ? e.message : String(e)}`);
}

// A source's status is the most telling of its candidates' failures.
const SEVERITY: Record<Exclude<SourceStatus, 'found'>, number> = { invalid: 5, error: 4, timeout: 3, 'not-found': 2, cancelled: 1, skipped: 0 };

type Miss = { ok: false; status: Exclude<SourceStatus, 'found'>; detail: string };

export function combineMisses(attempts: readonly Attempt<unknown>[]): { status: Exclude<SourceStatus, 'found'>; detail: string } {
  const misses = attempts.filter((a): a is Miss => !a.ok);
  if (misses.length === 0) return { status: 'not-found', detail: 'nothing to try' };
  const worst = misses.reduce((a, b) => (SEVERITY[b.status] > SEVERITY[a.status] ? b : a));
  return { status: worst.status, detail: misses.map((m) => m.detail).join('; ') };
}

/**
 * Runs candidates concurrently and returns the first success in list order: a later
 * candidate's success waits until every earlier one has failed (Thunderbird's
 * promiseFirstSuccessful). Once decided, the others are aborted.
 */
export async function firstSuccessful<T>(
  tasks: readonly ((signal: AbortSignal) => Promise<Attempt<T>>)[],
  parent: AbortSignal,
): Promise<{ ok: true; value: T; index: number; misses: Attempt<T>[] } | { ok: false; misses: Attempt<T>[] }> {
  const controller = new AbortController();
  const onParentAbort = (): void => controller.abort();
  parent.addEventListener('abort', onParentAbort, { once: true });
  if (parent.aborted) controller.abort();
  const results: (Attempt<T> | undefined)[] = tasks.map(() => undefined);
  try {
    return await new Promise((resolve) => {
      const decide = (): void => {
        for (let i = 0; i < results.length; i++) {
          const r = results[i];
          if (r === undefined) return; // an earlier candidate is still running
          if (r.ok) {
            resolve({ ok: true, value: r.value, index: i, misses: results.slice(0, i) as Attempt<T>[] });
            return;
          }
        }
        resolve({ ok: false, misses: results as Attempt<T>[] });
      };
      if (tasks.length === 0) return decide();
      tasks.forEach((task, i) => {
        task(controller.signal)
          .catch((e: unknown) => fromError<T>(e, 'candidate'))
          .then((r) => {
            results[i] = r;
            decide();
          });
      });
    });
  } finally {
    parent.removeEventListener('abort', onParentAbort);
    controller.abort();
  }
}
