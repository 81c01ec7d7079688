// Turns what went wrong (library errors, TLS facts) into diagnosis codes with the
// human texts of shared/diagnosis.ts.
import { describeDiagnosis, type DiagnosisCode, type DiagnosisFacts } from '../../shared/diagnosis.js';
import type { Diagnosis, TlsReport } from '../../shared/probe.js';
import { DnsError } from '../net/types.js';

export function makeDiagnosis(code: DiagnosisCode, facts: DiagnosisFacts): Diagnosis {
  const t = describeDiagnosis(code, facts);
  return { code, severity: t.severity, message: t.message, ...(t.fix ? { fix: t.fix } : {}) };
}

/** Certificate problems, in the order a person should fix them. */
export function tlsDiagnoses(tls: TlsReport, facts: DiagnosisFacts): Diagnosis[] {
  const leaf = tls.chain[0];
  const withCert: DiagnosisFacts = { ...facts, certNames: leaf?.subjectAltNames ?? [], validTo: leaf?.validTo, fingerprint256: leaf?.fingerprint256 };
  if (tls.trustedByFingerprint) return [makeDiagnosis('CERT_TRUSTED_BY_FINGERPRINT', withCert)];
  const out: Diagnosis[] = [];
  if (!tls.validated) {
    const expired = tls.error === 'CERT_HAS_EXPIRED';
    out.push(makeDiagnosis(expired ? 'CERT_EXPIRED' : 'CERT_UNTRUSTED', { ...withCert, detail: tls.error }));
  }
  if (!tls.hostnameMatches) out.push(makeDiagnosis('CERT_HOSTNAME_MISMATCH', withCert));
  return out;
}

/** The fields the mail libraries put on their errors. */
export interface LibError {
  message?: string;
  code?: string;
  originalCode?: string;
  timeoutType?: string;
  response?: string;
  responseText?: string;
  responseCode?: number;
  command?: string;
  tlsFailed?: boolean;
  authenticationFailed?: boolean;
  serverResponseCode?: string;
}

export interface Classified {
  code: DiagnosisCode;
  detail?: string;
  serverSays?: string;
  noGreeting?: boolean;
}

const TLS_WORDS = /wrong version number|packet length too long|handshake|ssl|tls|alert|unsupported protocol|no protocols available/i;

/** OpenSSL's "8018…:error:0A00010B:SSL routines:ssl3_get_record:wrong version number:…" → "wrong version number …" */
function tlsDetail(message: string): string {
  const m = /SSL routines:[^:]*:([^:]+):/.exec(message);
  const reason = m?.[1] ?? message.replace(/^Error initiating TLS - /, '').trim();
  return /wrong version number|packet length too long/i.test(reason)
    ? `${reason} (the server did not answer with TLS: this port probably expects STARTTLS or no TLS at first)`
    : reason;
}

/** Maps a connection-level error (before any login) to a diagnosis code. */
export function classifyConnectionError(e: unknown): Classified {
  if (e instanceof DnsError) {
    return { code: e.kind === 'NXDOMAIN' || e.kind === 'NODATA' ? 'DNS_NOT_FOUND' : 'DNS_FAILED', detail: e.message };
  }
  const err = (typeof e === 'object' && e !== null ? e : { message: String(e) }) as LibError;
  const message = err.message ?? '';
  const codes = [err.code, err.originalCode].filter(Boolean);
  const serverSays = err.response?.trim() || undefined;
  if (codes.some((c) => c === 'ENOTFOUND' || c === 'ENODATA')) return { code: 'DNS_NOT_FOUND', detail: message };
  if (codes.some((c) => c === 'EAI_AGAIN' || c === 'ESERVFAIL' || c === 'EDNS')) return { code: 'DNS_FAILED', detail: message };
  if (codes.includes('ECONNREFUSED') || /ECONNREFUSED/.test(message)) return { code: 'CONNECTION_REFUSED', detail: message };
  if (err.timeoutType === 'GREETING_TIMEOUT' || err.code === 'GREETING_TIMEOUT') return { code: 'CONNECTION_TIMEOUT', noGreeting: true, detail: message };
  if (err.timeoutType === 'UPGRADE_TIMEOUT' || err.code === 'UPGRADE_TIMEOUT') return { code: 'TLS_HANDSHAKE_FAILED', detail: 'the TLS handshake timed out' };
  if (err.timeoutType === 'SOCKET_TIMEOUT') return { code: 'CONNECTION_TIMEOUT', noGreeting: true, detail: message };
  if (err.timeoutType === 'CONNECT_TIMEOUT' || err.code === 'CONNECT_TIMEOUT' || codes.some((c) => c === 'ETIMEDOUT' || c === 'EHOSTUNREACH' || c === 'ENETUNREACH')) {
    return { code: 'CONNECTION_TIMEOUT', detail: message };
  }
  if (err.tlsFailed && /does not support STARTTLS/i.test(message)) return { code: 'STARTTLS_UNAVAILABLE', detail: message };
  if (err.code === 'ETLS' || err.tlsFailed || (TLS_WORDS.test(message) && !/greeting/i.test(message))) {
    return { code: 'TLS_HANDSHAKE_FAILED', detail: tlsDetail(message), serverSays };
  }
  if (codes.includes('ECONNRESET') || /closed unexpectedly|socket hang up|Connection not available/i.test(message)) {
    return { code: 'PROTOCOL_ERROR', detail: 'the server closed the connection', serverSays };
  }
  return { code: 'PROTOCOL_ERROR', detail: message, serverSays };
}
