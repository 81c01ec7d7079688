// The one handler map (DESIGN.md): every capability, built from injected deps.
// electron/ipc.ts registers it on ipcMain, the CLI calls it, `mailsetup ui` serves it.
import type { EventName, Events, Params, Reply, RequestName } from '../shared/contract.js';
import { schemas, describeIssues } from '../shared/schemas.js';
import type { Deps } from './deps.js';
import type { ConnectionGate } from './net/connection-gate.js';
import { createDiscoverHandler } from './discover/handler.js';
import { createTestHandler } from './probe/handler.js';
import { createAccountHandlers } from './accounts/handlers.js';
import { createExportHandler } from './profiles/handler.js';
import { createAuditHandler } from './audit/handler.js';

export interface HandlerContext {
  signal?: AbortSignal;
  emit?: <E extends EventName>(name: E, payload: Events[E]) => void;
  /** Caps connections per server address across a whole command (the audit's politeness rule). */
  gate?: ConnectionGate;
}

export type Handler<K extends RequestName> = (params: Params<K>, ctx: HandlerContext) => Promise<Reply<K>>;
export type Handlers = { [K in RequestName]: Handler<K> };

export function createHandlers(deps: Deps): Handlers {
  const accounts = createAccountHandlers(deps);
  return {
    discover: createDiscoverHandler(deps),
    test: createTestHandler(deps),
    save: accounts.save,
    accounts: accounts.accounts,
    forget: accounts.forget,
    export: createExportHandler(deps),
    audit: createAuditHandler(deps),
  };
}

/**
 * Validates untrusted params against the request's schema, then runs the handler.
 * Every door goes through here; an unexpected exception becomes an INTERNAL reply.
 */
export async function dispatch<K extends RequestName>(
  handlers: Handlers,
  name: K,
  rawParams: unknown,
  ctx: HandlerContext = {},
): Promise<Reply<K>> {
  const schema = schemas[name];
  const parsed = schema.safeParse(rawParams ?? {});
  if (!parsed.success) {
    return { ok: false, error: { code: 'BAD_INPUT', message: `Invalid ${name} request: ${describeIssues(parsed.error)}` } };
  }
  try {
    const handler = handlers[name] as Handler<K>;
    return await handler(parsed.data as Params<K>, ctx);
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    return { ok: false, error: { code: 'INTERNAL', message: `Unexpected error in ${name}: ${message}` } };
  }
}
