// Parameters and report of the connection test (`mailsetup test`).
// Owned by the probe capability; the JSON shape is a documented contract.
import type { Protocol, Security } from './model.js';
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
}

export interface TestStep {
  step: string;
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
  validated: boolean;
  hostnameMatches: boolean;
  error?: string;
}

export interface AuthReport {
  offeredBeforeTls: string[];
  offeredAfterTls: string[];
  mechanism?: string;
  ok: boolean;
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
  folders?: Record<string, string>;
}

export interface TestReport {
  email: string;
  ok: boolean;
  servers: ServerTestReport[];
}

export interface TestProgress {
  email: string;
  protocol: Protocol;
  step: TestStep;
}
