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
/**
 * Characters that do not show, or that reorder what is shown (bidi overrides): an
 * address or login name holding one looks like another one on screen. IDN mapping
 * would even drop some silently (jane@exa\u200Bmple.com becomes example.com).
 */
const INVISIBLE_RANGES: ReadonlyArray<readonly [number, number]> = [
  [0x00ad, 0x00ad], // soft hyphen
  [0x034f, 0x034f], // combining grapheme joiner
  [0x061c, 0x061c], // Arabic letter mark
  [0x115f, 0x1160], // Hangul fillers
  [0x17b4, 0x17b5],
  [0x180b, 0x180f], // Mongolian variation selectors and vowel separator
  [0x200b, 0x200f], // zero-width space/joiners, LRM, RLM
  [0x202a, 0x202e], // bidi embeddings and overrides
  [0x2060, 0x206f], // word joiner, invisible operators, bidi isolates
  [0x3164, 0x3164],
  [0xfe00, 0xfe0f], // variation selectors
  [0xfeff, 0xfeff], // zero-width no-break space (BOM)
  [0xffa0, 0xffa0],
  [0xfff0, 0xfffb],
  [0xe0000, 0xe0fff], // tags and variation selectors supplement
];

/** The first invisible or direction-changing character, as U+XXXX, or null. */
export function invisibleCharacter(s: string): string | null {
  for (const ch of s) {
    const cp = ch.codePointAt(0) ?? 0;
    if (INVISIBLE_RANGES.some(([from, to]) => cp >= from && cp <= to)) return `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
  }
  return null;
}

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
  const hidden = invisibleCharacter(input);
  if (hidden !== null) {
    return fail('BAD_INPUT', `The email address contains an invisible or text-direction character (${hidden}); type it again without it.`);
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
