// Error codes shared by every capability. A failure carries a code from here, a
// human message, and where there is one, the server's own words.

export const ERROR_CODES = [
  'BAD_USAGE',
  'BAD_INPUT',
  'NOT_FOUND',
  'TIMEOUT',
  'CANCELLED',
  'NETWORK',
  'DISCOVERY_FAILED',
  'TEST_FAILED',
  'KEYCHAIN_UNAVAILABLE',
  'KEYCHAIN_LOCKED',
  'KEYCHAIN_TIMEOUT',
  'KEYCHAIN_ERROR',
  'ACCOUNT_NOT_FOUND',
  'PASSWORD_MISSING',
  'METADATA_CORRUPT',
  'METADATA_TOO_NEW',
  'STORAGE_ERROR',
  'EXPORT_FAILED',
  'UNAUTHORIZED',
  'INTERNAL',
  // cPanel connection (issue 12); certificate codes as in `mailsetup test`.
  'CPANEL_AUTH_FAILED',
  'CPANEL_FEATURE_MISSING',
  'CPANEL_API_ERROR',
  'CPANEL_REDIRECT_REFUSED',
  'CPANEL_NOT_CONNECTED',
  'CONFIRMATION_REQUIRED',
  'CERT_UNTRUSTED',
  'CERT_HOSTNAME_MISMATCH',
  'CERT_EXPIRED',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export interface MailSetupError {
  code: ErrorCode;
  message: string;
  /** What the user can do about it. */
  fix?: string;
  /** The server's own reply, already redacted. */
  serverSays?: string;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: MailSetupError };

export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

export function fail<T = never>(code: ErrorCode, message: string, extra: Partial<MailSetupError> = {}): Result<T> {
  return { ok: false, error: { code, message, ...extra } };
}
