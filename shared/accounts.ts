// Saved accounts: the non-secret part (the password lives in the OS keychain).
import type { IncomingServer, OutgoingServer, SourceName } from './model.js';
import type { ServerSpec } from './probe.js';

export interface LastTest {
  /** ISO 8601 time of the test. */
  at: string;
  ok: boolean;
  summary: string;
}

export interface Account {
  email: string;
  displayName?: string;
  incoming: IncomingServer;
  outgoing: OutgoingServer;
  /** True when SMTP has its own keychain item (user EMAIL#smtp). */
  separateSmtpPassword: boolean;
  /** Where the settings came from: a discovery source, or 'manual' (given with --imap/--smtp). */
  source?: SourceName | 'manual';
  /** ISO 8601 times. */
  createdAt: string;
  updatedAt: string;
  lastTest?: LastTest;
}

export interface SaveParams {
  email: string;
  password: string;
  smtpPassword?: string;
  displayName?: string;
  username?: string;
  imap?: ServerSpec;
  smtp?: ServerSpec;
  resolver?: string;
  /** Where the given servers came from (a test passes discovery's provenance on); default 'manual'. */
  source?: SourceName;
}

export interface ForgetParams {
  email: string;
}

export interface ForgetResult {
  email: string;
  removedSecrets: number;
  removedSettings: boolean;
}
