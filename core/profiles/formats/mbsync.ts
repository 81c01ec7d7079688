// isync / mbsync configuration (profiles §5.4). SSLType, not TLSType: Debian 12's
// isync 1.4.4 rejects TLSType, and isync 1.5 still accepts SSLType.
import { fail, ok, type Result } from '../../../shared/errors.js';
import { mbsyncString, oneLine } from '../escape.js';
import { passwordCommand } from '../keychain-command.js';
import { authKind } from '../mapping.js';
import type { PreparedAccount } from '../prepared-account.js';
import type { ExportOptions, ExportOutput } from '../types.js';
import { textFile } from '../types.js';

const SSL_TYPE = { tls: 'IMAPS', starttls: 'STARTTLS', none: 'None' } as const;

/** A store/channel name: letters, digits, dot, dash, underscore. */
export function mbsyncName(account: PreparedAccount): string {
  return account.email.replace(/[^A-Za-z0-9._-]/g, '_');
}

export function mbsyncrc(account: PreparedAccount, options: ExportOptions): Result<string> {
  const inc = account.incoming;
  if (inc.protocol !== 'imap') return fail('EXPORT_FAILED', 'mbsync synchronises IMAP; this account uses POP3.');
  const kind = authKind(inc);
  const mechs = kind === 'encrypted' ? 'CRAM-MD5' : kind === 'password' ? 'PLAIN LOGIN' : null;
  if (mechs === null) return fail('EXPORT_FAILED', 'mbsync cannot use this account\'s authentication method.');
  const name = mbsyncName(account);
  const dir = `~/Mail/${name}/`;
  return ok(
    [
      `# mbsync (isync) account for ${oneLine(account.email)} (written by MailSetup). Keep this file mode 0600.`,
      `IMAPAccount ${name}`,
      `Host ${inc.host}`,
      `Port ${inc.port}`,
      `User ${mbsyncString(inc.username)}`,
      `PassCmd ${mbsyncString(passwordCommand(options.platform, account.keychainUser))}`,
      `SSLType ${SSL_TYPE[inc.security]}`,
      `AuthMechs ${mechs}`,
      '',
      `IMAPStore ${name}-remote`,
      `Account ${name}`,
      '',
      `MaildirStore ${name}-local`,
      `Path ${dir}`,
      `Inbox ${dir}INBOX`,
      'SubFolders Verbatim',
      '',
      `Channel ${name}`,
      `Far :${name}-remote:`,
      `Near :${name}-local:`,
      'Patterns *',
      'Create Near',
      'SyncState *',
      '',
    ].join('\n'),
  );
}

export async function exportMbsync(account: PreparedAccount, options: ExportOptions): Promise<Result<ExportOutput>> {
  const rc = mbsyncrc(account, options);
  if (!rc.ok) return rc;
  return ok({ files: [textFile('mbsyncrc', 'text/plain', rc.value, 0o600)], warnings: ['mbsync only fetches mail; use the msmtp export to send.'] });
}
