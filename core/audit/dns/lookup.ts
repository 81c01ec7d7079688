// DNS helpers for the audit: "no record" is an answer, anything else is an error to show;
// and the resolver function mailauth expects, over the project's own resolver.
import { DnsError, type DnsResolver } from '../../net/types.js';

export type Txt = { ok: true; records: string[] } | { ok: false; error: string };

export async function txtRecords(resolver: DnsResolver, name: string, signal?: AbortSignal): Promise<Txt> {
  try {
    return { ok: true, records: (await resolver.txt(name, signal)).records };
  } catch (e) {
    if (e instanceof DnsError && (e.kind === 'NXDOMAIN' || e.kind === 'NODATA')) return { ok: true, records: [] };
    return { ok: false, error: e instanceof Error ? e.message : String(e) };
  }
}

type NodeStyle = (name: string, type: string) => Promise<unknown[]>;

/** node:dns `resolve`-shaped, as mailauth calls it; errors carry ENOTFOUND/ENODATA codes. */
export function mailauthResolver(resolver: DnsResolver, signal?: AbortSignal): NodeStyle {
  const wrap = (e: unknown): Error => {
    const err = e instanceof Error ? e : new Error(String(e));
    const kind = e instanceof DnsError ? e.kind : 'ERROR';
    return Object.assign(err, { code: kind === 'NXDOMAIN' ? 'ENOTFOUND' : kind === 'NODATA' ? 'ENODATA' : kind === 'TIMEOUT' ? 'ETIMEOUT' : 'ESERVFAIL' });
  };
  return async (name, type) => {
    try {
      switch (type) {
        case 'TXT':
          return (await resolver.txt(name, signal)).records.map((r) => [r]);
        case 'MX':
          return (await resolver.mx(name, signal)).records.map((r) => ({ exchange: r.exchange, priority: r.priority }));
        case 'A':
        case 'AAAA': {
          const want = type === 'A' ? 4 : 6;
          const found = (await resolver.addresses(name, signal)).records.filter((r) => r.family === want).map((r) => r.address);
          if (found.length === 0) throw new DnsError('NODATA', name, `${name} has no ${type} record`);
          return found;
        }
        default:
          throw new DnsError('NODATA', name, `${type} lookups are not made by the audit`);
      }
    } catch (e) {
      throw wrap(e);
    }
  };
}
