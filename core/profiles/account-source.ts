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

/**
 * The account to export: the saved one with the request's settings laid over it.
 * Pure, so the merge rules are tested without a keychain.
 */
export function mergeAccount(params: ExportParams, saved: Account | null): Result<Account> {
  const parsed = parseEmail(params.email);
  if (!parsed.ok) return parsed;
  const email = parsed.value.email;
  if (saved === null && (params.imap === undefined || params.smtp === undefined)) {
    return fail('ACCOUNT_NOT_FOUND', `No saved account for ${email}.`, {
      fix: 'Save it first (mailsetup save), or give both servers: --imap HOST:PORT:SECURITY --smtp HOST:PORT:SECURITY.',
    });
  }
  const user = (savedUser: string | undefined): string => params.username ?? savedUser ?? email;
  const incoming: IncomingServer = params.imap
    ? { protocol: 'imap', ...params.imap, username: user(saved?.incoming.username), auth: ['password-cleartext'] }
    : { ...saved!.incoming, username: user(saved!.incoming.username) };
  const outgoing: OutgoingServer = params.smtp
    ? { protocol: 'smtp', ...params.smtp, username: user(saved?.outgoing.username), auth: ['password-cleartext'] }
    : { ...saved!.outgoing, username: user(saved!.outgoing.username) };
  const epoch = new Date(0).toISOString();
  const displayName = params.displayName ?? saved?.displayName;
  return ok({
    email: saved?.email ?? email,
    ...(displayName !== undefined ? { displayName } : {}),
    incoming,
    outgoing,
    separateSmtpPassword: saved?.separateSmtpPassword ?? false,
    createdAt: saved?.createdAt ?? epoch,
    updatedAt: saved?.updatedAt ?? epoch,
  });
}

export async function resolveAccount(deps: Deps, params: ExportParams): Promise<Result<Account>> {
  const parsed = parseEmail(params.email);
  if (!parsed.ok) return parsed;
  const saved = await findSavedAccount(deps, parsed.value.email);
  if (!saved.ok) {
    // Settings on the command line do not need the saved accounts at all.
    if (params.imap !== undefined && params.smtp !== undefined) return mergeAccount(params, null);
    return fail(saved.error.code, `Could not read the saved accounts: ${saved.error.message}`, {
      fix: saved.error.fix ?? 'Give the settings directly: --imap HOST:PORT:SECURITY --smtp HOST:PORT:SECURITY.',
    });
  }
  return mergeAccount(params, saved.value);
}
