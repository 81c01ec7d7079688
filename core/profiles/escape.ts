// Escaping for every syntax the exporters embed untrusted text in (names, user names).
// Rule: text is cleaned of characters the target cannot carry, then quoted for it;
// a hostile display name must give a valid file, never a new key or command.

/** Removes characters no text format can carry: C0 controls except tab and LF, DEL, C1, lone surrogates, U+FFFE/FFFF. */
export function stripControls(s: string): string {
  return s
    .replace(/\r\n?/g, '\n')
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\ufffe\uffff]/g, '')
    .replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '');
}

/** One line of text: controls removed, line breaks and tabs become spaces, trimmed. */
export function oneLine(s: string): string {
  return stripControls(s).replace(/[\n\t\u2028\u2029]+/g, ' ').trim();
}

/** XML character data or attribute value (double- or single-quoted). */
export function xmlEscape(s: string): string {
  return stripControls(s)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/** HTML text or double-quoted attribute value. */
export function htmlEscape(s: string): string {
  return xmlEscape(s).replace(/&apos;/g, '&#39;');
}

/** POSIX shell word: single-quoted, a quote inside written as '"'"'. */
export function shellQuote(s: string): string {
  if (/^[A-Za-z0-9@._+=%/:-]+$/.test(s)) return s;
  return `'${s.replace(/'/g, `'"'"'`)}'`;
}

/** TOML basic string (also a valid JSON string), one line. */
export function tomlString(s: string): string {
  return JSON.stringify(stripControls(s)).replace(/\u007f/g, '\\u007f').replace(/[\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16)}`);
}

/** JavaScript string literal (user.js): JSON plus the two line terminators JSON leaves raw. */
export function jsString(s: string): string {
  return JSON.stringify(stripControls(s)).replace(/[\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16)}`);
}

/** NeoMutt double-quoted string: backslash, quote, backtick and $ are escaped so nothing expands. */
export function muttString(s: string): string {
  return `"${oneLine(s).replace(/[\\"`$]/g, (c) => `\\${c}`)}"`;
}

/**
 * NeoMutt backtick command inside a double-quoted value: the command runs through
 * sh when the file is read; quote, backslash and $ are escaped for NeoMutt's parser.
 */
export function muttCommand(command: string): string {
  return `"\`${oneLine(command).replace(/[\\"$`]/g, (c) => `\\${c}`)}\`"`;
}

/** isync double-quoted string (backslash escapes). */
export function mbsyncString(s: string): string {
  return `"${oneLine(s).replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

/**
 * msmtp argument: msmtp takes the rest of the line and strips one pair of enclosing
 * double quotes, with no escapes inside; so quote always and keep it on one line.
 */
export function msmtpString(s: string): string {
  return `"${oneLine(s)}"`;
}

/** User name inside a URL's userinfo (jane%40example.com). */
export function urlUser(s: string): string {
  return encodeURIComponent(s);
}

/**
 * A display name for a From header: plain when it is safe atom text, otherwise an
 * RFC 2047 encoded word, which carries quotes, '#', ';' and non-ASCII through INI values.
 */
export function headerName(name: string): string {
  const clean = oneLine(name);
  if (/^[A-Za-z0-9 .'_-]*$/.test(clean)) return clean;
  return `=?UTF-8?B?${Buffer.from(clean, 'utf8').toString('base64')}?=`;
}
