// Diagnosis codes of the connection test and their human texts.
export const DIAGNOSIS_CODES = [
  'DNS_NOT_FOUND',
  'CONNECTION_REFUSED',
  'CONNECTION_TIMEOUT',
  'STARTTLS_UNAVAILABLE',
  'TLS_HANDSHAKE_FAILED',
  'CERT_UNTRUSTED',
  'CERT_EXPIRED',
  'CERT_HOSTNAME_MISMATCH',
  'AUTH_FAILED',
  'AUTH_MECHANISM_UNSUPPORTED',
  'AUTH_OFFERED_WITHOUT_TLS',
  'OPEN_RELAY',
  'IMAP_LOGIN_FAILED',
] as const;

export type DiagnosisCode = (typeof DIAGNOSIS_CODES)[number];
export type Severity = 'error' | 'warning' | 'info';
