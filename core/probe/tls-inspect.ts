// TLS facts of a connection (protocol, cipher, chain) and the trust decision that
// gates every credential: valid chain and host name, or a fingerprint the user trusted.
import tls, { type DetailedPeerCertificate, type PeerCertificate, type TLSSocket } from 'node:tls';
import type { CertificateInfo, TlsReport } from '../../shared/probe.js';
import { peerCertificate } from '../net/peer-certificate.js';

/** "AB:CD…", "abcd…", "sha256:AB CD" → "ABCD…" */
export function normalizeFingerprint(fp: string): string {
  return fp.replace(/^sha-?256[:=]?/i, '').replace(/[^0-9a-f]/gi, '').toUpperCase();
}

function dn(x: Record<string, string | string[] | undefined> | undefined): string {
  if (!x) return '';
  return Object.entries(x)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}=${Array.isArray(v) ? v.join('+') : v}`)
    .join(', ');
}

function isoDate(s: string): string {
  const d = new Date(s);
  return Number.isNaN(d.getTime()) ? s : d.toISOString();
}

/** "DNS:a, IP Address:1.2.3.4" → ["a", "1.2.3.4"] */
export function altNames(cert: PeerCertificate): string[] {
  return (cert.subjectaltname ?? '')
    .split(/,\s*/)
    .map((s) => s.replace(/^(DNS|IP Address):/, '').trim())
    .filter((s) => s.length > 0);
}

function certInfo(c: PeerCertificate): CertificateInfo {
  return {
    subject: dn(c.subject as unknown as Record<string, string>),
    subjectAltNames: altNames(c),
    issuer: dn(c.issuer as unknown as Record<string, string>),
    validFrom: isoDate(c.valid_from),
    validTo: isoDate(c.valid_to),
    fingerprint256: c.fingerprint256,
  };
}

function chainOf(leaf: DetailedPeerCertificate): CertificateInfo[] {
  const chain: CertificateInfo[] = [];
  const seen = new Set<string>();
  let c: DetailedPeerCertificate | undefined = leaf;
  while (c && c.fingerprint256 && !seen.has(c.fingerprint256) && chain.length < 10) {
    seen.add(c.fingerprint256);
    chain.push(certInfo(c));
    c = c.issuerCertificate;
  }
  return chain;
}

export interface TlsVerdict {
  report: TlsReport;
  /** Credentials may be sent on this connection. */
  acceptable: boolean;
}

/**
 * Inspects an established TLS socket that was opened with rejectUnauthorized: false
 * (so the chain can be shown even when it is bad). `servername` is the name the user
 * configured, which is what the certificate must match.
 */
export function inspectTls(socket: TLSSocket, servername: string, trustedFingerprints: ReadonlySet<string>): TlsVerdict {
  const leaf = peerCertificate(socket);
  const hasCert = leaf !== null && typeof leaf === 'object' && Object.keys(leaf).length > 0;
  const chain = hasCert ? chainOf(leaf) : [];
  const authError = socket.authorizationError ? String(socket.authorizationError) : undefined;
  // Node runs its host name check only after a good chain; it reports a mismatch as ERR_TLS_CERT_ALTNAME_INVALID.
  const validated = socket.authorized || authError === 'ERR_TLS_CERT_ALTNAME_INVALID';
  const hostnameMatches = hasCert && tls.checkServerIdentity(servername, leaf) === undefined;
  const fp = hasCert ? normalizeFingerprint(leaf.fingerprint256) : '';
  const good = validated && hostnameMatches;
  const trustedByFingerprint = !good && fp !== '' && trustedFingerprints.has(fp);
  const cipher = socket.getCipher();
  const report: TlsReport = {
    protocol: socket.getProtocol() ?? undefined,
    cipher: cipher?.standardName ?? cipher?.name,
    chain,
    validated,
    hostnameMatches,
    trustedByFingerprint,
    ...(validated ? {} : { error: authError ?? 'NO_CERTIFICATE' }),
  };
  return { report, acceptable: good || trustedByFingerprint };
}
