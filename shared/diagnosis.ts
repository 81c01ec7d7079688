// Diagnosis codes of the connection test and their human texts: what went wrong, in
// words an end user and a helpdesk can act on, and what to do about it.
// Plain TypeScript (no Node imports): the UI renders these texts too.

export const DIAGNOSIS_CODES = [
  'DNS_NOT_FOUND',
  'DNS_FAILED',
  'CONNECTION_REFUSED',
  'CONNECTION_TIMEOUT',
  'STARTTLS_UNAVAILABLE',
  'TLS_HANDSHAKE_FAILED',
  'CERT_UNTRUSTED',
  'CERT_EXPIRED',
  'CERT_HOSTNAME_MISMATCH',
  'CERT_TRUSTED_BY_FINGERPRINT',
  'PLAINTEXT_REFUSED',
  'AUTH_FAILED',
  'AUTH_MECHANISM_UNSUPPORTED',
  'AUTH_OFFERED_WITHOUT_TLS',
  'OPEN_RELAY',
  'RELAY_CHECK_INCONCLUSIVE',
  'IMAP_LOGIN_FAILED',
  'IDLE_UNSUPPORTED',
  'PROTOCOL_ERROR',
] as const;

export type DiagnosisCode = (typeof DIAGNOSIS_CODES)[number];
export type Severity = 'error' | 'warning' | 'info';

/** What the engine observed; each text uses the facts it needs. */
export interface DiagnosisFacts {
  protocol: 'imap' | 'pop3' | 'smtp';
  host: string;
  port: number;
  /** The server's own reply, already redacted. */
  serverSays?: string;
  /** A lower-level detail (error message), already redacted. */
  detail?: string;
  /** DNS names the certificate is valid for. */
  certNames?: string[];
  /** Certificate end of validity (ISO or OpenSSL date text). */
  validTo?: string;
  fingerprint256?: string;
  /** The email address's domain, to recognise providers that need app passwords. */
  emailDomain?: string;
  /** AUTH mechanisms the server offered. */
  mechanisms?: string[];
  /** The refused or silent connection got no greeting at all (accepted, then silence). */
  noGreeting?: boolean;
}

export interface DiagnosisText {
  severity: Severity;
  message: string;
  fix?: string;
}

const SEVERITY: Record<DiagnosisCode, Severity> = {
  DNS_NOT_FOUND: 'error',
  DNS_FAILED: 'error',
  CONNECTION_REFUSED: 'error',
  CONNECTION_TIMEOUT: 'error',
  STARTTLS_UNAVAILABLE: 'error',
  TLS_HANDSHAKE_FAILED: 'error',
  CERT_UNTRUSTED: 'error',
  CERT_EXPIRED: 'error',
  CERT_HOSTNAME_MISMATCH: 'error',
  CERT_TRUSTED_BY_FINGERPRINT: 'info',
  PLAINTEXT_REFUSED: 'error',
  AUTH_FAILED: 'error',
  AUTH_MECHANISM_UNSUPPORTED: 'error',
  AUTH_OFFERED_WITHOUT_TLS: 'warning',
  OPEN_RELAY: 'error',
  RELAY_CHECK_INCONCLUSIVE: 'warning',
  IMAP_LOGIN_FAILED: 'error',
  IDLE_UNSUPPORTED: 'info',
  PROTOCOL_ERROR: 'error',
};

export function severityOf(code: DiagnosisCode): Severity {
  return SEVERITY[code];
}

/** The usual other port for the same protocol, with its security. */
export function alternativePort(protocol: DiagnosisFacts['protocol'], port: number): { port: number; security: string } | null {
  if (protocol === 'smtp') return port === 465 ? { port: 587, security: 'STARTTLS' } : { port: 465, security: 'SSL/TLS' };
  if (protocol === 'imap') return port === 993 ? { port: 143, security: 'STARTTLS' } : { port: 993, security: 'SSL/TLS' };
  if (protocol === 'pop3') return port === 995 ? { port: 110, security: 'STARTTLS' } : { port: 995, security: 'SSL/TLS' };
  return null;
}

interface ProviderHint {
  name: string;
  domains: RegExp;
  advice: string;
}

/** Providers that refuse the normal account password for IMAP/SMTP. */
const PROVIDERS: ProviderHint[] = [
  {
    name: 'Google (Gmail)',
    domains: /(^|\.)(gmail\.com|googlemail\.com|google\.com)$/,
    advice: 'Google accepts only an app password (Google Account → Security → 2-Step Verification → App passwords) or OAuth2 sign-in, not your normal password.',
  },
  {
    name: 'iCloud',
    domains: /(^|\.)(icloud\.com|me\.com|mac\.com)$/,
    advice: 'iCloud Mail needs an app-specific password (account.apple.com → Sign-In and Security → App-Specific Passwords), not your Apple Account password.',
  },
  {
    name: 'Yahoo',
    domains: /(^|\.)(yahoo\.[a-z.]+|ymail\.com|rocketmail\.com|aol\.com)$/,
    advice: 'Yahoo and AOL need an app password (Account security → Generate app password), not your normal password.',
  },
  {
    name: 'Outlook.com / Microsoft 365',
    domains: /(^|\.)(outlook\.[a-z.]+|hotmail\.[a-z.]+|live\.[a-z.]+|msn\.com|office365\.com)$/,
    advice: 'Microsoft has turned off password sign-in (basic authentication) for IMAP and SMTP: the account needs OAuth2 (“modern authentication”), or the admin must allow SMTP AUTH for this mailbox.',
  },
];

/** The provider hint for an email domain or server host, if it is a known one. */
export function providerHint(...names: Array<string | undefined>): ProviderHint | undefined {
  return PROVIDERS.find((p) => names.some((n) => n !== undefined && p.domains.test(n.toLowerCase())));
}

/** The certificate name to offer instead of the host that did not match (the cPanel case). */
export function suggestHostFromCert(host: string, certNames: readonly string[]): string | undefined {
  const concrete = certNames.filter((n) => !n.startsWith('*.'));
  const parent = host.split('.').slice(1).join('.');
  // Prefer a name in the same parent domain (server1.hoster.com for mail.hoster.com).
  const sameParent = concrete.find((n) => n.split('.').slice(1).join('.') === parent);
  if (sameParent) return sameParent;
  if (concrete[0]) return concrete[0];
  const wildcard = certNames.find((n) => n.startsWith('*.'));
  return wildcard ? `${host.split('.')[0]}.${wildcard.slice(2)}` : undefined;
}

function where(f: DiagnosisFacts): string {
  return `${f.host}:${f.port}`;
}

function said(f: DiagnosisFacts): string {
  return f.serverSays ? ` The server said: “${f.serverSays}”.` : '';
}

function otherPortFix(f: DiagnosisFacts): string {
  const alt = alternativePort(f.protocol, f.port);
  return alt ? ` Try port ${alt.port} (${alt.security}) instead.` : '';
}

/** The human message and fix for a code, filled in with what was observed. */
export function describeDiagnosis(code: DiagnosisCode, f: DiagnosisFacts): DiagnosisText {
  const severity = SEVERITY[code];
  const proto = f.protocol.toUpperCase();
  switch (code) {
    case 'DNS_NOT_FOUND':
      return { severity, message: `The server name ${f.host} does not exist in DNS.`, fix: 'Check the spelling of the server name, or run `mailsetup discover` to find the right one.' };
    case 'DNS_FAILED':
      return { severity, message: `The name ${f.host} could not be looked up${f.detail ? ` (${f.detail})` : ''}.`, fix: 'Check the network connection and the DNS server (--resolver), then try again.' };
    case 'CONNECTION_REFUSED':
      return { severity, message: `${where(f)} refused the connection: nothing accepts ${proto} connections on that port.`, fix: `Check the port number.${otherPortFix(f)}` };
    case 'CONNECTION_TIMEOUT':
      return f.noGreeting
        ? {
            severity,
            message: `${where(f)} accepted the connection but never answered.`,
            fix: `The port may expect a different security setting (SSL/TLS vs STARTTLS), or a firewall/antivirus is intercepting it.${otherPortFix(f)}`,
          }
        : {
            severity,
            message: `No answer from ${where(f)}: the connection timed out.`,
            fix: `Your network (office, hotel, mobile carrier) may block port ${f.port}.${otherPortFix(f)} Otherwise the server may be down.`,
          };
    case 'STARTTLS_UNAVAILABLE':
      return {
        severity,
        message: `${where(f)} does not offer STARTTLS, so the connection cannot be encrypted. No password was sent.${said(f)}`,
        fix: `Ask the provider to enable STARTTLS, or use SSL/TLS.${otherPortFix(f)} If it is offered elsewhere, something on your network may be removing it.`,
      };
    case 'TLS_HANDSHAKE_FAILED':
      return {
        severity,
        message: `The encrypted (TLS) connection to ${where(f)} could not be set up${f.detail ? `: ${f.detail}` : ''}. No password was sent.${said(f)}`,
        fix: `Check the security setting: port 465/993 use SSL/TLS from the start, 587/143 use STARTTLS.${otherPortFix(f)}`,
      };
    case 'CERT_UNTRUSTED':
      return {
        severity,
        message: `The certificate of ${where(f)} is not signed by an authority this computer trusts${f.detail ? ` (${f.detail})` : ''}. No password was sent.`,
        fix: `Ask the provider to install a certificate from a public authority. If you know this certificate is right, trust exactly it with --trust-fingerprint ${f.fingerprint256 ?? 'SHA256'}, or give its CA with --ca FILE.`,
      };
    case 'CERT_EXPIRED':
      return {
        severity,
        message: `The certificate of ${where(f)} has expired${f.validTo ? ` (valid until ${f.validTo})` : ''}. No password was sent.`,
        fix: 'The server administrator must renew the certificate. Also check that this computer’s date and time are right.',
      };
    case 'CERT_HOSTNAME_MISMATCH': {
      const names = f.certNames ?? [];
      const better = suggestHostFromCert(f.host, names);
      return {
        severity,
        message: `The certificate of ${where(f)} is not valid for the name ${f.host}; it is valid for ${names.length > 0 ? names.join(', ') : 'no host name'}. No password was sent.`,
        fix: better
          ? `Use ${better} as the server name (common with shared hosting such as cPanel, where the certificate belongs to the server's own name).`
          : 'Ask the provider which server name matches its certificate.',
      };
    }
    case 'CERT_TRUSTED_BY_FINGERPRINT':
      return { severity, message: `The certificate of ${where(f)} did not validate, but you trusted its SHA-256 fingerprint ${f.fingerprint256 ?? ''}.` };
    case 'PLAINTEXT_REFUSED':
      return {
        severity,
        message: `${where(f)} was set up without encryption; MailSetup does not send passwords unencrypted, so the login was not tried.`,
        fix: `Use SSL/TLS or STARTTLS.${otherPortFix(f)}`,
      };
    case 'AUTH_FAILED':
    case 'IMAP_LOGIN_FAILED': {
      const hint = providerHint(f.emailDomain, f.host);
      return {
        severity,
        message: `${proto} login at ${where(f)} was refused: wrong user name or password.${said(f)}`,
        fix: hint ? hint.advice : 'Check the password and the user name (usually the full email address). If your provider offers app passwords, you may need one.',
      };
    }
    case 'AUTH_MECHANISM_UNSUPPORTED':
      return {
        severity,
        message: `${where(f)} offers no login method MailSetup can use${f.mechanisms && f.mechanisms.length > 0 ? ` (it offers ${f.mechanisms.join(', ')})` : ' (no AUTH after encryption)'}.`,
        fix: f.mechanisms?.some((m) => /XOAUTH2|OAUTHBEARER/i.test(m)) ? 'This server wants OAuth2 sign-in.' : 'Check that this is the submission port (587 or 465), not port 25 for server-to-server mail.',
      };
    case 'AUTH_OFFERED_WITHOUT_TLS':
      return {
        severity,
        message: `${where(f)} offers password login (AUTH) before encryption. MailSetup never uses it, but other programs might send the password in clear text.`,
        fix: 'Server admin: set smtpd_tls_auth_only = yes (Postfix) or advertise AUTH only after TLS.',
      };
    case 'OPEN_RELAY':
      return {
        severity,
        message: `${where(f)} accepted mail for an outside address without a login: it is an open relay.${said(f)}`,
        fix: 'Server admin: allow relaying only for authenticated users (Postfix: smtpd_relay_restrictions = permit_sasl_authenticated, reject_unauth_destination).',
      };
    case 'RELAY_CHECK_INCONCLUSIVE':
      return { severity, message: `Could not check whether ${where(f)} refuses relaying without a login.${said(f)}` };
    case 'IDLE_UNSUPPORTED':
      return { severity, message: `${where(f)} does not support IMAP IDLE: new mail shows up only when the mail program checks.` };
    case 'PROTOCOL_ERROR':
      return {
        severity,
        message: `${where(f)} answered something unexpected${f.detail ? ` (${f.detail})` : ''}.${said(f)}`,
        fix: `Check that this port really speaks ${proto}.${otherPortFix(f)}`,
      };
  }
}
