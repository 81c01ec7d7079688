// The shared-hosting case (cPanel, Plesk): a mail server whose certificate is trusted
// but issued for the hoster's own name, not for mail.<customer domain>. Which of the
// certificate's names guessing may try instead, so that nothing is invented.
import { parse } from 'tldts';

/** At most this many certificate names are tried per candidate. */
export const MAX_CERT_NAMES = 2;

const LABEL = '[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?';
const HOSTNAME = new RegExp(`^(?=.{1,253}$)(?:${LABEL}\\.)+${LABEL}$`);

/**
 * The concrete DNS names of a certificate's subjectaltname ("DNS:a, DNS:b, IP Address:…"),
 * in the certificate's order: no wildcards, no IP addresses, never a public suffix.
 */
export function usableCertNames(subjectAltName: string, presentedBy: string): string[] {
  const names: string[] = [];
  for (const entry of subjectAltName.split(/,\s*/)) {
    if (!entry.startsWith('DNS:')) continue;
    const name = entry.slice(4).toLowerCase().replace(/\.$/, '');
    if (!HOSTNAME.test(name) || name === presentedBy.toLowerCase() || names.includes(name)) continue;
    const p = parse(name, { allowPrivateDomains: true });
    if (p.isIp || !p.domain || p.hostname === p.publicSuffix) continue;
    names.push(name);
  }
  return names.slice(0, MAX_CERT_NAMES);
}

/**
 * The names to try when a TLS handshake failed only because the certificate names
 * another host. Node checks the host name only after the chain validated, so this code
 * means "trusted, other name"; an untrusted or expired certificate fails earlier with
 * a different code and yields nothing.
 */
export function namesOfMismatchedCert(e: unknown, presentedBy: string): string[] {
  const err = e as { code?: unknown; cert?: { subjectaltname?: unknown } } | undefined;
  if (err?.code !== 'ERR_TLS_CERT_ALTNAME_INVALID') return [];
  const san = err.cert?.subjectaltname;
  return typeof san === 'string' ? usableCertNames(san, presentedBy) : [];
}
