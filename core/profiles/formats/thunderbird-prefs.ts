// user.js fragment that creates the account in a fresh Thunderbird profile (profiles §2.2).
// user.js is re-applied at every start; the header says so, and how to seed once instead.
import { ok, type Result } from '../../../shared/errors.js';
import { jsString, oneLine } from '../escape.js';
import { authKind, TB_AUTH, TB_SOCKET } from '../mapping.js';
import type { PreparedAccount } from '../prepared-account.js';
import type { ExportOptions, ExportOutput } from '../types.js';
import { textFile } from '../types.js';

export type PrefValue = string | number | boolean;

/** The prefs in order; a pure table so tests can compare it with what the file evaluates to. */
export function thunderbirdPrefs(account: PreparedAccount): Array<[string, PrefValue]> {
  const inc = account.incoming;
  const out = account.outgoing;
  return [
    ['mail.accountmanager.accounts', 'account1,account2'],
    ['mail.accountmanager.defaultaccount', 'account1'],
    ['mail.accountmanager.localfoldersserver', 'server2'],
    ['mail.account.account1.server', 'server1'],
    ['mail.account.account1.identities', 'id1'],
    ['mail.account.account2.server', 'server2'],
    ['mail.server.server1.type', inc.protocol],
    ['mail.server.server1.hostname', inc.host],
    ['mail.server.server1.port', inc.port],
    ['mail.server.server1.socketType', TB_SOCKET[inc.security]],
    ['mail.server.server1.authMethod', TB_AUTH[authKind(inc)]],
    ['mail.server.server1.userName', inc.username],
    ['mail.server.server1.name', account.email],
    ['mail.server.server2.type', 'none'],
    ['mail.server.server2.hostname', 'Local Folders'],
    ['mail.server.server2.userName', 'nobody'],
    ['mail.server.server2.name', 'Local Folders'],
    ['mail.identity.id1.fullName', account.displayName],
    ['mail.identity.id1.useremail', account.email],
    ['mail.identity.id1.smtpServer', 'smtp1'],
    ['mail.identity.id1.valid', true],
    ['mail.smtpservers', 'smtp1'],
    ['mail.smtp.defaultserver', 'smtp1'],
    ['mail.smtpserver.smtp1.type', 'smtp'],
    ['mail.smtpserver.smtp1.hostname', out.host],
    ['mail.smtpserver.smtp1.port', out.port],
    ['mail.smtpserver.smtp1.try_ssl', TB_SOCKET[out.security]],
    ['mail.smtpserver.smtp1.authMethod', TB_AUTH[authKind(out)]],
    ['mail.smtpserver.smtp1.username', out.username],
    ['mail.smtpserver.smtp1.description', account.email],
  ];
}

export function userJs(account: PreparedAccount): string {
  const value = (v: PrefValue): string => (typeof v === 'string' ? jsString(v) : String(v));
  return [
    `// Thunderbird account for ${oneLine(account.email).replace(/\*\//g, '')} (written by MailSetup).`,
    '// For a NEW profile: user.js is applied at every start and overrides changes made',
    '// in the settings. To seed once, copy these lines into prefs.js while Thunderbird is',
    '// closed. The password is asked for on first use; it is never stored here.',
    ...thunderbirdPrefs(account).map(([k, v]) => `user_pref(${jsString(k)}, ${value(v)});`),
    '',
  ].join('\n');
}

export async function exportThunderbirdPrefs(account: PreparedAccount, _options: ExportOptions): Promise<Result<ExportOutput>> {
  return ok({ files: [textFile('user.js', 'text/javascript', userJs(account))], warnings: [] });
}
