// cpanelAddMailbox: a password (given, or generated to the server's required strength),
// Email::add_pop, the password into the keychain as `save` does, the real connection
// test against get_client_settings, and the account saved only when the test passes.
import type { CpanelAddMailboxResult } from '../../shared/cpanel.js';
import { parseEmail } from '../../shared/email.js';
import { fail, ok, type Result } from '../../shared/errors.js';
import type { MailConfig } from '../../shared/model.js';
import type { ServerSpec } from '../../shared/probe.js';
import { createAccountHandlers } from '../accounts/handlers.js';
import { recordLastTest } from '../accounts/last-test.js';
import type { Deps } from '../deps.js';
import type { Handler } from '../handler-types.js';
import { passwordUser } from '../keychain/secret-store.js';
import { createTestHandler } from '../probe/handler.js';
import { clientSettingsToConfig } from './client-settings.js';
import { generatePassword } from './password.js';
import { openSessionForDomain, type CpanelSession } from './session.js';
import { toNumber } from './uapi-envelope.js';

export const DEFAULT_REQUIRED_STRENGTH = 65;

async function requiredStrength(session: CpanelSession, signal?: AbortSignal): Promise<Result<number>> {
  const got = await session.call('PasswdStrength', 'get_required_strength', { app: 'pop' }, signal);
  if (!got.ok) return got;
  const strength = toNumber((got.value.data as { strength?: unknown } | null)?.strength);
  return ok(strength !== undefined && strength >= 0 && strength <= 100 ? strength : DEFAULT_REQUIRED_STRENGTH);
}

/** cPanel's own words on a refused add_pop, plus what to do about each kind. */
function explainAddFailure(email: string, error: Result<never> & { ok: false }): Result<never> {
  const said = error.error.serverSays ?? error.error.message;
  const fix = /strength/i.test(said)
    ? 'Choose a longer password mixing upper and lower case, digits and symbols, or leave out --password-stdin to get a generated one.'
    : /exist/i.test(said)
      ? `The mailbox already exists. To set it up on this computer, run: printf %s "$PASS" | mailsetup test ${email} --password-stdin --save`
      : /quota/i.test(said)
        ? 'Choose a smaller --quota (in MB), or ask your hosting provider to raise the account\'s mailbox quota limit.'
        : error.error.fix;
  return { ok: false, error: { ...error.error, message: `cPanel did not create ${email}: ${said}`, ...(fix ? { fix } : {}) } };
}

function specOf(s: { host: string; port: number; security: ServerSpec['security'] }): ServerSpec {
  return { host: s.host, port: s.port, security: s.security };
}

export async function clientConfigFor(session: CpanelSession, email: string, signal?: AbortSignal): Promise<Result<MailConfig>> {
  const settings = await session.call('Email', 'get_client_settings', { account: email }, signal);
  if (!settings.ok) return settings;
  return clientSettingsToConfig(settings.value.data, session.connection.url, email);
}

export function createAddMailboxHandler(deps: Deps): Handler<'cpanelAddMailbox'> {
  return async (params, ctx) => {
    const parsed = parseEmail(params.email);
    if (!parsed.ok) return parsed;
    const { email, localPart, domain } = parsed.value;
    const session = await openSessionForDomain(deps, domain, params.connection);
    if (!session.ok) return session;
    // The keychain must work before the mailbox exists: a generated password that cannot
    // be stored would be lost with the mailbox already created.
    const reachable = await deps.keychain.get(passwordUser(email));
    if (!reachable.ok) return reachable;

    const required = await requiredStrength(session.value, ctx.signal);
    if (!required.ok) return required;
    const generated = params.password === undefined;
    let password = params.password ?? generatePassword(required.value);
    const add = (pw: string) =>
      session.value.call('Email', 'add_pop', { email: localPart, domain, password: pw, ...(params.quotaMb !== undefined ? { quota: params.quotaMb } : {}) }, ctx.signal);
    let created = await add(password);
    if (!created.ok && generated && /strength/i.test(created.error.serverSays ?? '')) {
      // The server's own checker (cracklib, its word list) may still refuse: once more, longer.
      password = generatePassword(100, 32);
      created = await add(password);
    }
    if (!created.ok) return created.error.code === 'CPANEL_API_ERROR' ? explainAddFailure(email, created) : created;

    const config = await clientConfigFor(session.value, email, ctx.signal);
    if (!config.ok) return fail(config.error.code, `${email} was created, but its settings could not be read: ${config.error.message}`, config.error);
    const imap = config.value.incoming.find((s) => s.protocol === 'imap') ?? config.value.incoming[0];
    const smtp = config.value.outgoing[0];
    if (!imap || !smtp) return fail('CPANEL_API_ERROR', `${email} was created, but cPanel gave no server settings for it.`);
    const username = imap.username;

    const stored = await deps.keychain.set(passwordUser(email), password);
    if (!stored.ok) {
      return fail(stored.error.code, `${email} was created, but its password could not be stored in the keychain: ${stored.error.message}`, {
        fix: 'Set a new password for the mailbox in cPanel, then save it with mailsetup save.',
      });
    }

    const tested = await createTestHandler(deps)(
      { email, password, imap: specOf(imap), smtp: specOf(smtp), ...(username !== email ? { username } : {}), ...(params.resolver ? { resolver: params.resolver } : {}) },
      ctx,
    );
    if (!tested.ok) return tested;
    const report = tested.value;
    report.source = 'cpanel';
    let saved = false;
    if (report.ok) {
      const account = await createAccountHandlers(deps).save(
        { email, password, imap: specOf(imap), smtp: specOf(smtp), source: 'cpanel', ...(username !== email ? { username } : {}) },
        ctx,
      );
      saved = account.ok;
      report.saved = account.ok ? { ok: true } : { ok: false, message: account.error.message };
      if (account.ok) await recordLastTest(deps, email, { at: new Date().toISOString(), ok: true, summary: report.summary }).catch(() => undefined);
    } else {
      report.saved = { ok: false, message: 'not saved: the mailbox exists but did not pass the connection test' };
    }
    const result: CpanelAddMailboxResult = { email, created: true, requiredStrength: required.value, saved, test: report, ...(generated ? { generatedPassword: password } : {}) };
    return ok(result);
  };
}
