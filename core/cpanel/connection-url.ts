// A connection's identity: its URL's host[:port] (2083 when the URL names none).
import { fail, ok, type Result } from '../../shared/errors.js';
import { printable } from '../../shared/email.js';

export const DEFAULT_CPANEL_PORT = 2083;

export interface ConnectionAddress {
  /** https://host:port, the normalised URL stored and shown. */
  url: string;
  /** Host name or IP literal without brackets, lower-cased. */
  host: string;
  port: number;
  /** "host:port" ("[v6]:port"): the connection's name and the keychain user's suffix. */
  name: string;
}

export function parseConnectionUrl(input: string): Result<ConnectionAddress> {
  const bad = (why: string): Result<never> =>
    fail('BAD_INPUT', `"${printable(input)}" is not a cPanel address: ${why}.`, { fix: 'Give it as https://HOST or https://HOST:PORT, e.g. https://server1.example.com:2083.' });
  let url: URL;
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(input.trim()) ? input.trim() : `https://${input.trim()}`);
  } catch {
    return bad('not a URL');
  }
  if (url.protocol !== 'https:') return bad('only https is used, so the token never crosses the network in clear text');
  if (url.username !== '' || url.password !== '') return bad('it must not carry a user name or password (the token is read from standard input)');
  if ((url.pathname !== '/' && url.pathname !== '') || url.search !== '' || url.hash !== '') return bad('give only the host and port, no path');
  const port = url.port === '' ? DEFAULT_CPANEL_PORT : Number(url.port);
  const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  const hostPart = host.includes(':') ? `[${host}]` : host;
  return ok({ url: `https://${hostPart}:${port}`, host, port, name: `${hostPart}:${port}` });
}
