// aerc accounts.conf section (profiles §5.2), written for aerc 0.14 (Debian 12) and
// later: STARTTLS submission is `smtp://` plus `smtp-starttls = true`, which 0.14
// needs and newer releases (where smtp:// already means STARTTLS) accept.
// aerc refuses the file unless it is mode 0600.
import { fail, ok, type Result } from '../../../shared/errors.js';
import { headerName, oneLine, urlUser } from '../escape.js';
import { passwordCommand } from '../keychain-command.js';
import { authKind } from '../mapping.js';
import { urlHost, type PreparedAccount } from '../prepared-account.js';
import type { ExportOptions, ExportOutput } from '../types.js';
import { textFile } from '../types.js';

const AUTH_SUFFIX = { password: '', encrypted: '', none: '+none', oauth2: '+oauthbearer' } as const;

export function aercConf(account: PreparedAccount, options: ExportOptions): Result<string> {
  const inc = account.incoming;
  const out = account.outgoing;
  if (inc.protocol !== 'imap') return fail('EXPORT_FAILED', 'aerc reads mail over IMAP; this account uses POP3.');
  const inKind = authKind(inc);
  const outKind = authKind(out);
  if (!(inKind in AUTH_SUFFIX) || !(outKind in AUTH_SUFFIX)) return fail('EXPORT_FAILED', 'aerc cannot use this account\'s authentication method.');
  const inScheme = { tls: 'imaps', starttls: 'imap', none: 'imap+insecure' }[inc.security];
  const outScheme = out.security === 'tls' ? 'smtps' : 'smtp';
  const outSuffix = AUTH_SUFFIX[outKind as keyof typeof AUTH_SUFFIX];
  const from = account.displayName !== '' ? `${headerName(account.displayName)} <${account.email}>` : account.email;
  const lines = [
    `# aerc account ${oneLine(account.email)} (written by MailSetup). aerc requires mode 0600.`,
    `[${account.email}]`,
    `source            = ${inScheme}://${urlUser(inc.username)}@${urlHost(inc.host)}:${inc.port}`,
    `source-cred-cmd   = ${passwordCommand(options.platform, account.keychainUser)}`,
    `outgoing          = ${outScheme}${outSuffix}://${urlUser(out.username)}@${urlHost(out.host)}:${out.port}`,
    `outgoing-cred-cmd = ${passwordCommand(options.platform, account.smtpKeychainUser)}`,
  ];
  if (out.security === 'starttls') lines.push('smtp-starttls     = true');
  lines.push('default           = INBOX', `from              = ${from}`, 'copy-to           = Sent', '');
  return ok(lines.join('\n'));
}

export async function exportAerc(account: PreparedAccount, options: ExportOptions): Promise<Result<ExportOutput>> {
  const conf = aercConf(account, options);
  if (!conf.ok) return conf;
  const warnings = account.outgoing.security === 'none' ? ['aerc 0.14 reads smtp:// as unencrypted; newer aerc needs smtp+insecure:// for that.'] : [];
  return ok({ files: [textFile('accounts.conf', 'text/plain', conf.value, 0o600)], warnings });
}
