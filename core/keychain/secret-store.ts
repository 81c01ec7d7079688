// The keychain seam: a small interface so the backend can be replaced
// (@napi-rs/keyring today, Electron's safeStorage is the other candidate).
import type { Result } from '../../shared/errors.js';

export interface SecretStore {
  get(user: string): Promise<Result<string | null>>;
  set(user: string, secret: string): Promise<Result<void>>;
  delete(user: string): Promise<Result<boolean>>;
}
