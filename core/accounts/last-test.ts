// The result of the last connection test, kept on a saved account. Shared by the
// accounts capability and the `test` capability, which records what it found.
import type { LastTest } from '../../shared/accounts.js';
import { parseEmail } from '../../shared/email.js';
import { ok, type MailSetupError, type Result } from '../../shared/errors.js';
import type { Deps } from '../deps.js';
import { updateAccounts } from './accounts-file.js';

/** Records the outcome of a connection test on a saved account (ACCOUNT_NOT_FOUND when it is not saved). */
export async function recordLastTest(deps: Deps, email: string, lastTest: LastTest): Promise<Result<void>> {
  const parsed = parseEmail(email);
  if (!parsed.ok) return parsed;
  const address = parsed.value.email;
  return updateAccounts<void>(
    deps.configDir,
    (accounts) => {
      const account = accounts.find((a) => a.email === address);
      if (!account) return accountNotFound(address);
      return ok({ accounts: accounts.map((a) => (a === account ? { ...a, lastTest } : a)), value: undefined });
    },
    { moveAsideDamaged: false },
  );
}

export function accountNotFound(email: string): Result<never> {
  const error: MailSetupError = { code: 'ACCOUNT_NOT_FOUND', message: `No saved account for ${email}.`, fix: `Save it first with \`mailsetup save ${email} --password-stdin\`.` };
  return { ok: false, error };
}
