// Placeholder HTTP fetcher; replaced by the bounded https client.
import type { DnsResolver, HttpFetcher } from './types.js';

export function createHttpFetcher(_resolver: DnsResolver, _extraCa: string[] = []): HttpFetcher {
  return {
    request: async () => {
      throw new Error('http fetcher not implemented yet');
    },
  };
}
