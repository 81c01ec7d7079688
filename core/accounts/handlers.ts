import type { Deps } from '../deps.js';
import type { Handler } from '../handlers.js';

// Placeholder until account storage lands.
export function createAccountHandlers(_deps: Deps): { save: Handler<'save'>; accounts: Handler<'accounts'>; forget: Handler<'forget'> } {
  const todo = async () => ({ ok: false as const, error: { code: 'INTERNAL' as const, message: 'accounts are not implemented yet' } });
  return { save: todo, accounts: todo, forget: todo };
}
