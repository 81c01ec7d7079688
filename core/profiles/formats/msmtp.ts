// msmtp configuration (profiles §5.3). passwordeval reads the keychain item MailSetup
// saved (service mailsetup), since msmtp's own keyring lookup uses other attributes.
import { ok, type Result } from '../../../shared/errors.js';
import { msmtpString, oneLine } from '../escape.js';
import { passwordCommand } from '../keychain-command.js';
import { authKind } from '../mapping.js';
import type { PreparedAccount } from '../prepared-account.js';
import type { ExportOptions, ExportOutput } from '../types.js';
import { textFile } from '../types.js';

/** An msmtp account name: no spaces, colons or quotes. */
export function msmtpAccountName(account: PreparedAccount): string {
  return account.email.replace(/[^A-Za-z0-9@._+-]/g, '_');
}

export function msmtprc(account: PreparedAccount, options: ExportOptions): string {
  const out = account.outgoing;
  const name = msmtpAccountName(account);
  const kind = authKind(out);
  const auth = kind === 'none' ? 'off' : kind === 'encrypted' ? 'cram-md5' : 'on';
  return [
    `# msmtp account for ${oneLine(account.email)} (written by MailSetup). Keep this file mode 0600.`,
    `account ${name}`,
    `host ${out.host}`,
    `port ${out.port}`,
    `tls ${out.security === 'none' ? 'off' : 'on'}`,
    `tls_starttls ${out.security === 'starttls' ? 'on' : 'off'}`,
    `auth ${auth}`,
    `user ${msmtpString(out.username)}`,
    `from ${msmtpString(account.email)}`,
    ...(kind === 'none' ? [] : [`passwordeval ${msmtpString(passwordCommand(options.platform, account.smtpKeychainUser))}`]),
    '',
    `account default : ${name}`,
    '',
  ].join('\n');
}

export async function exportMsmtp(account: PreparedAccount, options: ExportOptions): Promise<Result<ExportOutput>> {
  return ok({ files: [textFile('msmtprc', 'text/plain', msmtprc(account, options), 0o600)], warnings: [] });
}
