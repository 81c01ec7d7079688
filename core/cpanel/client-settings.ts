// Email::get_client_settings → a MailConfig (cpanel-uapi.md §3, §4). First the SSL/TLS
// ports on inbox_host / smtp_host; where plaintext login is allowed and an insecure port
// is given, its STARTTLS variant on the same host names follows (never mail.DOMAIN,
// which cPanel's own "Non-SSL" section would show but its certificate may not cover).
import { fail, ok, type Result } from '../../shared/errors.js';
import type { IncomingServer, MailConfig, OutgoingServer } from '../../shared/model.js';
import { toNumber } from './uapi-envelope.js';

const AUTH: ['password-cleartext'] = ['password-cleartext'];

function text(v: unknown): string | undefined {
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;
}

function port(v: unknown): number | undefined {
  const n = toNumber(v);
  return n !== undefined && Number.isInteger(n) && n >= 1 && n <= 65535 ? n : undefined;
}

export function clientSettingsToConfig(data: unknown, url: string, email: string): Result<MailConfig> {
  const d = (typeof data === 'object' && data !== null ? data : {}) as Record<string, unknown>;
  const inboxHost = text(d.inbox_host);
  const smtpHost = text(d.smtp_host);
  const inboxPort = port(d.inbox_port);
  const smtpPort = port(d.smtp_port);
  if (!inboxHost || !smtpHost || !inboxPort || !smtpPort) {
    return fail('CPANEL_API_ERROR', `cPanel's client settings for ${email} lack a host or port.`, { fix: 'Open "Connect Devices" for this mailbox in cPanel to see what it offers.' });
  }
  const pop = text(d.inbox_service) === 'pop' || text(d.inbox_service) === 'pop3';
  const protocol: IncomingServer['protocol'] = pop ? 'pop3' : 'imap';
  const inboxUser = text(d.inbox_username) ?? email;
  const smtpUser = text(d.smtp_username) ?? email;
  const username = (u: string): string => (u.includes('%') ? email : u);
  const plaintext = toNumber(d.has_plaintext_authentication) === 1;
  const incoming: IncomingServer[] = [{ protocol, host: inboxHost, port: inboxPort, security: 'tls', username: username(inboxUser), auth: AUTH }];
  const outgoing: OutgoingServer[] = [{ protocol: 'smtp', host: smtpHost, port: smtpPort, security: 'tls', username: username(smtpUser), auth: AUTH }];
  const inboxInsecure = port(d.inbox_insecure_port);
  const smtpInsecure = port(d.smtp_insecure_port);
  if (plaintext && inboxInsecure && inboxInsecure !== inboxPort) {
    incoming.push({ protocol, host: inboxHost, port: inboxInsecure, security: 'starttls', username: username(inboxUser), auth: AUTH });
  }
  if (plaintext && smtpInsecure && smtpInsecure !== smtpPort) {
    outgoing.push({ protocol: 'smtp', host: smtpHost, port: smtpInsecure, security: 'starttls', username: username(smtpUser), auth: AUTH });
  }
  return ok({ source: 'cpanel', url, secure: true, incoming, outgoing });
}
