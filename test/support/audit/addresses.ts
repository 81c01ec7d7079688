// The audit suites' own loopback block (127.0.13.0/24): one personality per address.
export const AUDIT_ADDR = {
  /** Postfix 25 + 587: open relay (mynetworks covers all of loopback). */
  openRelay: '127.0.13.10',
  /** Postfix 587: AUTH offered before STARTTLS (smtpd_tls_auth_only = no). */
  authPlain: '127.0.13.11',
  /** Postfix 587: STARTTLS but no SMTP AUTH at all. */
  noAuth: '127.0.13.12',
  /** Postfix 25 + 587 + 465: expired certificate (trusted CA, right name). */
  expired: '127.0.13.13',
  /** Postfix 587 + 465: certificate only for server1.hosting.audit.test. */
  mismatch: '127.0.13.14',
  /** Postfix 587: no STARTTLS. */
  noStarttls: '127.0.13.15',
  /** Dovecot 143 with ssl = no. */
  plainImap: '127.0.13.20',
  /** Dovecot 143 + 993 as it should be (ssl = required, LOGINDISABLED before STARTTLS). */
  goodImap: '127.0.13.21',
  /** Responder: SMTP 587 that answers commands pipelined with STARTTLS inside TLS. */
  injectable: '127.0.13.30',
  /** Responder: IMAP 143 and 993 greeting PREAUTH. */
  preauth: '127.0.13.31',
  /** Responder: SMTP 465 and IMAP 993 speaking only TLS 1.0. */
  oldTls: '127.0.13.32',
  /** HTTPS (443) for the MTA-STS policies. */
  web: '127.0.13.40',
  /** The audit suites' DNS server. */
  dns: '127.0.13.53',
  /** Nothing listens here. */
  closed: '127.0.13.60',
  /** Responder: every role and port on one address, counting concurrent connections. */
  onebox: '127.0.13.70',
  /** Responders on ports named with --smtp/--imap only: SMTP 2525 (STARTTLS), IMAP 10993 (TLS). */
  named: '127.0.13.71',
} as const;

export const POSTFIX_ADDRS = [AUDIT_ADDR.openRelay, AUDIT_ADDR.authPlain, AUDIT_ADDR.noAuth, AUDIT_ADDR.expired, AUDIT_ADDR.mismatch, AUDIT_ADDR.noStarttls];

/** Host names on the audit certificate (trusted CA) — every audit host but the mismatch one. */
export const AUDIT_CERT_NAMES = [
  'mail.relay.audit.test', 'mail.authplain.audit.test', 'mail.noauth.audit.test', 'mail.nostarttls.audit.test',
  'mail.plainimap.audit.test', 'imap.good.audit.test', 'mail.inject.audit.test', 'imap.guess.audit.test', 'smtp.guess.audit.test', 'mail.onebox.audit.test', 'mail.preauth.audit.test', 'mail.oldtls.audit.test',
  'mail.named.audit.test',
];
export const EXPIRED_NAME = 'mail.expired.audit.test';
export const MISMATCH_CERT_NAME = 'server1.hosting.audit.test';
