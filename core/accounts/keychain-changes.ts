// Keychain writes that can be undone: a save that cannot record its settings puts
// every item back as it was (removed for a new account, the old password otherwise).
import type { MailSetupError } from '../../shared/errors.js';
import type { SecretStore } from '../keychain/secret-store.js';

export class KeychainChanges {
  private readonly before: Array<{ user: string; secret: string | null }> = [];

  constructor(private readonly store: SecretStore) {}

  /** Stores a secret; returns the error, or undefined on success. */
  async set(user: string, secret: string): Promise<MailSetupError | undefined> {
    const old = await this.store.get(user);
    if (!old.ok) return old.error;
    const done = await this.store.set(user, secret);
    if (!done.ok) return done.error;
    this.before.push({ user, secret: old.value });
    return undefined;
  }

  /** Removes an item if present; returns the error, or undefined on success. */
  async remove(user: string): Promise<MailSetupError | undefined> {
    const old = await this.store.get(user);
    if (!old.ok) return old.error;
    if (old.value === null) return undefined;
    const done = await this.store.delete(user);
    if (!done.ok) return done.error;
    this.before.push({ user, secret: old.value });
    return undefined;
  }

  /** How many items were changed (and not undone). */
  get count(): number {
    return this.before.length;
  }

  /** Best effort, newest first: the keychain may itself be the thing that failed. */
  async undo(): Promise<void> {
    for (const { user, secret } of this.before.reverse()) {
      if (secret === null) await this.store.delete(user);
      else await this.store.set(user, secret);
    }
    this.before.length = 0;
  }
}
