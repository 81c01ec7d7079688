// Autodiscover POX response for IMAP/SMTP (profiles §3.2–3.3). Encryption SSL means
// implicit TLS and TLS means STARTTLS in Outlook's vocabulary; SPA is always off.
import { fail, ok, type Result } from '../../../shared/errors.js';
import type { ServerSettings } from '../../../shared/model.js';
import { xmlEscape } from '../escape.js';
import { authKind } from '../mapping.js';
import type { PreparedAccount } from '../prepared-account.js';
import type { ExportOptions, ExportOutput } from '../types.js';
import { textFile } from '../types.js';

const ENCRYPTION = { tls: 'SSL', starttls: 'TLS', none: 'None' } as const;

function protocolXml(server: ServerSettings, withLogin: boolean): string {
  const type = server.protocol === 'pop3' ? 'POP3' : server.protocol.toUpperCase();
  const lines = [
    '      <Protocol>',
    `        <Type>${type}</Type>`,
    `        <Server>${xmlEscape(server.host)}</Server>`,
    `        <Port>${server.port}</Port>`,
    ...(withLogin ? [`        <LoginName>${xmlEscape(server.username)}</LoginName>`] : []),
    '        <DomainRequired>off</DomainRequired>',
    '        <SPA>off</SPA>',
    `        <SSL>${server.security === 'none' ? 'off' : 'on'}</SSL>`,
    `        <Encryption>${ENCRYPTION[server.security]}</Encryption>`,
    `        <AuthRequired>${authKind(server) === 'none' ? 'off' : 'on'}</AuthRequired>`,
  ];
  if (server.protocol === 'smtp') lines.push('        <UsePOPAuth>off</UsePOPAuth>', '        <SMTPLast>off</SMTPLast>');
  lines.push('      </Protocol>');
  return lines.join('\n');
}

/**
 * The response document. `generic` (publish kit) leaves LoginName out when the login
 * is the address, which is what Outlook uses by default, so one file fits everyone.
 */
export function autodiscoverXml(account: PreparedAccount, generic = false): string {
  const login = (s: ServerSettings): boolean => !generic || s.username.toLowerCase() !== account.email.toLowerCase();
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<Autodiscover xmlns="http://schemas.microsoft.com/exchange/autodiscover/responseschema/2006">',
    '  <Response xmlns="http://schemas.microsoft.com/exchange/autodiscover/outlook/responseschema/2006a">',
    '    <Account>',
    '      <AccountType>email</AccountType>',
    '      <Action>settings</Action>',
    protocolXml(account.incoming, login(account.incoming)),
    protocolXml(account.outgoing, login(account.outgoing)),
    '    </Account>',
    '  </Response>',
    '</Autodiscover>',
    '',
  ].join('\n');
}

export async function exportOutlookAutodiscover(account: PreparedAccount, _options: ExportOptions): Promise<Result<ExportOutput>> {
  const kinds = [authKind(account.incoming), authKind(account.outgoing)];
  if (kinds.some((k) => k !== 'password' && k !== 'encrypted' && k !== 'none')) {
    return fail('EXPORT_FAILED', 'Autodiscover POX can only state a password login (SPA off) for IMAP/SMTP.');
  }
  const warnings: string[] = [];
  if (kinds.includes('encrypted')) {
    warnings.push('Autodiscover cannot name CRAM-MD5: the file says "password, SPA off" and Outlook picks the mechanism the server offers.');
  }
  if (account.incoming.security === 'starttls' || account.outgoing.security === 'starttls') {
    warnings.push('STARTTLS is written as Encryption TLS; clients read this differently (Thunderbird infers it from the port). Implicit TLS (993/465) is read the same way by all.');
  }
  return ok({ files: [textFile('autodiscover.xml', 'application/xml', autodiscoverXml(account))], warnings });
}
