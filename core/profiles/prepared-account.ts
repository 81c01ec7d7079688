// The account as every exporter sees it: validated host names, cleaned names, and
// the keychain users the text configs look the password up under.
import { domainToASCII } from 'node:url';
import type { Account } from '../../shared/accounts.js';
import { parseEmail } from '../../shared/email.js';
import { fail, ok, type Result } from '../../shared/errors.js';
import type { AuthMethod, IncomingServer, OutgoingServer, ServerSettings } from '../../shared/model.js';
import { passwordUser, smtpPasswordUser } from '../keychain/secret-store.js';
import { oneLine } from './escape.js';

export interface PreparedAccount {
  email: string;
  localPart: string;
  domain: string;
  /** One line, controls removed; empty when the account has none. */
  displayName: string;
  incoming: IncomingServer;
  outgoing: OutgoingServer;
  separateSmtpPassword: boolean;
  /** Keychain user of the incoming password (DESIGN.md: the address). */
  keychainUser: string;
  /** Keychain user of the SMTP password: EMAIL#smtp when the account has its own. */
  smtpKeychainUser: string;
}

const HOST = /^(?=.{1,253}$)[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?(?:\.[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?)*$/;
const IPV6 = /^[0-9a-f]*:[0-9a-f:.]*$/;

/** ASCII host name (A-label), or null when it is not a host name, IPv4 or IPv6 address. */
export function asciiHost(host: string): string | null {
  const trimmed = host.trim().replace(/\.$/, '').replace(/^\[(.*)\]$/, '$1');
  if (IPV6.test(trimmed.toLowerCase())) return trimmed.toLowerCase();
  const ascii = /^[\x20-\x7e]*$/.test(trimmed) ? trimmed.toLowerCase() : domainToASCII(trimmed);
  return ascii !== '' && HOST.test(ascii) ? ascii : null;
}

function prepareServer<S extends ServerSettings>(server: S, side: string): Result<S> {
  const host = asciiHost(server.host);
  if (host === null) {
    return fail('BAD_INPUT', `The ${side} server "${oneLine(server.host).slice(0, 80)}" is not a host name.`, {
      fix: 'Give a host name like mail.example.com (letters, digits, dots and hyphens).',
    });
  }
  if (!Number.isInteger(server.port) || server.port < 1 || server.port > 65535) {
    return fail('BAD_INPUT', `The ${side} port ${server.port} is not between 1 and 65535.`);
  }
  const username = oneLine(server.username);
  if (username === '') return fail('BAD_INPUT', `The ${side} server has no login name.`);
  const auth: AuthMethod[] = server.auth.length > 0 ? server.auth : ['password-cleartext'];
  return ok({ ...server, host, username, auth });
}

/** The host as it goes into a URL: IPv6 addresses in brackets. */
export function urlHost(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}

export function prepareAccount(account: Account): Result<PreparedAccount> {
  const parsed = parseEmail(account.email);
  if (!parsed.ok) return parsed;
  const incoming = prepareServer(account.incoming, 'incoming');
  if (!incoming.ok) return incoming;
  const outgoing = prepareServer(account.outgoing, 'outgoing');
  if (!outgoing.ok) return outgoing;
  const { email, localPart, domain } = parsed.value;
  return ok({
    email,
    localPart,
    domain,
    displayName: oneLine(account.displayName ?? ''),
    incoming: incoming.value,
    outgoing: outgoing.value,
    separateSmtpPassword: account.separateSmtpPassword,
    keychainUser: passwordUser(email),
    smtpKeychainUser: account.separateSmtpPassword ? smtpPasswordUser(email) : passwordUser(email),
  });
}
