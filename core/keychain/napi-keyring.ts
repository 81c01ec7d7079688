// Placeholder keychain backend; replaced by the @napi-rs/keyring implementation.
import type { SecretStore } from './secret-store.js';

export function createNapiKeyringStore(): SecretStore {
  const todo = async () => ({ ok: false as const, error: { code: 'KEYCHAIN_UNAVAILABLE' as const, message: 'keychain not implemented yet' } });
  return { get: todo, set: todo, delete: todo };
}
