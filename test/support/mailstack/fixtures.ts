// Names, addresses and users of the test mail stack. Plain data: tests import it to
// know what to connect to; the stack's configs are generated from it.

/** The throw-away domain every mailbox lives in. */
export const DOMAIN = 'example.test';

export interface StackUser {
  email: string;
  password: string;
}

/** An ASCII password, and one with non-ASCII characters and both kinds of quotes. */
export const USERS = {
  alice: { email: 'alice@example.test', password: 'Alice-Pass-123' },
  bob: { email: 'bob@example.test', password: `Grüße "zitat" 'élan' ß€ ok` },
} as const satisfies Record<string, StackUser>;

/**
 * Loopback addresses (probe/mailstack own 127.0.0.1-9 and 127.0.2.0/24):
 * each address is one server personality.
 */
export const ADDR = {
  /** Postfix 25/587/465 + Dovecot 143/993, certificate for *.example.test names. */
  main: '127.0.0.1',
  /** Postfix 587/465 + Dovecot 993 with an expired certificate (trusted CA, right name). */
  expired: '127.0.0.2',
  /** The stack's DNS server (random port). */
  dns: '127.0.0.3',
  /** Postfix 587 without STARTTLS, AUTH offered in the clear (smtpd_tls_auth_only=no). */
  noStarttls: '127.0.0.3',
  /** Postfix 25/587 as an open relay (no relay restrictions), STARTTLS + AUTH as usual. */
  openRelay: '127.0.0.4',
  /** Postfix 587/465 + Dovecot 143/993 with a certificate for server1.hoster.test only (cPanel case). */
  hoster: '127.0.0.5',
  /** Postfix 587/465 + Dovecot 993 with a certificate from a CA nobody trusts. */
  untrusted: '127.0.0.6',
  /** Nothing listens here. */
  closed: '127.0.0.7',
  /** Free for a test's server that accepts and never answers. */
  silent: '127.0.0.8',
  /** Free for a test's STARTTLS-stripping proxy. */
  strip: '127.0.0.9',
} as const;

/** Host names the stack's DNS server and static resolver answer (A records only). */
export const HOSTS: Record<string, string> = {
  'mail.example.test': ADDR.main,
  'imap.example.test': ADDR.main,
  'smtp.example.test': ADDR.main,
  'nostarttls.example.test': ADDR.noStarttls,
  'relay.example.test': ADDR.openRelay,
  'mail.hoster.test': ADDR.hoster,
  'server1.hoster.test': ADDR.hoster,
  'mail.untrusted.test': ADDR.untrusted,
  'mail.expired.test': ADDR.expired,
  'closed.example.test': ADDR.closed,
  'silent.example.test': ADDR.silent,
  'strip.example.test': ADDR.strip,
};

/** DNS names on the main certificate (plus IP 127.0.0.1). */
export const MAIN_CERT_NAMES = [
  'mail.example.test',
  'imap.example.test',
  'smtp.example.test',
  'nostarttls.example.test',
  'relay.example.test',
  'closed.example.test',
  'silent.example.test',
  'strip.example.test',
];

/** The only name on the hoster's certificate: the server's own host name. */
export const HOSTER_CERT_NAME = 'server1.hoster.test';

/** The expired server's certificate: its only name, and validity (openssl's YYYYMMDDHHMMSSZ) well in the past. */
export const EXPIRED_CERT = {
  name: 'mail.expired.test',
  notBefore: '20240101000000Z',
  notAfter: '20250101000000Z',
  /** notAfter as the report shows it (ISO 8601). */
  notAfterIso: '2025-01-01T00:00:00.000Z',
} as const;
