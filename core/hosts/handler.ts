// The `hosts` capability: registrable domain, Unicode form and (on request) whether
// each name resolves through the chosen resolver. Never throws to the door.
import { domainToUnicode } from 'node:url';
import { getDomain } from 'tldts';
import type { HostFacts } from '../../shared/hosts.js';
import type { Deps } from '../deps.js';
import type { Handler } from '../handler-types.js';
import { resolveHost } from '../probe/context.js';

const LOOKUP_TIMEOUT_MS = 5000;

function unicode(name: string): string {
  return domainToUnicode(name) || name;
}

export function createHostsHandler(deps: Deps): Handler<'hosts'> {
  return async (params, ctx) => {
    let resolver;
    try {
      resolver = params.resolve ? deps.makeResolver(params.resolver) : undefined;
    } catch (e) {
      return { ok: false, error: { code: 'BAD_INPUT', message: e instanceof Error ? e.message : String(e) } };
    }
    const facts = await Promise.all(
      params.hosts.map(async (raw): Promise<HostFacts> => {
        const host = raw.toLowerCase().replace(/\.$/, '');
        const registrable = getDomain(host) ?? host;
        const base: HostFacts = { host, unicode: unicode(host), registrable: unicode(registrable) };
        if (!resolver) return base;
        const resolves = await resolveHost(resolver, host, LOOKUP_TIMEOUT_MS, ctx.signal).then(
          () => true,
          () => false,
        );
        return { ...base, resolves };
      }),
    );
    return { ok: true, value: facts };
  };
}
