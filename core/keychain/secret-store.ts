// The keychain seam: a small interface so the backend can be replaced
// (@napi-rs/keyring today, Electron's safeStorage is the other candidate).
import type { Result } from '../../shared/errors.js';

export interface SecretStore {
  /** The stored secret, or null when there is none. */
  get(user: string): Promise<Result<string | null>>;
  set(user: string, secret: string): Promise<Result<void>>;
  /** True when an item was removed, false when there was none. */
  delete(user: string): Promise<Result<boolean>>;
}

/** Service name of every MailSetup keychain item (DESIGN.md). */
export const KEYCHAIN_SERVICE = 'mailsetup';

/** Keychain user of an account's password: the normalised address (domain lower-cased). */
export function passwordUser(email: string): string {
  return email;
}

/** Keychain user of a separate SMTP password. */
export function smtpPasswordUser(email: string): string {
  return `${email}#smtp`;
}
