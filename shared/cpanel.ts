// cPanel connection (issue 12): parameters and results of the cpanel* requests. The
// JSON the CLI prints for each command is documented in cli/commands/cpanel.ts.
import type { ExportFile, ExportFormat } from './profiles.js';
import type { TestReport } from './probe.js';

export interface CpanelConnectParams {
  /** https://HOST[:PORT]; port 2083 when none is given. */
  url: string;
  user: string;
  token: string;
  /** SHA-256 fingerprint (hex, colons optional) of a certificate the user trusts. */
  trustFingerprint?: string;
}

export interface CpanelCertificate {
  /** "AB:CD:…" as Node prints it. */
  fingerprint256: string;
  /** True when the chain validated for the host; false when only the pinned fingerprint let it through. */
  validated: boolean;
}

export interface CpanelConnectResult {
  url: string;
  user: string;
  domains: string[];
  certificate: CpanelCertificate;
}

export interface CpanelConnection {
  url: string;
  user: string;
  domains: string[];
}

export interface CpanelListResult {
  connections: CpanelConnection[];
}

/** A connection: "host:port", or the bare host when only one connection has it. */
export interface CpanelConnectionParams {
  connection: string;
}

export interface CpanelDisconnectResult {
  url: string;
  user: string;
  removedToken: boolean;
}

export interface CpanelMailboxesParams {
  connection?: string;
}

export interface CpanelMailbox {
  email: string;
  diskUsedBytes: number;
  /** null when unlimited. */
  diskQuotaBytes: number | null;
}

export interface CpanelMailboxesResult {
  url: string;
  user: string;
  mailboxes: CpanelMailbox[];
}

export interface CpanelAddMailboxParams {
  email: string;
  connection?: string;
  /** MB; 0 = unlimited; absent = cPanel's default. */
  quotaMb?: number;
  /** Absent: one is generated from a CSPRNG to the server's required strength. */
  password?: string;
  /** DNS server for the connection test, "HOST[:PORT]". */
  resolver?: string;
}

export interface CpanelAddMailboxResult {
  email: string;
  created: true;
  requiredStrength: number;
  saved: boolean;
  test: TestReport;
  /** Only when generated; never printed under --json, never stored outside the keychain. */
  generatedPassword?: string;
}

export interface CpanelExportAllParams {
  format: ExportFormat;
  connection?: string;
  domain?: string;
}

export interface CpanelExportedFile extends ExportFile {
  /** The mailbox this file is for; absent for index.html. */
  email?: string;
  /** 'profile' (the chosen format) or 'helpdesk-sheet'. */
  kind: 'profile' | 'helpdesk-sheet' | 'index';
}

export interface CpanelExportAllResult {
  files: CpanelExportedFile[];
  warnings: string[];
}

/** cPanel's validate_current_* object for one domain, passed through unchanged. */
export type CpanelAuthRecord = Record<string, unknown> & { state?: string };

export interface CpanelDeliverabilityParams {
  domain: string;
  connection?: string;
  enableDkim?: boolean;
  /** The full record to install (the one shown to the user and confirmed). */
  installSpf?: string;
}

export interface CpanelDeliverabilityResult {
  domain: string;
  spf: CpanelAuthRecord;
  dkim: CpanelAuthRecord;
  ptr: CpanelAuthRecord;
  changed: string[];
  /** What --install-spf would install now (absent when SPF is already VALID). */
  proposedSpf?: { current: string | null; record: string };
  /** True when DKIM is not VALID and enable_dkim could help. */
  dkimEnableSuggested: boolean;
}

/** Plain-words meaning and fix of every state cPanel reports (including undocumented ones). */
export const DELIVERABILITY_FIXES: Record<'spf' | 'dkim' | 'ptr', Record<string, { meaning: string; fix?: string }>> = {
  spf: {
    VALID: { meaning: 'The SPF record lists this server.' },
    MISSING: { meaning: 'The domain has no SPF record.', fix: 'Install the SPF record cPanel expects.' },
    MISMATCHED: { meaning: 'The SPF record does not list this server.', fix: 'Add the expected terms to the SPF record.' },
    INVALID: { meaning: 'The SPF record does not list this server.', fix: 'Add the expected terms to the SPF record.' },
    MULTIPLE: { meaning: 'The domain has more than one SPF record, so receivers ignore all of them.', fix: 'Keep one SPF record that holds the expected terms.' },
    ERROR: { meaning: 'cPanel could not check the SPF record.', fix: 'Check the domain\'s DNS, then check again.' },
  },
  dkim: {
    VALID: { meaning: 'The DKIM key in DNS matches the server\'s key.' },
    MISSING: { meaning: 'The domain has no DKIM record.', fix: 'Turn DKIM on for the domain.' },
    MISMATCH: { meaning: 'The DKIM record in DNS does not match the server\'s key.', fix: 'Turn DKIM on again so cPanel publishes its key, or correct the DNS record.' },
    MALFORMED: { meaning: 'The DKIM record in DNS is damaged.', fix: 'Replace it with the record cPanel expects.' },
    MULTIPLE: { meaning: 'There is more than one DKIM record for the selector.', fix: 'Keep only the record cPanel expects.' },
    NOPUB: { meaning: 'The DKIM record has no public key.', fix: 'Replace it with the record cPanel expects.' },
    ERROR: { meaning: 'cPanel could not check DKIM.', fix: 'Check the domain\'s DNS, then check again.' },
  },
  ptr: {
    VALID: { meaning: 'The server\'s address points back to its name (reverse DNS).' },
    MISSING_PTR: { meaning: 'The server\'s address has no reverse DNS name.', fix: 'Ask the hosting provider to set reverse DNS for the server\'s address.' },
    PTR_MISMATCH: { meaning: 'The reverse DNS name does not point back to the server\'s address.', fix: 'Ask the hosting provider to correct reverse DNS.' },
    HELO_MISMATCH: { meaning: 'The reverse DNS name differs from the name the server greets with.', fix: 'Ask the hosting provider to make the mail server\'s name and reverse DNS agree.' },
    IP_IS_PRIVATE: { meaning: 'The server sends from a private address that has no public reverse DNS.', fix: 'Ask the hosting provider about the sending address.' },
    ERROR: { meaning: 'cPanel could not check reverse DNS.', fix: 'Check again later.' },
  },
};

/** The meaning and fix of a state, with a fallback for states cPanel may add later. */
export function describeAuthState(kind: 'spf' | 'dkim' | 'ptr', state: string | undefined): { meaning: string; fix?: string } {
  const known = state !== undefined ? DELIVERABILITY_FIXES[kind][state] : undefined;
  return known ?? { meaning: `cPanel reports the state "${state ?? 'unknown'}".`, fix: 'Open the Email Deliverability page in cPanel for details.' };
}
