import type { Deps } from '../deps.js';
import type { Handler } from '../handlers.js';

// Placeholder until the connection test lands.
export function createTestHandler(_deps: Deps): Handler<'test'> {
  return async () => ({ ok: false, error: { code: 'INTERNAL', message: 'test is not implemented yet' } });
}
