// The OS keychain through @napi-rs/keyring (macOS Keychain, Windows Credential
// Manager, the Secret Service on Linux), every call bounded by a timeout.
// On Linux the items carry the attributes service=mailsetup and username=USER, so
// `secret-tool lookup service mailsetup username jane@example.com` prints the password.
import { fail, ok, type Result } from '../../shared/errors.js';
import { keychainError, keychainTimeout } from './keyring-errors.js';
import { KeyringProcess, type KeyringOutcome, type KeyringRequest } from './keyring-process.js';
import { KEYCHAIN_SERVICE, type SecretStore } from './secret-store.js';

export const DEFAULT_KEYCHAIN_TIMEOUT_MS = 10_000;

export interface NapiKeyringOptions {
  service?: string;
  /** Per call; default MAILSETUP_KEYCHAIN_TIMEOUT_MS or 10 s. */
  timeoutMs?: number;
  /** Environment of the helper process (DBUS_SESSION_BUS_ADDRESS …); default process.env. */
  env?: NodeJS.ProcessEnv;
}

export interface ClosableSecretStore extends SecretStore {
  /** Stops the helper process; later calls start a new one. */
  close(): void;
}

export function keychainTimeoutFromEnv(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.MAILSETUP_KEYCHAIN_TIMEOUT_MS;
  const n = raw && /^\d+$/.test(raw) ? Number(raw) : NaN;
  return n >= 100 && n <= 600_000 ? n : DEFAULT_KEYCHAIN_TIMEOUT_MS;
}

export function createNapiKeyringStore(options: NapiKeyringOptions = {}): ClosableSecretStore {
  const service = options.service ?? KEYCHAIN_SERVICE;
  const timeoutMs = options.timeoutMs ?? keychainTimeoutFromEnv();
  let helper: KeyringProcess | undefined;
  const run = (request: Omit<KeyringRequest, 'service'>): Promise<KeyringOutcome> =>
    (helper ??= new KeyringProcess(timeoutMs, options.env)).call({ ...request, service });

  function settle<T>(outcome: KeyringOutcome, pick: (value: string | boolean | null) => T): Result<T> {
    if (outcome.kind === 'timeout') return { ok: false, error: keychainTimeout(timeoutMs) };
    if (outcome.kind === 'error') return { ok: false, error: keychainError(outcome.message) };
    return ok(pick(outcome.value));
  }

  return {
    async get(user) {
      return settle(await run({ op: 'get', user }), (v) => (typeof v === 'string' ? v : null));
    },
    async set(user, secret) {
      if (secret.length === 0) return fail('BAD_INPUT', 'An empty password cannot be stored.');
      return settle(await run({ op: 'set', user, secret }), () => undefined);
    },
    async delete(user) {
      return settle(await run({ op: 'delete', user }), (v) => v === true);
    },
    close() {
      helper?.close();
      helper = undefined;
    },
  };
}
