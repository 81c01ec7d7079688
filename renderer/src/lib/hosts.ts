// Facts about server names from the engine (registrable domain, Unicode form, whether
// a name resolves): the window has no public suffix list and does no DNS of its own.
import { useEffect, useState } from 'react';
import type { HostFacts } from '../../../shared/hosts.js';
import type { Transport } from '../api/transport.js';

export type HostFactsMap = ReadonlyMap<string, HostFacts>;

/** Facts for these names, or null while the engine answers. */
export function useHostFacts(api: Transport, hosts: readonly string[], resolver: string, resolve = false): HostFactsMap | null {
  const key = [...new Set(hosts.map((h) => h.toLowerCase()))].sort().join(' ');
  const [facts, setFacts] = useState<{ key: string; map: HostFactsMap } | null>(null);
  useEffect(() => {
    if (key === '') return;
    let live = true;
    void api.invoke('hosts', { hosts: key.split(' ').slice(0, 10), ...(resolver ? { resolver } : {}), ...(resolve ? { resolve: true } : {}) }).then((reply) => {
      if (!live) return;
      // Without the engine's facts the window falls back to the names as typed.
      const list = reply.ok ? reply.value : [];
      setFacts({ key, map: new Map(list.map((f) => [f.host, f])) });
    });
    return () => {
      live = false;
    };
  }, [api, key, resolver, resolve]);
  if (key === '') return new Map();
  return facts?.key === key ? facts.map : null;
}

export function shown(host: string, facts: HostFactsMap | null): string {
  return facts?.get(host.toLowerCase())?.unicode ?? host;
}

/** Who runs a host: its registrable domain, or (without the engine's answer) the name itself. */
export function owner(host: string, facts: HostFactsMap | null): string {
  return facts?.get(host.toLowerCase())?.registrable ?? host;
}

/** An address with its domain in Unicode (the engine keeps the ASCII form). */
export function shownEmail(email: string, facts: HostFactsMap | null): string {
  const at = email.lastIndexOf('@');
  return at < 0 ? email : `${email.slice(0, at)}@${shown(email.slice(at + 1), facts)}`;
}

export function domainOf(email: string): string {
  return email.slice(email.lastIndexOf('@') + 1).toLowerCase();
}
