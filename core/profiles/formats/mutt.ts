// NeoMutt configuration (profiles §5.1). The password is read from the keychain when
// the file is sourced (backtick command); ssl_force_tls stays on unless the user
// exported an unencrypted server after the warning.
import { ok, type Result } from '../../../shared/errors.js';
import { muttCommand, muttString, urlUser } from '../escape.js';
import { passwordCommand } from '../keychain-command.js';
import { urlHost, type PreparedAccount } from '../prepared-account.js';
import type { ExportOptions, ExportOutput } from '../types.js';
import { textFile } from '../types.js';

export function muttrc(account: PreparedAccount, options: ExportOptions): string {
  const inc = account.incoming;
  const out = account.outgoing;
  const inScheme = inc.protocol === 'pop3' ? (inc.security === 'tls' ? 'pops' : 'pop') : inc.security === 'tls' ? 'imaps' : 'imap';
  const outScheme = out.security === 'tls' ? 'smtps' : 'smtp';
  const encrypted = inc.security !== 'none' && out.security !== 'none';
  const user = inc.protocol === 'pop3' ? 'pop_user' : 'imap_user';
  const pass = inc.protocol === 'pop3' ? 'pop_pass' : 'imap_pass';
  const lines = [
    `# NeoMutt account ${account.email} (written by MailSetup). Keep this file private (mode 0600).`,
    '# The password is read from the OS keychain when NeoMutt starts; it is not in this file.',
    `set real_name = ${muttString(account.displayName)}`,
    `set from = ${muttString(account.email)}`,
    `set ${user} = ${muttString(inc.username)}`,
    `set ${pass} = ${muttCommand(passwordCommand(options.platform, account.keychainUser))}`,
    `set folder = ${muttString(`${inScheme}://${urlHost(inc.host)}:${inc.port}/`)}`,
    'set spool_file = "+INBOX"',
  ];
  if (inc.protocol === 'imap') lines.push('set record = "+Sent"', 'set postponed = "+Drafts"');
  lines.push(
    `set smtp_url = ${muttString(`${outScheme}://${urlUser(out.username)}@${urlHost(out.host)}:${out.port}/`)}`,
    account.separateSmtpPassword
      ? `set smtp_pass = ${muttCommand(passwordCommand(options.platform, account.smtpKeychainUser))}`
      : `set smtp_pass = $${pass}`,
    `set ssl_force_tls = ${encrypted ? 'yes' : 'no'}`,
    `set ssl_starttls = ${encrypted ? 'yes' : 'no'}`,
    '',
  );
  return lines.join('\n');
}

export async function exportMutt(account: PreparedAccount, options: ExportOptions): Promise<Result<ExportOutput>> {
  return ok({ files: [textFile('neomuttrc', 'text/plain', muttrc(account, options), 0o600)], warnings: [] });
}
