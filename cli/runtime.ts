// What every command needs: the handler map over the real dependencies.
import { createDefaultDeps } from '../core/default-deps.js';
import type { Deps } from '../core/deps.js';
import { createHandlers, dispatch, type HandlerContext, type Handlers } from '../core/handlers.js';
import type { Reply, RequestName, Params } from '../shared/contract.js';

export interface Runtime {
  deps: Deps;
  handlers: Handlers;
  call<K extends RequestName>(name: K, params: Params<K>, ctx?: HandlerContext): Promise<Reply<K>>;
}

export function createRuntime(overrides: Partial<Deps> = {}): Runtime {
  const deps = createDefaultDeps(overrides);
  const handlers = createHandlers(deps);
  return {
    deps,
    handlers,
    call: (name, params, ctx) => dispatch(handlers, name, params, ctx),
  };
}
