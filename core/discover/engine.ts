// The discovery engine: every source concurrently under one overall deadline, each
// with its own timeout and status. A lower-priority answer waits only until every
// source that could still beat it has finished (Thunderbird's promiseFirstSuccessful,
// made trust-aware: a pending source that could be secure can still beat an insecure
// answer). Losers are cancelled. Guessing starts late, or at once when half is missing.
// Once any answer is in hand, a better-ranked source gets only a bounded grace (grace.ts).
import type { DiscoverParams } from '../../shared/discover.js';
import type { ParsedEmail } from '../../shared/email.js';
import type { DiscoveryResult, MailConfig, SourceName, SourceReport, SourceStatus } from '../../shared/model.js';
import type { Deps } from '../deps.js';
import type { HandlerContext } from '../handler-types.js';
import type { DnsResolver, HttpFetcher } from '../net/types.js';
import { DEFAULT_GRACE_MS, DEFAULT_STREAMING_GRACE_MS, graceDetail, watchHttp, type Activity, type GraceOptions } from './grace.js';
import { compareKeys, rankConfigs, rankKey, type RankKey } from './rank.js';
import type { Source, SourceContext, SourceOutcome } from './source.js';
import { ALL_SOURCES, OFFLINE_SOURCES } from './sources/index.js';

export const DEFAULT_DEADLINE_MS = 8000;
export const DEFAULT_GUESS_DELAY_MS = 2000;

export interface EngineOptions extends GraceOptions {
  sources?: readonly Source[];
  /** Start guessing after this long without a trusted answer. */
  guessDelayMs?: number;
}

interface Entry {
  source: Source;
  state: 'waiting' | 'running' | 'done';
  controller: AbortController;
  abortReason?: 'timeout' | 'cancelled';
  report?: SourceReport;
  config?: MailConfig;
  timer?: NodeJS.Timeout;
  activity: Activity;
}

export function discover(
  email: ParsedEmail,
  params: DiscoverParams,
  deps: Deps,
  net: { resolver: DnsResolver; http: HttpFetcher },
  hctx: HandlerContext = {},
  options: EngineOptions = {},
): Promise<DiscoveryResult> {
  const sources = options.sources ?? ALL_SOURCES;
  const clock = deps.clock;
  const start = clock.now();
  const deadlineMs = params.timeoutMs ?? DEFAULT_DEADLINE_MS;
  const deadline = start + deadlineMs;
  const elapsed = (): number => Math.round(clock.now() - start);
  const entries: Entry[] = sources.map((source) => ({ source, state: 'waiting', controller: new AbortController(), activity: { streaming: 0 } }));
  const timers: NodeJS.Timeout[] = [];
  const immediates: NodeJS.Immediate[] = [];
  let finished = false;
  let firstAnswer: { source: string; ms: number } | undefined;
  let resolveResult: (r: DiscoveryResult) => void = () => undefined;
  const result = new Promise<DiscoveryResult>((resolve) => (resolveResult = resolve));

  const emit = (report: SourceReport): void => {
    try {
      hctx.emit?.('discover:progress', { email: email.email, source: report });
    } catch {
      // A broken listener must not break discovery.
    }
  };

  const report = (entry: Entry, status: SourceStatus, detail?: string): void => {
    entry.state = 'done';
    clearTimeout(entry.timer);
    entry.report = { source: entry.source.name, status, ms: elapsed(), ...(detail ? { detail } : {}) };
    emit(entry.report);
  };

  const finish = (why: 'done' | 'deadline' | 'cancelled'): void => {
    if (finished) return;
    finished = true;
    for (const t of timers) clearTimeout(t);
    for (const i of immediates) clearImmediate(i);
    hctx.signal?.removeEventListener('abort', onCallerAbort);
    for (const e of entries) {
      if (e.state === 'running') {
        e.abortReason = why === 'deadline' ? 'timeout' : 'cancelled';
        report(e, e.abortReason, why === 'deadline' ? `overall deadline of ${deadlineMs} ms reached` : why === 'cancelled' ? 'cancelled by the caller' : 'a better-ranked answer was found');
        e.controller.abort();
      } else if (e.state === 'waiting') {
        report(e, 'skipped', why === 'deadline' ? `not started before the ${deadlineMs} ms deadline` : 'not needed: a better-ranked answer was found');
      }
    }
    const found = entries.filter((e) => e.config).map((e) => ({ config: e.config as MailConfig, priority: e.source.priority }));
    resolveResult({
      email: email.email,
      domain: email.domain,
      configs: rankConfigs(found),
      sources: entries.map((e) => e.report as SourceReport),
    });
  };

  const bestFound = (): { key: RankKey; config: MailConfig } | undefined => {
    let best: { key: RankKey; config: MailConfig } | undefined;
    for (const e of entries) {
      if (!e.config) continue;
      const key = rankKey(e.config.secure, e.source.priority);
      if (!best || compareKeys(key, best.key) < 0) best = { key, config: e.config };
    }
    return best;
  };

  const incomplete = (c: MailConfig): boolean => c.incoming.length === 0 || c.outgoing.length === 0;

  /** Whether a pending source could still displace the best answer in hand. */
  const canBeat = (e: Entry, best: { key: RankKey; config: MailConfig }): boolean => {
    if (e.source.name === 'guess' && incomplete(best.config)) return true;
    return compareKeys(rankKey(e.source.mayBeSecure, e.source.priority), best.key) < 0;
  };

  /**
   * The grace is over: better-ranked sources still silent (or, at the final check, still
   * receiving) are cancelled as timed out, saying why. Guessing is bounded by its own
   * probe timeout and fills what the answer lacks, so it is left alone.
   */
  const endGrace = (final: boolean, waitedMs: number): void => {
    const best = bestFound();
    if (finished || !best || !firstAnswer) return;
    for (const e of entries) {
      if (e.state !== 'running' || e.source.name === 'guess' || !canBeat(e, best)) continue;
      const streaming = e.activity.streaming > 0;
      if (streaming && !final) continue;
      e.abortReason = 'timeout';
      report(e, 'timeout', graceDetail(streaming, waitedMs, firstAnswer));
      e.controller.abort();
    }
    evaluate();
  };

  const startGrace = (entry: Entry): void => {
    if (firstAnswer) return;
    firstAnswer = { source: entry.source.name, ms: elapsed() };
    const grace = options.graceMs ?? DEFAULT_GRACE_MS;
    const streamingGrace = Math.max(grace, options.streamingGraceMs ?? DEFAULT_STREAMING_GRACE_MS);
    timers.push(setTimeout(() => endGrace(false, grace), grace));
    timers.push(setTimeout(() => endGrace(true, streamingGrace), streamingGrace));
  };

  const evaluate = (): void => {
    if (finished) return;
    const best = bestFound();
    const guess = entries.find((e) => e.source.name === 'guess' && e.state === 'waiting');
    const others = entries.filter((e) => e !== guess && e.state !== 'done');
    // Guess at once for what is missing, or when everything else is over without any answer
    // (a guess ranks below every other answer, so it could add nothing then).
    if (guess && ((best && incomplete(best.config)) || (others.length === 0 && !best))) {
      launch(guess);
    }
    const pending = entries.filter((e) => e.state !== 'done');
    if (pending.length === 0) return finish('done');
    if (!best) return;
    if (!pending.some((e) => canBeat(e, best))) finish('done');
  };

  const launch = (entry: Entry): void => {
    if (finished || entry.state !== 'waiting') return;
    entry.state = 'running';
    const startedAt = clock.now();
    const budget = Math.max(0, Math.min(entry.source.timeoutMs, deadline - startedAt));
    const onMaster = (): void => entry.controller.abort();
    hctx.signal?.addEventListener('abort', onMaster, { once: true });
    const aborted = new Promise<SourceOutcome>((resolve) => {
      entry.controller.signal.addEventListener('abort', () => resolve({ status: entry.abortReason ?? 'cancelled' }), { once: true });
    });
    entry.timer = setTimeout(() => {
      entry.abortReason = 'timeout';
      entry.controller.abort();
    }, budget);
    const ctx: SourceContext = {
      email,
      params,
      deps,
      resolver: net.resolver,
      http: watchHttp(net.http, entry.activity),
      signal: entry.controller.signal,
      timeLeft: () => Math.max(0, startedAt + budget - clock.now()),
      ...(hctx.gate ? { gate: hctx.gate } : {}),
    };
    const running = Promise.resolve()
      .then(() => entry.source.run(ctx))
      .catch((e: unknown): SourceOutcome => ({ status: 'error', detail: `internal error: ${e instanceof Error ? e.message : String(e)}` }));
    void Promise.race([running, aborted]).then((outcome) => {
      hctx.signal?.removeEventListener('abort', onMaster);
      if (finished || entry.state === 'done') return;
      if (entry.abortReason === 'timeout') {
        report(entry, 'timeout', `no answer within ${Math.round(budget)} ms`);
      } else {
        if (outcome.status === 'found' && outcome.config) {
          entry.config = outcome.config;
          startGrace(entry);
        }
        report(entry, outcome.status === 'found' && !outcome.config ? 'error' : outcome.status, outcome.detail);
      }
      entry.controller.abort();
      evaluate();
    });
  };

  const onCallerAbort = (): void => finish('cancelled');
  if (hctx.signal?.aborted) {
    finish('cancelled');
    return result;
  }
  hctx.signal?.addEventListener('abort', onCallerAbort, { once: true });

  for (const e of entries) {
    const name: SourceName = e.source.name;
    if (params.offline && !OFFLINE_SOURCES.has(name)) report(e, 'skipped', 'offline: no network used');
    else if (name === 'guess' && params.noGuess) report(e, 'skipped', 'guessing turned off (--no-guess)');
  }
  // Local sources first; the network ones a macrotask later, so that when the override
  // or the bundled ISPDB answers, no packet leaves the machine at all.
  for (const e of entries) if (OFFLINE_SOURCES.has(e.source.name) || e.source.startsAtOnce) launch(e);
  immediates.push(
    setImmediate(() => {
      for (const e of entries) if (e.source.name !== 'guess') launch(e);
    }),
  );
  timers.push(
    setTimeout(() => {
      const best = bestFound();
      const guess = entries.find((e) => e.source.name === 'guess');
      if (guess && !(best && best.key[0] === 0)) launch(guess);
    }, options.guessDelayMs ?? DEFAULT_GUESS_DELAY_MS),
  );
  timers.push(setTimeout(() => finish('deadline'), deadlineMs));
  evaluate();
  return result;
}
