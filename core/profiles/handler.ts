import type { Deps } from '../deps.js';
import type { Handler } from '../handlers.js';

// Placeholder until the exporters land.
export function createExportHandler(_deps: Deps): Handler<'export'> {
  return async () => ({ ok: false, error: { code: 'INTERNAL', message: 'export is not implemented yet' } });
}
