// Placeholder resolver on Node's dns module; replaced by the real stub resolver.
import dns from 'node:dns';
import type { DnsResolver } from './types.js';

export function createResolver(_spec?: string): DnsResolver {
  const r = new dns.promises.Resolver({ timeout: 3000, tries: 1 });
  return {
    mx: async (name) => ({ records: await r.resolveMx(name), authenticated: false }),
    srv: async (name) => ({ records: await r.resolveSrv(name), authenticated: false }),
    txt: async (name) => ({ records: (await r.resolveTxt(name)).map((t) => t.join('')), authenticated: false }),
    addresses: async (name) => ({ records: (await r.resolve4(name)).map((address) => ({ address, family: 4 as const })), authenticated: false }),
    lookup: dns.lookup,
  };
}
