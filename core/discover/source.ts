// What every discovery source is: a named, prioritised lookup that yields at most one
// configuration, told when to stop through an AbortSignal.
import type { Deps } from '../deps.js';
import type { ConnectionGate } from '../net/connection-gate.js';
import type { DnsResolver, HttpFetcher } from '../net/types.js';
import type { DiscoverParams } from '../../shared/discover.js';
import type { ParsedEmail } from '../../shared/email.js';
import type { MailConfig, SourceName, SourceStatus } from '../../shared/model.js';

export interface SourceContext {
  email: ParsedEmail;
  params: DiscoverParams;
  deps: Deps;
  resolver: DnsResolver;
  http: HttpFetcher;
  /** Aborted when the source timed out, lost to a better answer, or the caller cancelled. */
  signal: AbortSignal;
  /** Milliseconds this source may still use (its own timeout within the overall deadline). */
  timeLeft(): number;
  /** When set, every connection to a mail server waits for a slot of its address. */
  gate?: ConnectionGate;
}

export interface SourceOutcome {
  status: SourceStatus;
  config?: MailConfig;
  detail?: string;
}

export interface Source {
  name: SourceName;
  /** Lower runs first in the ranking (Thunderbird's priority order). */
  priority: number;
  /** Whether this source can ever yield a trusted (secure) configuration. */
  mayBeSecure: boolean;
  /** Its own time budget, cut to what is left of the overall deadline. */
  timeoutMs: number;
  /** Starts with the local sources (it goes on the network only for a stored match), not a macrotask later. */
  startsAtOnce?: boolean;
  run(ctx: SourceContext): Promise<SourceOutcome>;
}
