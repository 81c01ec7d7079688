// Resolving a host name once and answering Node's connect from that answer: the HTTP
// client resolves before it opens a socket, and one audit asks for each name once.
import type { LookupAddress, LookupOptions } from 'node:dns';
import type { DnsResolver } from './types.js';

type Lookup = DnsResolver['lookup'];
type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/** Every address of `hostname` through the resolver's own lookup (system or --resolver). */
export function lookupAll(lookup: Lookup, hostname: string): Promise<LookupAddress[]> {
  return new Promise((resolve, reject) => {
    (lookup as unknown as (h: string, o: LookupOptions, cb: LookupCallback) => void)(hostname, { all: true }, (err, addresses) => {
      if (err) reject(err);
      else resolve(Array.isArray(addresses) ? addresses : [{ address: addresses, family: 4 }]);
    });
  });
}

/** A lookup that answers from addresses already resolved (as Node's connect asks for them). */
export function replay(addresses: LookupAddress[]): Lookup {
  return ((_host: string, options: LookupOptions, callback: LookupCallback) => {
    const wanted = options.family === 4 || options.family === 6 ? addresses.filter((a) => a.family === options.family) : addresses;
    const first = wanted[0];
    if (options.all) callback(null, wanted);
    else if (first) callback(null, first.address, first.family);
    else callback(Object.assign(new Error(`no IPv${String(options.family)} address`), { code: 'ENOTFOUND' }), '', 0);
  }) as unknown as Lookup;
}

/** A lookup that asks `inner` once per host name and answers every later call from that. */
export function memoLookup(inner: Lookup): Lookup {
  const answers = new Map<string, Promise<LookupAddress[]>>();
  return ((host: string, options: LookupOptions | LookupCallback, callback?: LookupCallback) => {
    const opts = typeof options === 'function' ? {} : options;
    const cb = (typeof options === 'function' ? options : callback) as LookupCallback;
    const key = host.toLowerCase();
    let answer = answers.get(key);
    if (!answer) {
      answer = lookupAll(inner, host);
      answers.set(key, answer);
    }
    answer.then(
      (addresses) => (replay(addresses) as unknown as (h: string, o: LookupOptions, c: LookupCallback) => void)(host, opts, cb),
      (e: NodeJS.ErrnoException) => cb(e, opts.all ? [] : '', 0),
    );
  }) as unknown as Lookup;
}
