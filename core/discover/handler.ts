// The `discover` capability: validate the address, build the network from the
// injected deps (resolver, http), run the engine. Never throws to the door.
import { parseEmail } from '../../shared/email.js';
import type { Deps } from '../deps.js';
import type { Handler } from '../handler-types.js';
import { DnsError } from '../net/types.js';
import { discover, type EngineOptions } from './engine.js';

export function createDiscoverHandler(deps: Deps, options: EngineOptions = {}): Handler<'discover'> {
  return async (params, ctx) => {
    const email = parseEmail(params.email);
    if (!email.ok) return email;
    let resolver;
    try {
      resolver = deps.makeResolver(params.resolver);
    } catch (e) {
      const message = e instanceof DnsError || e instanceof Error ? e.message : String(e);
      return { ok: false, error: { code: 'BAD_INPUT', message, fix: 'Give the DNS server as an IP address with an optional port, e.g. --resolver 127.0.0.53 or --resolver [::1]:5353.' } };
    }
    const http = deps.makeHttp(resolver);
    const value = await discover(email.value, params, deps, { resolver, http }, ctx, options);
    return { ok: true, value };
  };
}
