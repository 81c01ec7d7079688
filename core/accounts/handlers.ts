import type { LastTest } from '../../shared/accounts.js';
import { ok, type Result } from '../../shared/errors.js';
import type { Deps } from '../deps.js';
import type { Handler } from '../handlers.js';

// Placeholder until account storage lands.
export function createAccountHandlers(_deps: Deps): { save: Handler<'save'>; accounts: Handler<'accounts'>; forget: Handler<'forget'> } {
  const todo = async () => ({ ok: false as const, error: { code: 'INTERNAL' as const, message: 'accounts are not implemented yet' } });
  return { save: todo, accounts: todo, forget: todo };
}

/** Records the outcome of a connection test on a saved account (ACCOUNT_NOT_FOUND when it is not saved). */
export async function recordLastTest(_deps: Deps, _email: string, _lastTest: LastTest): Promise<Result<void>> {
  return ok(undefined);
}
