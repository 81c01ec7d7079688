// The managed variant for admins (profiles §2.2): a user.js that Thunderbird re-applies
// at every start, so the account is enforced — and anything the user changes in these
// prefs, or any account they add, is reverted at the next start. For a fresh profile
// only (fixed keys account1/server1/id1/smtp1); a one-time setup is thunderbird-prefs.
import { ok, type Result } from '../../../shared/errors.js';
import { oneLine } from '../escape.js';
import type { PreparedAccount } from '../prepared-account.js';
import type { ExportOptions, ExportOutput } from '../types.js';
import { textFile } from '../types.js';
import { accountPrefs, localFoldersPrefs, prefLine, type Pref } from './thunderbird-account-prefs.js';

const KEYS = { account: 'account1', server: 'server1', identity: 'id1', smtp: 'smtp1' };

/** Every pref of the fresh profile, in order; a pure table tests compare with the file. */
export function managedPrefs(account: PreparedAccount): Pref[] {
  return [
    ['mail.accountmanager.accounts', 'account1,account2'],
    ['mail.accountmanager.defaultaccount', { key: 'account1' }],
    ['mail.accountmanager.localfoldersserver', { key: 'server2' }],
    ['mail.account.lastKey', 2],
    ['mail.smtpservers', 'smtp1'],
    ['mail.smtp.defaultserver', { key: 'smtp1' }],
    ...accountPrefs(account, KEYS),
    ...localFoldersPrefs('account2', 'server2'),
  ];
}

export function userJs(account: PreparedAccount): string {
  return [
    `// Thunderbird account for ${oneLine(account.email).replace(/\*\//g, '')} (written by MailSetup).`,
    '// MANAGED: user.js is re-applied at every start of Thunderbird. Put it in a NEW',
    '// profile; these settings are enforced, changes to them and accounts added in',
    '// Thunderbird are undone at the next start. For a one-time setup that the user can',
    '// change later, use the thunderbird-prefs export instead.',
    '// The password is asked for on first use; it is never stored here.',
    ...managedPrefs(account).map(prefLine),
    '',
  ].join('\n');
}

export async function exportThunderbirdUserJs(account: PreparedAccount, _options: ExportOptions): Promise<Result<ExportOutput>> {
  return ok({ files: [textFile('user.js', 'text/javascript', userJs(account))], warnings: [] });
}
