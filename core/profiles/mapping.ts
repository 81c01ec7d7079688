// Our vocabulary (security tls/starttls/none, autoconfig auth names) mapped to each
// format's codes. Tables: profiles reference §0, §2.2, §2.4, §4.
import type { AuthMethod, Security, ServerSettings } from '../../shared/model.js';

/** The authentication an export states: the first method of the account that formats can express. */
export type AuthKind = 'password' | 'encrypted' | 'none' | 'oauth2' | 'ntlm' | 'gssapi' | 'client-cert';

const AUTH_KIND: Partial<Record<AuthMethod, AuthKind>> = {
  'password-cleartext': 'password',
  'password-encrypted': 'encrypted',
  none: 'none',
  'client-IP-address': 'none',
  OAuth2: 'oauth2',
  NTLM: 'ntlm',
  GSSAPI: 'gssapi',
  'TLS-client-cert': 'client-cert',
};

export function authKind(server: ServerSettings): AuthKind {
  for (const m of server.auth) {
    const kind = AUTH_KIND[m];
    if (kind) return kind;
  }
  return 'password';
}

/** Thunderbird prefs socketType / try_ssl (nsMsgSocketType; 1 is undefined and never written). */
export const TB_SOCKET: Record<Security, number> = { none: 0, starttls: 2, tls: 3 };

/** Thunderbird prefs authMethod (nsMsgAuthMethod). */
export const TB_AUTH: Record<AuthKind, number> = { none: 1, password: 3, encrypted: 4, gssapi: 5, ntlm: 6, 'client-cert': 7, oauth2: 10 };

/** Thunderbird autoconfig socketType. */
export const AUTOCONFIG_SOCKET: Record<Security, string> = { tls: 'SSL', starttls: 'STARTTLS', none: 'plain' };

/** Desktop→Android QR connectionSecurity and authType. */
export const QR_SECURITY: Record<Security, number> = { none: 0, starttls: 2, tls: 3 };
export const QR_AUTH: Record<AuthKind, number> = { none: 0, password: 1, encrypted: 2, gssapi: 3, ntlm: 4, 'client-cert': 5, oauth2: 6 };

/** K-9 / Thunderbird for Android settings file. */
export const K9_SECURITY: Record<Security, string> = { tls: 'SSL_TLS_REQUIRED', starttls: 'STARTTLS_REQUIRED', none: 'NONE' };
export const K9_AUTH: Partial<Record<AuthKind, string>> = { password: 'PLAIN', encrypted: 'CRAM_MD5', 'client-cert': 'EXTERNAL', oauth2: 'XOAUTH2', none: 'NONE' };

/** Apple com.apple.mail.managed authentication values (no SCRAM, no OAuth). */
export const APPLE_AUTH: Partial<Record<AuthKind, string>> = {
  password: 'EmailAuthPassword',
  encrypted: 'EmailAuthCRAMMD5',
  ntlm: 'EmailAuthNTLM',
  none: 'EmailAuthNone',
};

/** The standard port of a protocol with a given security, to explain port/security mismatches. */
export function standardPort(protocol: 'imap' | 'pop3' | 'smtp', security: Security): number {
  const table = { imap: { tls: 993, starttls: 143, none: 143 }, pop3: { tls: 995, starttls: 110, none: 110 }, smtp: { tls: 465, starttls: 587, none: 587 } };
  return table[protocol][security];
}
