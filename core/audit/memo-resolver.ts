// One audit asks for the same names several times (a host that is MX, submission and IMAP
// host; SPF includes; MTA-STS and MX names; discovery's own lookups and the addresses its
// HTTP fetches connect to): each question goes on the wire once per audit.
import { memoLookup } from '../net/lookup-replay.js';
import type { DnsResolver } from '../net/types.js';

export function memoResolver(inner: DnsResolver): DnsResolver {
  const cache = new Map<string, Promise<unknown>>();
  const memo = <T>(kind: string, name: string, ask: () => Promise<T>): Promise<T> => {
    const key = `${kind} ${name.toLowerCase()}`;
    let p = cache.get(key) as Promise<T> | undefined;
    if (!p) {
      p = ask();
      cache.set(key, p);
    }
    return p;
  };
  return {
    mx: (name, signal) => memo('mx', name, () => inner.mx(name, signal)),
    srv: (name, signal) => memo('srv', name, () => inner.srv(name, signal)),
    txt: (name, signal) => memo('txt', name, () => inner.txt(name, signal)),
    addresses: (name, signal) => memo('addr', name, () => inner.addresses(name, signal)),
    cname: (name, signal) => memo('cname', name, () => inner.cname(name, signal)),
    lookup: memoLookup(inner.lookup),
  };
}
