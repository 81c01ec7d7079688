// Parameters and report of the connection test (`mailsetup test`).
// Owned by the probe capability; the JSON shape is a documented contract.
import type { Protocol, Security, SourceName } from './model.js';
import type { DiagnosisCode, Severity } from './diagnosis.js';

export interface ServerSpec {
  host: string;
  port: number;
  security: Security;
}

export interface TestParams {
  email: string;
  /** Absent: the stored password from the keychain is used. */
  password?: string;
  /** A separate SMTP password, when the account has one. */
  smtpPassword?: string;
  username?: string;
  imap?: ServerSpec;
  smtp?: ServerSpec;
  resolver?: string;
  /** Extra trusted CA certificates, PEM text. */
  caPem?: string;
  /** SHA-256 fingerprints (hex, colons optional) of certificates the user explicitly trusts. */
  trustFingerprints?: string[];
  timeoutMs?: number;
  /** Save the account (settings + password) when the test passes. */
  save?: boolean;
  /** With `save`: the name shown as the sender. */
  displayName?: string;
  /** With `save` and given servers: where they came from (default 'manual'). */
  source?: SourceName;
}

/** Steps in the order they run; not every server has every step. */
export type StepName = 'resolve' | 'connect' | 'certificate' | 'relay-check' | 'auth' | 'login' | 'folders' | 'idle' | 'logout';

export interface TestStep {
  step: StepName;
  ok: boolean;
  ms: number;
  detail?: string;
}

export interface CertificateInfo {
  subject: string;
  subjectAltNames: string[];
  issuer: string;
  validFrom: string;
  validTo: string;
  fingerprint256: string;
}

export interface TlsReport {
  protocol?: string;
  cipher?: string;
  chain: CertificateInfo[];
  /** The chain validated against the trusted CAs (system, NODE_EXTRA_CA_CERTS, --ca). */
  validated: boolean;
  hostnameMatches: boolean;
  /** Not valid, but the user trusted this exact certificate (--trust-fingerprint). */
  trustedByFingerprint: boolean;
  /** OpenSSL's reason when it did not validate, e.g. UNABLE_TO_VERIFY_LEAF_SIGNATURE. */
  error?: string;
}

export interface AuthReport {
  /** AUTH mechanisms in the EHLO / CAPABILITY before encryption (port 587/143). */
  offeredBeforeTls: string[];
  offeredAfterTls: string[];
  mechanism?: string;
  /** false as well when the login was not attempted (see diagnosis). */
  ok: boolean;
  attempted: boolean;
  response?: string;
}

/** SMTP only: without logging in, MAIL FROM + RCPT TO an outside address. */
export interface RelayReport {
  checked: boolean;
  open: boolean;
  response?: string;
}

export interface Diagnosis {
  code: DiagnosisCode;
  severity: Severity;
  message: string;
  fix?: string;
}

export interface ServerTestReport {
  protocol: Protocol;
  host: string;
  port: number;
  security: Security;
  ok: boolean;
  steps: TestStep[];
  tls?: TlsReport;
  auth?: AuthReport;
  diagnosis: Diagnosis[];
  /** Protocol transcript, credentials redacted. */
  transcript: string[];
  /** Extra facts: capabilities, special-use folders, IDLE, SMTP extensions. */
  capabilities?: string[];
  /** IMAP: special-use folder → mailbox path (\\Sent → "Sent"). */
  folders?: Record<string, string>;
  idle?: boolean;
  relay?: RelayReport;
  /** Request/response round trips on the wire (TCP + TLS handshakes + commands). */
  roundTrips?: number;
}

export interface TestReport {
  email: string;
  ok: boolean;
  /** One line for people and for the account's lastTest. */
  summary: string;
  servers: ServerTestReport[];
  /** Where the settings came from when not given: the discovery source. */
  source?: string;
  /** With `save`: whether the account was saved (only after a passing test). */
  saved?: { ok: boolean; message?: string };
}

export interface TestProgress {
  email: string;
  protocol: Protocol;
  step: TestStep;
}
