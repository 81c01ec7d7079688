// The engine's scheduling rules with fake sources (no network): priority waiting,
// trust-aware early finish, cancellation, deadline, guessing start, progress events.
import { describe, expect, it } from 'vitest';
import { discover, type EngineOptions } from '../../../core/discover/engine.js';
import type { Source, SourceOutcome } from '../../../core/discover/source.js';
import type { Deps } from '../../../core/deps.js';
import type { DiscoverParams, DiscoverProgress } from '../../../shared/discover.js';
import type { MailConfig, SourceName } from '../../../shared/model.js';
import type { DnsResolver, HttpFetcher } from '../../../core/net/types.js';

const email = { email: 'jane@example.com', localPart: 'jane', domain: 'example.com' };
const deps = { clock: { now: () => performance.now() } } as unknown as Deps;
const net = { resolver: {} as DnsResolver, http: {} as HttpFetcher };

function config(source: SourceName, secure: boolean, halves: 'both' | 'in' = 'both'): MailConfig {
  const server = { host: `${source}.example.com`, port: 993, security: 'tls' as const, username: email.email, auth: [] };
  return {
    source,
    url: `test:${source}`,
    secure,
    incoming: [{ protocol: 'imap', ...server }],
    outgoing: halves === 'both' ? [{ protocol: 'smtp', ...server, port: 465 }] : [],
  };
}

interface Fake extends Source {
  started: boolean;
  aborted: boolean;
}

function fake(name: SourceName, priority: number, after: number, outcome: SourceOutcome | 'hang' | 'ignore-abort' | 'throw', mayBeSecure = true): Fake {
  const f: Fake = {
    name,
    priority,
    mayBeSecure,
    timeoutMs: 60_000,
    started: false,
    aborted: false,
    run: ({ signal }) => {
      f.started = true;
      signal.addEventListener('abort', () => (f.aborted = true));
      if (outcome === 'throw') return Promise.reject(new Error('boom'));
      return new Promise<SourceOutcome>((resolve) => {
        if (outcome === 'ignore-abort') return;
        const t = outcome === 'hang' ? undefined : setTimeout(() => resolve(outcome), after);
        signal.addEventListener('abort', () => {
          clearTimeout(t);
          resolve({ status: 'cancelled' });
        });
      });
    },
  };
  return f;
}

const found = (name: SourceName, secure: boolean, halves: 'both' | 'in' = 'both'): SourceOutcome => ({ status: 'found', config: config(name, secure, halves) });

function run(sources: Source[], params: Partial<DiscoverParams> = {}, options: EngineOptions = {}, signal?: AbortSignal) {
  const events: DiscoverProgress[] = [];
  const result = discover(email, { email: email.email, ...params }, deps, net, { signal, emit: (_n, p) => events.push(p as DiscoverProgress) }, { guessDelayMs: 60_000, ...options, sources });
  return result.then((r) => ({ ...r, events }));
}

const statusOf = (r: { sources: { source: string; status: string }[] }, s: string) => r.sources.find((x) => x.source === s)?.status;

describe('discovery engine', () => {
  it('makes a faster lower-priority answer wait for a higher-priority one', async () => {
    const r = await run([fake('autoconfig', 1, 60, found('autoconfig', true)), fake('mx', 4, 1, found('mx', true))]);
    expect(r.configs.map((c) => c.source)).toEqual(['autoconfig', 'mx']);
  });

  it('cancels lower-priority sources once a higher one succeeded', async () => {
    const slow = fake('autodiscover', 6, 0, 'hang');
    const r = await run([fake('autoconfig', 1, 5, found('autoconfig', true)), slow], { timeoutMs: 60_000 });
    expect(r.configs.map((c) => c.source)).toEqual(['autoconfig']);
    expect(statusOf(r, 'autodiscover')).toBe('cancelled');
    expect(slow.aborted).toBe(true);
  });

  it('keeps waiting for a source that could still give a secure answer after an insecure one', async () => {
    const r = await run([fake('autoconfig', 1, 1, found('autoconfig', false)), fake('srv', 5, 40, found('srv', true))]);
    expect(r.configs.map((c) => `${c.source}:${c.secure}`)).toEqual(['srv:true', 'autoconfig:false']);
  });

  it('ranks secure above insecure regardless of priority', async () => {
    const r = await run([fake('autoconfig', 1, 1, found('autoconfig', false)), fake('autodiscover', 6, 1, found('autodiscover', true))]);
    expect(r.configs[0]?.source).toBe('autodiscover');
  });

  it('gives a silent better-ranked source only the grace after the first answer, then reports it timed out', async () => {
    const silent = fake('autoconfig', 1, 0, 'hang');
    const r = await run([silent, fake('mx', 4, 1, found('mx', false))], { timeoutMs: 60_000 }, { graceMs: 30 });
    expect(r.configs.map((c) => c.source)).toEqual(['mx']);
    expect(statusOf(r, 'autoconfig')).toBe('timeout');
    expect(r.sources.find((s) => s.source === 'autoconfig')?.detail).toMatch(/^not awaited: it had not answered 30 ms after mx answered \(at \d+ ms\)$/);
    expect(silent.aborted).toBe(true);
  });

  it('still takes a better answer that arrives within the grace, and leaves guessing to its own timeout', async () => {
    const r = await run([fake('autoconfig', 1, 20, found('autoconfig', true)), fake('srv', 5, 1, found('srv', false))], { timeoutMs: 60_000 }, { graceMs: 500 });
    expect(r.configs.map((c) => c.source)).toEqual(['autoconfig', 'srv']);
    const guess = fake('guess', 7, 80, found('guess', false), false);
    const r2 = await run([fake('srv', 5, 1, found('srv', false, 'in')), guess], { timeoutMs: 60_000 }, { graceMs: 10 });
    expect(statusOf(r2, 'guess')).toBe('found');
  });

  it('returns at the deadline even when a source ignores cancellation', async () => {
    const r = await run([fake('autoconfig', 1, 0, 'ignore-abort'), fake('mx', 4, 1, found('mx', false))], { timeoutMs: 150 });
    expect(statusOf(r, 'autoconfig')).toBe('timeout');
    expect(r.configs.map((c) => c.source)).toEqual(['mx']);
  });

  it('turns a throwing source into an error status', async () => {
    const r = await run([fake('srv', 5, 0, 'throw')]);
    expect(statusOf(r, 'srv')).toBe('error');
    expect(r.sources[0]?.detail).toContain('boom');
  });

  it('starts guessing when nothing trusted arrived, and skips it after a trusted answer', async () => {
    const guess = fake('guess', 7, 1, found('guess', false), false);
    const r = await run([fake('autoconfig', 1, 1, { status: 'not-found' }), guess], {}, { guessDelayMs: 10 });
    expect(guess.started).toBe(true);
    expect(r.configs[0]?.source).toBe('guess');

    const guess2 = fake('guess', 7, 1, found('guess', false), false);
    const r2 = await run([fake('autoconfig', 1, 1, found('autoconfig', true)), guess2], {}, { guessDelayMs: 10 });
    expect(guess2.started).toBe(false);
    expect(statusOf(r2, 'guess')).toBe('skipped');
  });

  it('starts guessing at once when the best answer lacks a half', async () => {
    const guess = fake('guess', 7, 1, found('guess', false), false);
    const r = await run([fake('autoconfig', 1, 1, found('autoconfig', true, 'in')), guess]);
    expect(guess.started).toBe(true);
    expect(r.configs.map((c) => c.source)).toEqual(['autoconfig', 'guess']);
  });

  it('honours --no-guess and --offline', async () => {
    const guess = fake('guess', 7, 1, found('guess', false), false);
    const r = await run([fake('autoconfig', 1, 1, { status: 'not-found' }), guess], { noGuess: true }, { guessDelayMs: 0 });
    expect(guess.started).toBe(false);
    expect(statusOf(r, 'guess')).toBe('skipped');

    const online = fake('autoconfig', 1, 1, found('autoconfig', true));
    const r2 = await run([online, fake('ispdb-bundled', 3, 1, found('ispdb-bundled', true))], { offline: true });
    expect(online.started).toBe(false);
    expect(statusOf(r2, 'autoconfig')).toBe('skipped');
    expect(r2.configs.map((c) => c.source)).toEqual(['ispdb-bundled']);
  });

  it('stops when the caller cancels', async () => {
    const ac = new AbortController();
    const hang = fake('autoconfig', 1, 0, 'hang');
    const p = run([hang], { timeoutMs: 60_000 }, {}, ac.signal);
    setTimeout(() => ac.abort(), 10);
    const r = await p;
    expect(statusOf(r, 'autoconfig')).toBe('cancelled');
    expect(hang.aborted).toBe(true);
  });

  it('emits one progress event per source and lists every source', async () => {
    const r = await run([fake('autoconfig', 1, 1, { status: 'not-found' }), fake('mx', 4, 1, found('mx', false)), fake('guess', 7, 1, { status: 'not-found' }, false)], {}, { guessDelayMs: 0 });
    expect(r.events.map((e) => e.source.source).sort()).toEqual(['autoconfig', 'guess', 'mx']);
    expect(r.sources.map((s) => s.source)).toEqual(['autoconfig', 'mx', 'guess']);
    for (const s of r.sources) expect(typeof s.ms).toBe('number');
  });
});
