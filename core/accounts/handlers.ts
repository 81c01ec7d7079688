// save / accounts / forget: the password goes to the keychain, everything else to
// accounts.json. Order of a save: the secret first, then the settings; when the
// settings cannot be written, the keychain is put back as it was. Order of a forget:
// the new settings file is prepared first, the secrets removed last, and put back
// when the file cannot be put in place.
import type { Account } from '../../shared/accounts.js';
import { parseEmail } from '../../shared/email.js';
import { fail, ok } from '../../shared/errors.js';
import type { Deps } from '../deps.js';
import type { Handler } from '../handler-types.js';
import { passwordUser, smtpPasswordUser } from '../keychain/secret-store.js';
import { readAccounts, updateAccounts } from './accounts-file.js';
import { chooseSettings } from './settings.js';
import { KeychainChanges } from './keychain-changes.js';

export interface AccountHandlers {
  save: Handler<'save'>;
  accounts: Handler<'accounts'>;
  forget: Handler<'forget'>;
}

export function createAccountHandlers(deps: Deps): AccountHandlers {
  return {
    save: async (params, ctx) => {
      const parsed = parseEmail(params.email);
      if (!parsed.ok) return parsed;
      const email = parsed.value.email;

      const known = await readAccounts(deps.configDir, { moveAsideDamaged: true });
      if (!known.ok) return known;
      const previous = known.value.find((a) => a.email === email);

      const settings = await chooseSettings(deps, email, params, ctx);
      if (!settings.ok) return settings;

      const separateSmtp = params.smtpPassword !== undefined && params.smtpPassword !== params.password;
      const changes = new KeychainChanges(deps.keychain);
      const stored =
        (await changes.set(passwordUser(email), params.password)) ??
        (separateSmtp ? await changes.set(smtpPasswordUser(email), params.smtpPassword as string) : await changes.remove(smtpPasswordUser(email)));
      if (stored) {
        await changes.undo();
        return { ok: false, error: stored };
      }

      const now = new Date().toISOString();
      const saved = await updateAccounts<Account>(deps.configDir, (accounts) => {
        const existing = accounts.find((a) => a.email === email);
        const account: Account = {
          email,
          ...(params.displayName !== undefined ? { displayName: params.displayName } : existing?.displayName !== undefined ? { displayName: existing.displayName } : {}),
          incoming: settings.value.incoming,
          outgoing: settings.value.outgoing,
          separateSmtpPassword: separateSmtp,
          source: settings.value.source,
          createdAt: existing?.createdAt ?? previous?.createdAt ?? now,
          updatedAt: now,
          // No lastTest: a new password or new servers make the last result meaningless.
        };
        return ok({ accounts: [...accounts.filter((a) => a.email !== email), account], value: account });
      });
      if (!saved.ok) await changes.undo();
      return saved;
    },

    accounts: async () => readAccounts(deps.configDir),

    forget: async (params) => {
      const parsed = parseEmail(params.email);
      if (!parsed.ok) return parsed;
      const email = parsed.value.email;
      const changes = new KeychainChanges(deps.keychain);
      const removedSettings = await updateAccounts<boolean>(
        deps.configDir,
        (accounts) => {
          const rest = accounts.filter((a) => a.email !== email);
          return ok({ accounts: rest, value: rest.length !== accounts.length });
        },
        {
          // Forgetting never starts a fresh list: a damaged file is reported and left alone.
          moveAsideDamaged: false,
          beforeCommit: async () => {
            for (const user of [passwordUser(email), smtpPasswordUser(email)]) {
              const refused = await changes.remove(user);
              if (refused) {
                await changes.undo();
                return { ok: false, error: refused };
              }
            }
            return ok(undefined);
          },
          undoBeforeCommit: () => changes.undo(),
        },
      );
      if (!removedSettings.ok) return removedSettings;
      const removedSecrets = changes.count;
      if (removedSecrets === 0 && !removedSettings.value) {
        return fail('ACCOUNT_NOT_FOUND', `No saved account for ${email}; nothing was removed.`, { fix: 'See the saved accounts with `mailsetup accounts`.' });
      }
      return ok({ email, removedSecrets, removedSettings: removedSettings.value });
    },
  };
}
