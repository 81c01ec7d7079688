// Parameters of the discover capability (the result type is DiscoveryResult in model.ts).
import type { SourceReport } from './model.js';

export interface DiscoverParams {
  email: string;
  /** Overall deadline in milliseconds (default 8000). */
  timeoutMs?: number;
  /** Skip probing hosts (guessing). */
  noGuess?: boolean;
  /** Only the bundled ISPDB and the local override file: no network at all. */
  offline?: boolean;
  /** DNS server "HOST[:PORT]" used for every lookup, including hosts connected to. */
  resolver?: string;
  /** Base URL of the online ISPDB (default https://autoconfig.thunderbird.net/v1.1/). */
  ispdbUrl?: string;
}

/** Progress event: one source changed state. */
export interface DiscoverProgress {
  email: string;
  source: SourceReport;
}

/** The sources in the order `sources[]` lists them (and a progress display shows them). */
export const DISCOVERY_SOURCES = ['cpanel', 'local-override', 'ispdb-bundled', 'autoconfig', 'ispdb', 'mx', 'srv', 'autodiscover', 'guess'] as const satisfies readonly SourceReport['source'][];
