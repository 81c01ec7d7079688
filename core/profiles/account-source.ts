// Where the exported account comes from: a saved account (found by address), settings
// given with the request, or both (the given settings override the saved ones).
import type { Account } from '../../shared/accounts.js';
import { parseEmail } from '../../shared/email.js';
import { fail, ok, type Result } from '../../shared/errors.js';
import type { IncomingServer, OutgoingServer } from '../../shared/model.js';
import type { ExportParams } from '../../shared/profiles.js';
import type { Deps } from '../deps.js';
import { createAccountHandlers } from '../accounts/handlers.js';

export async function findSavedAccount(deps: Deps, email: string): Promise<Result<Account | null>> {
  const reply = await createAccountHandlers(deps).accounts({}, {});
  if (!reply.ok) return reply;
  const wanted = email.toLowerCase();
  return ok(reply.value.find((a) => a.email.toLowerCase() === wanted) ?? null);
}

export async function resolveAccount(deps: Deps, params: ExportParams): Promise<Result<Account>> {
  const parsed = parseEmail(params.email);
  if (!parsed.ok) return parsed;
  const email = parsed.value.email;
  const given = params.imap !== undefined && params.smtp !== undefined;
  const saved = await findSavedAccount(deps, email);
  if (!saved.ok && !given) {
    return fail(saved.error.code, `Could not read the saved accounts: ${saved.error.message}`, {
      fix: 'Give the settings directly: --imap HOST:PORT:SECURITY --smtp HOST:PORT:SECURITY.',
    });
  }
  const base = saved.ok ? saved.value : null;
  if (base === null && !given) {
    return fail('ACCOUNT_NOT_FOUND', `No saved account for ${email}.`, {
      fix: 'Save it first (mailsetup save), or give the settings: --imap HOST:PORT:SECURITY --smtp HOST:PORT:SECURITY.',
    });
  }
  const username = params.username ?? base?.incoming.username ?? email;
  const incoming: IncomingServer = params.imap
    ? { protocol: 'imap', ...params.imap, username, auth: ['password-cleartext'] }
    : { ...base!.incoming, ...(params.username ? { username } : {}) };
  const outgoing: OutgoingServer = params.smtp
    ? { protocol: 'smtp', ...params.smtp, username: params.username ?? base?.outgoing.username ?? email, auth: ['password-cleartext'] }
    : { ...base!.outgoing, ...(params.username ? { username } : {}) };
  const now = new Date(0).toISOString();
  const displayName = params.displayName ?? base?.displayName;
  return ok({
    email: base?.email ?? email,
    ...(displayName !== undefined ? { displayName } : {}),
    incoming,
    outgoing,
    separateSmtpPassword: base?.separateSmtpPassword ?? false,
    createdAt: base?.createdAt ?? now,
    updatedAt: base?.updatedAt ?? now,
  });
}
