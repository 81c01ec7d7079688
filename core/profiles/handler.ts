// The `export` capability: resolve the account, read the password from the keychain
// only when the user asked to include it, then run the pure exporter.
import { fail, ok, type Result } from '../../shared/errors.js';
import type { ExportParams } from '../../shared/profiles.js';
import type { Account } from '../../shared/accounts.js';
import type { Deps } from '../deps.js';
import type { Handler } from '../handler-types.js';
import { passwordUser, smtpPasswordUser } from '../keychain/secret-store.js';
import { resolveAccount } from './account-source.js';
import { exportAccount } from './export-account.js';
import { defaultPlatform } from './keychain-command.js';
import type { ExportOptions } from './types.js';

async function passwordsFor(deps: Deps, account: Account, params: ExportParams): Promise<Result<{ incoming: string; outgoing: string }>> {
  let incoming = params.password;
  if (incoming === undefined) {
    const stored = await deps.keychain.get(passwordUser(account.email));
    if (!stored.ok) return stored;
    if (stored.value === null) {
      return fail('PASSWORD_MISSING', `No password for ${account.email} in the keychain.`, { fix: 'Pipe it in with --password-stdin.' });
    }
    incoming = stored.value;
  }
  let outgoing = params.smtpPassword ?? incoming;
  if (account.separateSmtpPassword && params.smtpPassword === undefined) {
    const stored = await deps.keychain.get(smtpPasswordUser(account.email));
    if (!stored.ok) return stored;
    outgoing = stored.value ?? incoming;
  }
  return ok({ incoming, outgoing });
}

export function createExportHandler(deps: Deps): Handler<'export'> {
  return async (params) => {
    if (params.includePassword !== true && (params.password !== undefined || params.smtpPassword !== undefined)) {
      return fail('BAD_USAGE', 'A password was given without --include-password; exports never hold a password otherwise.');
    }
    if ((params.signCertPem === undefined) !== (params.signKeyPem === undefined)) {
      return fail('BAD_USAGE', 'Signing needs both --sign-cert and --sign-key.');
    }
    if (params.signCertPem !== undefined && params.format !== 'apple') {
      return fail('BAD_USAGE', 'Only the apple format can be signed.');
    }
    const account = await resolveAccount(deps, params);
    if (!account.ok) return account;
    const options: ExportOptions = {
      platform: params.platform ?? defaultPlatform(),
      client: params.client ?? 'apple',
      ...(params.profileUrl !== undefined ? { profileUrl: params.profileUrl } : {}),
      ...(params.signCertPem !== undefined && params.signKeyPem !== undefined ? { signing: { certPem: params.signCertPem, keyPem: params.signKeyPem } } : {}),
    };
    if (params.includePassword === true) {
      if (params.format !== 'apple') return fail('BAD_USAGE', '--include-password works only with --format apple.');
      if (!options.signing) {
        return fail('BAD_USAGE', 'A profile with the password must be signed: add --sign-cert and --sign-key.');
      }
      const passwords = await passwordsFor(deps, account.value, params);
      if (!passwords.ok) return passwords;
      options.passwords = passwords.value;
    }
    const out = await exportAccount(account.value, params.format, options);
    if (!out.ok) return out;
    return ok({ email: account.value.email, format: params.format, files: out.value.files, warnings: out.value.warnings });
  };
}
