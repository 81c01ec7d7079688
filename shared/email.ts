// Address parsing shared by every door. No Node imports: the IDN conversion uses
// the WHATWG URL parser, which exists in Node and in the browser alike.
import { fail, ok, type Result } from './errors.js';

export interface ParsedEmail {
  /** local@ascii-domain, the form used everywhere on the wire and as the keychain user. */
  email: string;
  localPart: string;
  /** Lower-cased ASCII (punycode) domain. */
  domain: string;
}

const FORBIDDEN = /[\u0000-\u001f\u007f\s<>()[\]\\,;:"]/u;

export function toAsciiDomain(input: string): string | null {
  const raw = input.trim().replace(/\.$/, '');
  if (raw === '' || raw.length > 253 || FORBIDDEN.test(raw) || /[/?#@%]/.test(raw)) return null;
  let host: string;
  try {
    host = new URL(`http://${raw}/`).hostname;
  } catch {
    return null;
  }
  host = host.toLowerCase();
  if (host.length > 253 || !host.includes('.')) return null;
  if (/^\d+\.\d+\.\d+\.\d+$/.test(host)) return null;
  const labels = host.split('.');
  const labelOk = (l: string): boolean => /^(?!-)[a-z0-9-]{1,63}(?<!-)$/.test(l);
  return labels.every(labelOk) ? host : null;
}

export function parseEmail(input: string): Result<ParsedEmail> {
  if (typeof input !== 'string' || input.length === 0) {
    return fail('BAD_INPUT', 'Please give an email address, like jane@example.com.');
  }
  if (/[\r\n\u0000]/.test(input)) {
    return fail('BAD_INPUT', 'The email address contains a line break or a NUL character; type it on one line.');
  }
  const trimmed = input.trim();
  if (trimmed.length > 320) return fail('BAD_INPUT', 'That email address is too long (over 320 characters).');
  const at = trimmed.lastIndexOf('@');
  if (at <= 0 || at === trimmed.length - 1 || trimmed.indexOf('@') !== at) {
    return fail('BAD_INPUT', `"${printable(trimmed)}" is not an email address: expected exactly one @ between a name and a domain.`);
  }
  const localPart = trimmed.slice(0, at);
  const domainPart = trimmed.slice(at + 1);
  if (localPart.length > 64 || FORBIDDEN.test(localPart) || localPart.startsWith('.') || localPart.endsWith('.') || localPart.includes('..')) {
    return fail('BAD_INPUT', `"${printable(localPart)}" is not a valid name before the @.`);
  }
  const domain = toAsciiDomain(domainPart);
  if (domain === null) {
    return fail('BAD_INPUT', `"${printable(domainPart)}" is not a valid mail domain.`);
  }
  return ok({ email: `${localPart}@${domain}`, localPart, domain });
}

/** For echoing untrusted input back in a message: control characters made visible. */
export function printable(s: string, max = 80): string {
  const cleaned = s.replace(/[\u0000-\u001f\u007f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
  return cleaned.length > max ? `${cleaned.slice(0, max)}…` : cleaned;
}
