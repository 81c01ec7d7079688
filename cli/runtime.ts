// What every command needs: the handler map over the real dependencies. Creating a
// runtime costs nothing; the engine is imported on the first call, so `--help` and
// usage errors never load it.
import type { Deps } from '../core/deps.js';
import type { HandlerContext, Handlers } from '../core/handler-types.js';
import type { Reply, RequestName, Params } from '../shared/contract.js';

export interface Runtime {
  /** The handler map (for doors that serve it, like `mailsetup ui`). */
  handlers(): Promise<Handlers>;
  call<K extends RequestName>(name: K, params: Params<K>, ctx?: HandlerContext): Promise<Reply<K>>;
}

export function createRuntime(overrides: Partial<Deps> = {}): Runtime {
  let handlers: Promise<Handlers> | undefined;
  const load = (): Promise<Handlers> =>
    (handlers ??= Promise.all([import('../core/default-deps.js'), import('../core/handlers.js')]).then(([d, h]) =>
      h.createHandlers(d.createDefaultDeps(overrides)),
    ));
  return {
    handlers: load,
    call: async (name, params, ctx) => {
      const { dispatch } = await import('../core/handlers.js');
      return dispatch(await load(), name, params, ctx);
    },
  };
}
