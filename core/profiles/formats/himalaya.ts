// himalaya v1 TOML configuration (profiles §5.5); the v2 line uses other keys, so the
// header names the generation. The password comes from the keychain command.
import { fail, ok, type Result } from '../../../shared/errors.js';
import { oneLine, tomlString } from '../escape.js';
import { passwordCommand } from '../keychain-command.js';
import { authKind } from '../mapping.js';
import type { PreparedAccount } from '../prepared-account.js';
import type { ExportOptions, ExportOutput } from '../types.js';
import { textFile } from '../types.js';

const ENCRYPTION = { tls: 'tls', starttls: 'start-tls', none: 'none' } as const;

export function himalayaToml(account: PreparedAccount, options: ExportOptions): Result<string> {
  const inc = account.incoming;
  const out = account.outgoing;
  if (inc.protocol !== 'imap') return fail('EXPORT_FAILED', 'This himalaya export covers IMAP accounts; this account uses POP3.');
  if (![inc, out].every((s) => authKind(s) === 'password' || authKind(s) === 'encrypted')) {
    return fail('EXPORT_FAILED', 'himalaya\'s password backend cannot use this account\'s authentication method.');
  }
  const section = `accounts.${tomlString(account.email)}`;
  return ok(
    [
      `# himalaya v1.x account for ${oneLine(account.email).replace(/\n/g, ' ')} (written by MailSetup). Keep this file mode 0600.`,
      `[${section}]`,
      `email = ${tomlString(account.email)}`,
      ...(account.displayName !== '' ? [`display-name = ${tomlString(account.displayName)}`] : []),
      'default = true',
      'backend.type = "imap"',
      `backend.host = ${tomlString(inc.host)}`,
      `backend.port = ${inc.port}`,
      `backend.encryption.type = ${tomlString(ENCRYPTION[inc.security])}`,
      `backend.login = ${tomlString(inc.username)}`,
      'backend.auth.type = "password"',
      `backend.auth.cmd = ${tomlString(passwordCommand(options.platform, account.keychainUser))}`,
      'message.send.backend.type = "smtp"',
      `message.send.backend.host = ${tomlString(out.host)}`,
      `message.send.backend.port = ${out.port}`,
      `message.send.backend.encryption.type = ${tomlString(ENCRYPTION[out.security])}`,
      `message.send.backend.login = ${tomlString(out.username)}`,
      'message.send.backend.auth.type = "password"',
      `message.send.backend.auth.cmd = ${tomlString(passwordCommand(options.platform, account.smtpKeychainUser))}`,
      '',
    ].join('\n'),
  );
}

export async function exportHimalaya(account: PreparedAccount, options: ExportOptions): Promise<Result<ExportOutput>> {
  const toml = himalayaToml(account, options);
  if (!toml.ok) return toml;
  return ok({ files: [textFile('config.toml', 'application/toml', toml.value, 0o600)], warnings: [] });
}
