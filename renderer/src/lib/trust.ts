// How much a found configuration needs the person's say before the password goes to
// it: nothing (authenticated source, or their own settings), a calm note (merely
// unauthenticated, but the servers are the address's own domain: the certificate
// check at test time protects the password), or an explicit choice (servers of
// another domain reached without authentication: a redirect, a certificate's name).
import type { MailConfig } from '../../../shared/model.js';
import { owner, type HostFactsMap } from './hosts.js';

export type Trust = { kind: 'secure' } | { kind: 'calm'; note: string } | { kind: 'confirm'; serverDomains: string[]; ownDomain: string };

const CALM: Partial<Record<MailConfig['source'], string>> = {
  srv: 'Your domain’s DNS records are not signed, so nobody can prove they are genuine. That is common.',
  guess: 'MailSetup found these by connecting to the usual server names of your domain.',
  autoconfig: 'Your domain published these over an unencrypted connection.',
};

export function trustOf(config: MailConfig, emailDomain: string, facts: HostFactsMap | null): Trust {
  if (config.secure) return { kind: 'secure' };
  const ownDomain = facts?.get(emailDomain)?.registrable ?? emailDomain;
  const hosts = [...config.incoming, ...config.outgoing].map((s) => s.host.toLowerCase());
  const isOwn = (host: string): boolean => host === emailDomain || host.endsWith(`.${emailDomain}`) || (facts !== null && owner(host, facts) === ownDomain);
  const foreign = [...new Set(hosts.filter((h) => !isOwn(h)).map((h) => owner(h, facts)))];
  if (foreign.length > 0) return { kind: 'confirm', serverDomains: foreign, ownDomain };
  const why = CALM[config.source] ?? 'These settings came without proof of where they are from.';
  return { kind: 'calm', note: `${why} The servers belong to your own domain, and before your password is sent the test checks that each one has a valid certificate for its name.` };
}
