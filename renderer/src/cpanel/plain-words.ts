// The cPanel panel's words: failures and sizes in plain language, never a code.
import type { MailSetupError } from '../../../shared/errors.js';

export interface PlainError {
  title: string;
  text?: string;
  /** cPanel's or the server's own words. */
  said?: string;
}

export function plainError(error: MailSetupError): PlainError {
  const said = error.serverSays;
  switch (error.code) {
    case 'CPANEL_AUTH_FAILED':
      return { title: 'cPanel did not accept this user name and token.', text: 'Check both. A token that expired, or one limited to other computers, is refused the same way; you can make a new one in cPanel under Security, Manage API Tokens.' };
    case 'CPANEL_FEATURE_MISSING':
      return { title: 'This cPanel account is not allowed to do this.', text: 'Ask your hosting provider to turn the feature on for your account.', ...(said ? { said } : {}) };
    case 'CPANEL_API_ERROR':
      return { title: 'cPanel refused the request.', ...(said ? { said } : { text: error.message }) };
    case 'CPANEL_REDIRECT_REFUSED':
      return { title: 'This address sent MailSetup on to a different server, so your token was not sent.', text: 'Use the address of cPanel itself, usually the server name with port 2083.' };
    case 'CPANEL_NOT_CONNECTED':
      return { title: 'No connected cPanel account manages this.', text: 'Connect the hosting account first, or refresh its list of domains.' };
    case 'CERT_UNTRUSTED':
      return /changed since/.test(error.message)
        ? { title: 'The server\'s certificate changed since you trusted it, so your token was not sent.', text: 'Certificates are renewed every few months. Check the new one with your hosting provider before you trust it.' }
        : { title: 'The server\'s certificate is not trusted, so your token was not sent.', text: 'If your hosting provider confirms the fingerprint below, you can trust this exact certificate.' };
    case 'CERT_HOSTNAME_MISMATCH':
      return { title: 'The server\'s certificate is made out for another name, so your token was not sent.', text: 'Use the name the certificate covers, often the server\'s own name.' };
    case 'CERT_EXPIRED':
      return { title: 'The server\'s certificate has expired, so your token was not sent.', text: 'Ask your hosting provider to renew it.' };
    case 'NETWORK':
    case 'TIMEOUT':
      return { title: 'MailSetup could not reach this address.', text: 'Check the address and your network, then try again.' };
    case 'KEYCHAIN_UNAVAILABLE':
    case 'KEYCHAIN_LOCKED':
    case 'KEYCHAIN_TIMEOUT':
    case 'KEYCHAIN_ERROR':
      return { title: 'Your system keychain is not available, so nothing was stored.', text: 'Unlock or start the keychain, then try again.' };
    default:
      return { title: 'That did not work.', text: error.message };
  }
}

/** A certificate fingerprint the engine offered to trust ("AB:CD:…"), if any. */
export function offeredFingerprint(error: MailSetupError): string | null {
  if (error.code !== 'CERT_UNTRUSTED' || /changed since/.test(error.message)) return null;
  return /([0-9A-F]{2}(?::[0-9A-F]{2}){31})/.exec(error.fix ?? '')?.[1] ?? null;
}

export function size(bytes: number): string {
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  if (bytes < 1024 * 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1).replace(/\.0$/, '')} MB`;
  return `${(bytes / 1024 / 1024 / 1024).toFixed(1).replace(/\.0$/, '')} GB`;
}
