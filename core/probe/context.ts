// What a single server test needs besides the server itself, and the step recorder
// that times every step and reports it as it happens.
import net from 'node:net';
import type tls from 'node:tls';
import type { ServerSpec, StepName, TestStep } from '../../shared/probe.js';
import type { Protocol } from '../../shared/model.js';
import type { DnsResolver } from '../net/types.js';
import type { Redactor } from './redact.js';

export interface ProbeContext {
  resolver: DnsResolver;
  /** Trusted CAs as a ready, shared TLS context (net/tls-trust.ts); undefined keeps Node's defaults. */
  secureContext: tls.SecureContext | undefined;
  trustedFingerprints: ReadonlySet<string>;
  /** Per-step timeout. */
  timeoutMs: number;
  redactor: Redactor;
  signal?: AbortSignal;
  onStep?: (protocol: Protocol, step: TestStep) => void;
}

export interface ServerInput {
  spec: ServerSpec;
  email: string;
  username: string;
  password: string;
}

export class StepRecorder {
  readonly steps: TestStep[] = [];
  private readonly t0 = performance.now();

  constructor(
    private readonly protocol: Protocol,
    private readonly onStep?: ProbeContext['onStep'],
  ) {}

  elapsed(): number {
    return performance.now() - this.t0;
  }

  /** Records a finished step that started at `startedAt` (from elapsed()). */
  record(step: StepName, ok: boolean, startedAt: number, detail?: string): TestStep {
    const s: TestStep = { step, ok, ms: Math.round(this.elapsed() - startedAt), ...(detail ? { detail } : {}) };
    this.steps.push(s);
    this.onStep?.(this.protocol, s);
    return s;
  }
}

/** Rejects with a timeout error (timeoutType CONNECT_TIMEOUT-like) when `p` takes too long. */
export function withTimeout<T>(p: Promise<T>, ms: number, what: string, signal?: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(Object.assign(new Error(`${what} timed out after ${ms} ms`), { code: 'ETIMEDOUT' })), ms);
    const onAbort = (): void => reject(Object.assign(new Error('cancelled'), { code: 'ECANCELLED' }));
    signal?.addEventListener('abort', onAbort, { once: true });
    p.then(resolve, reject).finally(() => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    });
  });
}

/** Resolves the server name through the injected resolver (an IP literal is used as is). */
export async function resolveHost(resolver: DnsResolver, host: string, timeoutMs: number, signal?: AbortSignal): Promise<string> {
  if (net.isIP(host)) return host;
  const lookup = new Promise<string>((resolve, reject) => {
    resolver.lookup(host, { all: true }, (err, addresses) => {
      if (err) return reject(err);
      const list = Array.isArray(addresses) ? addresses : [{ address: String(addresses), family: 4 }];
      // IPv4 first: most mail servers and most home networks reach IPv4 reliably.
      const first = list.find((a) => a.family === 4) ?? list[0];
      if (!first) return reject(Object.assign(new Error(`${host} has no addresses`), { code: 'ENOTFOUND' }));
      resolve(first.address);
    });
  });
  return withTimeout(lookup, timeoutMs, `looking up ${host}`, signal);
}

/** The name the certificate must match and the SNI to send (none for an IP literal). */
export function serverName(host: string): string | undefined {
  return net.isIP(host) ? undefined : host;
}
