// Who really runs the servers: the registrable domain (eTLD+1) of each host, so a
// user can see that imap.example.net serves jane@example.com before trusting it.
import { getDomain } from 'tldts';
import type { MailConfig } from '../../../shared/model.js';

export function registrableDomains(config: MailConfig): string[] {
  const hosts = [...config.incoming, ...config.outgoing].map((s) => s.host);
  const domains = hosts.map((h) => getDomain(h) ?? h);
  return [...new Set(domains)];
}

/** Domains of the servers that differ from the address's own registrable domain. */
export function foreignDomains(config: MailConfig, emailDomain: string): string[] {
  const own = getDomain(emailDomain) ?? emailDomain;
  return registrableDomains(config).filter((d) => d !== own);
}
