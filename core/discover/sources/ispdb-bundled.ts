// Source 1: the ISPDB snapshot shipped with the app, offline and private.
import type { ParsedEmail } from '../../../shared/email.js';
import { fillAutoconfigTemplate, type ParsedAutoconfig } from '../autoconfig-xml.js';
import { loadBundledIspdb, lookupBundledIspdb } from '../ispdb/bundled.js';
import { toConfig } from '../autoconfig-fetch.js';
import type { Source } from '../source.js';

export function bundledUrl(domain: string): string {
  return `bundled:ispdb/${domain}`;
}

/** The bundled entry for `domain` (which may be an MX hoster's), filled in for `email`. */
export function bundledEntryFor(domain: string, email: ParsedEmail): ParsedAutoconfig | null {
  if (domain === email.domain) return lookupBundledIspdb(email);
  const db = loadBundledIspdb();
  if (!db.ok) return null;
  const index = db.value.byDomain.get(domain);
  const provider = index === undefined ? undefined : db.value.providers[index];
  if (!provider) return null;
  return fillAutoconfigTemplate({ domains: provider.domains, incoming: provider.incoming, outgoing: provider.outgoing }, email);
}

export const ispdbBundledSource: Source = {
  name: 'ispdb-bundled',
  priority: 1,
  mayBeSecure: true,
  timeoutMs: 1000,
  async run({ email }) {
    const entry = lookupBundledIspdb(email);
    if (!entry || entry.incoming.length + entry.outgoing.length === 0) return { status: 'not-found', detail: `${email.domain} is not in the bundled ISPDB` };
    // Shipped with the app, so as trustworthy as the app itself.
    return { status: 'found', config: toConfig('ispdb-bundled', bundledUrl(email.domain), true, entry), detail: entry.displayName ?? entry.providerId };
  },
};
