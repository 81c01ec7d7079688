// HTTP fetches under the command's connection gate: discovery's autoconfig and
// Autodiscover requests and the MTA-STS policy fetch go to the same servers the audit
// inspects, and count toward "at most N connections at a time per server address".
import type { ConnectionGate } from './connection-gate.js';
import { lookupAll } from './lookup-replay.js';
import { HttpError, type DnsResolver, type HttpFetcher } from './types.js';

export function gatedHttp(inner: HttpFetcher, resolver: DnsResolver, gate: ConnectionGate): HttpFetcher {
  return {
    async request(req) {
      let host: string;
      try {
        host = new URL(req.url).hostname.replace(/^\[|\]$/g, '');
      } catch {
        return inner.request(req); // reports the bad URL
      }
      // The address the fetch will connect to (the resolver answers the fetch itself from its cache).
      const address = await lookupAll(resolver.lookup, host).then((a) => a[0]?.address, () => undefined);
      if (!address) return inner.request(req); // reports the lookup failure; no connection is made
      const release = await gate.acquire(address, req.signal).catch(() => {
        throw new HttpError('CANCELLED', req.url, `request to ${host} was cancelled`);
      });
      try {
        return await inner.request(req);
      } finally {
        release();
      }
    },
  };
}
