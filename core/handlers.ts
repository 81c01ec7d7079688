// The one handler map (DESIGN.md): every capability, built from injected deps.
// electron/ipc.ts registers it on ipcMain, the CLI calls it, `mailsetup ui` serves it.
// Each capability's module (and the libraries behind it) is imported on its first call,
// so a door that uses one capability does not pay at start-up for all the others.
import type { Params, Reply, RequestName } from '../shared/contract.js';
import type { AccountHandlers } from './accounts/handlers.js';
import type { CpanelHandlers } from './cpanel/handlers.js';
import type { Deps } from './deps.js';
import type { Handler, HandlerContext, Handlers } from './handler-types.js';

export type { Handler, HandlerContext, Handlers } from './handler-types.js';

/** A handler whose implementation is loaded (once) when it is first called. */
function lazy<K extends RequestName>(load: () => Promise<Handler<K>>): Handler<K> {
  let loaded: Promise<Handler<K>> | undefined;
  return async (params, ctx) => (await (loaded ??= load()))(params, ctx);
}

export function createHandlers(deps: Deps): Handlers {
  const accounts = async (): Promise<AccountHandlers> => (await import('./accounts/handlers.js')).createAccountHandlers(deps);
  let cpanelHandlers: Promise<CpanelHandlers> | undefined;
  const cpanel = (): Promise<CpanelHandlers> => (cpanelHandlers ??= import('./cpanel/handlers.js').then((m) => m.createCpanelHandlers(deps)));
  return {
    discover: lazy(async () => (await import('./discover/handler.js')).createDiscoverHandler(deps)),
    test: lazy(async () => (await import('./probe/handler.js')).createTestHandler(deps)),
    save: lazy(async () => (await accounts()).save),
    accounts: lazy(async () => (await accounts()).accounts),
    forget: lazy(async () => (await accounts()).forget),
    export: lazy(async () => (await import('./profiles/handler.js')).createExportHandler(deps)),
    hosts: lazy(async () => (await import('./hosts/handler.js')).createHostsHandler(deps)),
    cpanelConnect: lazy(async () => (await cpanel()).cpanelConnect),
    cpanelList: lazy(async () => (await cpanel()).cpanelList),
    cpanelDisconnect: lazy(async () => (await cpanel()).cpanelDisconnect),
    cpanelRefresh: lazy(async () => (await cpanel()).cpanelRefresh),
    cpanelMailboxes: lazy(async () => (await cpanel()).cpanelMailboxes),
    cpanelAddMailbox: lazy(async () => (await cpanel()).cpanelAddMailbox),
    cpanelExportAll: lazy(async () => (await cpanel()).cpanelExportAll),
    cpanelDeliverability: lazy(async () => (await cpanel()).cpanelDeliverability),
    audit: lazy(async () => (await import('./audit/handler.js')).createAuditHandler(deps)),
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
  // Loaded here rather than at start-up: the schema library is the costliest module a
  // door needs before its first request.
  const { schemas, describeIssues } = await import('../shared/schemas.js');
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
