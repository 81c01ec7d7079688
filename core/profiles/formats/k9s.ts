// Thunderbird for Android / K-9 Mail settings file (profiles §4). Never a password:
// the app asks for it after import.
import { fail, ok, type Result } from '../../../shared/errors.js';
import type { ServerSettings } from '../../../shared/model.js';
import { xmlEscape } from '../escape.js';
import { stableUuid } from '../ids.js';
import { authKind, K9_AUTH, K9_SECURITY } from '../mapping.js';
import type { PreparedAccount } from '../prepared-account.js';
import type { ExportOptions, ExportOutput } from '../types.js';
import { fileStem, textFile } from '../types.js';

/** Content version 95 is the first that knows authentication NONE; newer apps upgrade it on import. */
export const K9_CONTENT_VERSION = 95;

function serverXml(tag: 'incoming-server' | 'outgoing-server', server: ServerSettings, auth: string): string {
  return [
    `      <${tag} type="${server.protocol === 'pop3' ? 'POP3' : server.protocol.toUpperCase()}">`,
    `        <host>${xmlEscape(server.host)}</host>`,
    `        <port>${server.port}</port>`,
    `        <connection-security>${K9_SECURITY[server.security]}</connection-security>`,
    `        <authentication-type>${auth}</authentication-type>`,
    `        <username>${xmlEscape(server.username)}</username>`,
    `      </${tag}>`,
  ].join('\n');
}

export function k9sXml(account: PreparedAccount): Result<string> {
  const inAuth = K9_AUTH[authKind(account.incoming)];
  const outAuth = K9_AUTH[authKind(account.outgoing)];
  if (!inAuth || !outAuth) return fail('EXPORT_FAILED', 'Thunderbird for Android cannot use this account\'s authentication method.');
  return ok(
    [
      "<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>",
      `<k9settings version="${K9_CONTENT_VERSION}" format="1">`,
      '  <accounts>',
      `    <account uuid="${stableUuid(`k9:${account.email.toLowerCase()}`).toLowerCase()}">`,
      `      <name>${xmlEscape(account.email)}</name>`,
      serverXml('incoming-server', account.incoming, inAuth),
      serverXml('outgoing-server', account.outgoing, outAuth),
      '      <identities>',
      '        <identity>',
      ...(account.displayName !== '' ? [`          <name>${xmlEscape(account.displayName)}</name>`] : []),
      `          <email>${xmlEscape(account.email)}</email>`,
      '        </identity>',
      '      </identities>',
      '    </account>',
      '  </accounts>',
      '</k9settings>',
      '',
    ].join('\n'),
  );
}

export async function exportK9s(account: PreparedAccount, _options: ExportOptions): Promise<Result<ExportOutput>> {
  const xml = k9sXml(account);
  if (!xml.ok) return xml;
  return ok({ files: [textFile(`${fileStem(account)}.k9s`, 'application/xml', xml.value)], warnings: [] });
}
