import type { Deps } from '../deps.js';
import type { Handler } from '../handlers.js';

// Placeholder until the discovery engine lands.
export function createDiscoverHandler(_deps: Deps): Handler<'discover'> {
  return async () => ({ ok: false, error: { code: 'INTERNAL', message: 'discover is not implemented yet' } });
}
