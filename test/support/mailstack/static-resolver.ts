// A DnsResolver (core/net/types.ts) that answers the stack's host names from a table,
// for in-process tests that inject it through deps.makeResolver.
import type { LookupFunction } from 'node:net';
import { DnsError, type DnsResolver } from '../../../core/net/types.js';
import { HOSTS } from './fixtures.js';

export function createStaticResolver(hosts: Record<string, string> = HOSTS): DnsResolver {
  const find = (name: string): string => {
    const address = hosts[name.toLowerCase().replace(/\.$/, '')];
    if (address === undefined) throw new DnsError('NXDOMAIN', name, `${name}: no such host (NXDOMAIN)`);
    return address;
  };
  const lookup = ((hostname: string, options: unknown, callback?: unknown) => {
    const cb = (typeof options === 'function' ? options : callback) as (err: Error | null, address?: unknown, family?: number) => void;
    const all = typeof options === 'object' && options !== null && (options as { all?: boolean }).all === true;
    setImmediate(() => {
      try {
        const address = find(hostname);
        if (all) cb(null, [{ address, family: 4 }]);
        else cb(null, address, 4);
      } catch (e) {
        cb(Object.assign(e as Error, { code: 'ENOTFOUND' }));
      }
    });
  }) as LookupFunction;
  const none = async (name: string) => {
    find(name);
    return { records: [], authenticated: false };
  };
  return {
    mx: none,
    srv: none,
    txt: none,
    cname: none,
    addresses: async (name) => ({ records: [{ address: find(name), family: 4 as const }], authenticated: false }),
    lookup,
  };
}
