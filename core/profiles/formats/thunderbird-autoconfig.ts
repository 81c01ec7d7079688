// config-v1.1.xml as an admin hosts it at https://autoconfig.DOMAIN/mail/config-v1.1.xml
// (profiles §2.1). The login name becomes a placeholder when it is derived from the
// address, so one file serves the whole domain.
import { fail, ok, type Result } from '../../../shared/errors.js';
import type { ServerSettings } from '../../../shared/model.js';
import { xmlEscape } from '../escape.js';
import { AUTOCONFIG_SOCKET, authKind, type AuthKind } from '../mapping.js';
import type { PreparedAccount } from '../prepared-account.js';
import type { ExportOptions, ExportOutput } from '../types.js';
import { textFile } from '../types.js';
import { providerLabel } from './thunderbird-account-prefs.js';

const AUTH_NAME: Record<AuthKind, string> = {
  password: 'password-cleartext',
  encrypted: 'password-encrypted',
  none: 'none',
  oauth2: 'OAuth2',
  ntlm: 'NTLM',
  gssapi: 'GSSAPI',
  'client-cert': 'TLS-client-cert',
};

/** %EMAILADDRESS% / %EMAILLOCALPART% where the login name is derived from the address. */
export function usernamePlaceholder(account: PreparedAccount, username: string): string {
  if (username.toLowerCase() === account.email.toLowerCase()) return '%EMAILADDRESS%';
  if (username === account.localPart) return '%EMAILLOCALPART%';
  return username;
}

function serverXml(tag: 'incomingServer' | 'outgoingServer', server: ServerSettings, account: PreparedAccount): string {
  const auth = server.protocol === 'smtp' && authKind(server) === 'none' ? 'none' : AUTH_NAME[authKind(server)];
  return [
    `    <${tag} type="${server.protocol}">`,
    `      <hostname>${xmlEscape(server.host)}</hostname>`,
    `      <port>${server.port}</port>`,
    `      <socketType>${AUTOCONFIG_SOCKET[server.security]}</socketType>`,
    `      <username>${xmlEscape(usernamePlaceholder(account, server.username))}</username>`,
    `      <authentication>${auth}</authentication>`,
    `    </${tag}>`,
  ].join('\n');
}

export function autoconfigXml(account: PreparedAccount): string {
  const short = account.domain.split('.')[0] ?? account.domain;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<clientConfig version="1.1">',
    `  <emailProvider id="${xmlEscape(account.domain)}">`,
    `    <domain>${xmlEscape(account.domain)}</domain>`,
    `    <displayName>${xmlEscape(providerLabel(account.domain))}</displayName>`,
    `    <displayShortName>${xmlEscape(short.slice(0, 12))}</displayShortName>`,
    serverXml('incomingServer', account.incoming, account),
    serverXml('outgoingServer', account.outgoing, account),
    '  </emailProvider>',
    '</clientConfig>',
    '',
  ].join('\n');
}

export async function exportThunderbirdAutoconfig(account: PreparedAccount, _options: ExportOptions): Promise<Result<ExportOutput>> {
  const warnings: string[] = [];
  if (authKind(account.incoming) === 'none') {
    return fail('EXPORT_FAILED', 'Thunderbird autoconfig allows "none" authentication only for outgoing servers.');
  }
  for (const s of [account.incoming, account.outgoing]) {
    if (usernamePlaceholder(account, s.username) === s.username) {
      warnings.push(`The ${s.protocol} login name "${s.username}" is not derived from the address: this file fits only this user, not the whole domain.`);
    }
  }
  return ok({ files: [textFile('config-v1.1.xml', 'application/xml', autoconfigXml(account))], warnings });
}
