// A handler map for door tests: records what reached the engine, and emits events.
import type { Handlers } from '../../../core/handlers.js';
import type { RequestName } from '../../../shared/contract.js';
import { cpanelNotUsed } from '../../support/cpanel-not-used.js';

export function stubHandlers(seen: { name: RequestName; params: unknown }[] = []): Handlers {
  const notUsed = async () => ({ ok: false as const, error: { code: 'INTERNAL' as const, message: 'not used in this test' } });
  return {
    discover: async (params, ctx) => {
      seen.push({ name: 'discover', params });
      ctx.emit?.('discover:progress', { email: params.email, source: { source: 'ispdb-bundled', status: 'found', ms: 1 } });
      return { ok: true, value: { email: params.email, domain: 'example.com', configs: [], sources: [{ source: 'ispdb-bundled', status: 'found', ms: 1 }] } };
    },
    test: async (params) => {
      seen.push({ name: 'test', params });
      return { ok: true, value: { email: params.email, ok: true, summary: 'ok', servers: [] } };
    },
    save: notUsed,
    accounts: async () => ({ ok: true, value: [] }),
    forget: notUsed,
    export: notUsed,
    hosts: notUsed,
    ...cpanelNotUsed(),
    audit: notUsed,
  };
}
