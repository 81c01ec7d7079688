// The `test` capability: settings (given or discovered), password (given or from the
// keychain), the concurrent SMTP + IMAP test, then lastTest and optional save.
import { parseEmail } from '../../shared/email.js';
import type { MailSetupError } from '../../shared/errors.js';
import type { ServerSpec, TestParams } from '../../shared/probe.js';
import type { SourceName } from '../../shared/model.js';
import { createAccountHandlers } from '../accounts/handlers.js';
import { recordLastTest } from '../accounts/last-test.js';
import type { Deps } from '../deps.js';
import { createDiscoverHandler } from '../discover/handler.js';
import type { Handler, HandlerContext } from '../handler-types.js';
import { trustedContext } from '../net/tls-trust.js';
import type { DnsResolver } from '../net/types.js';
import { createRedactor } from './redact.js';
import { runConnectionTest } from './run-test.js';
import { normalizeFingerprint } from './tls-inspect.js';

export const DEFAULT_STEP_TIMEOUT_MS = 10_000;

type Failure = { ok: false; error: MailSetupError };

interface Settings {
  imap: ServerSpec;
  smtp: ServerSpec;
  username?: string;
  source?: SourceName;
}

function spec(s: { host: string; port: number; security: ServerSpec['security'] }): ServerSpec {
  return { host: s.host, port: s.port, security: s.security };
}

/** Given settings win; what is missing comes from discovery's recommendation. */
async function settingsFor(deps: Deps, params: TestParams, ctx: HandlerContext): Promise<Settings | Failure> {
  if (params.imap && params.smtp) return { imap: params.imap, smtp: params.smtp };
  const found = await createDiscoverHandler(deps)({ email: params.email, ...(params.resolver ? { resolver: params.resolver } : {}) }, ctx);
  if (!found.ok) return found;
  const best = found.value.configs[0];
  const imap = best?.incoming.find((s) => s.protocol === 'imap');
  const smtp = best?.outgoing[0];
  if (!best || (!params.imap && !imap) || (!params.smtp && !smtp)) {
    return { ok: false, error: { code: 'DISCOVERY_FAILED', message: `No IMAP/SMTP settings were found for ${params.email}.`, fix: 'Give them yourself: --imap HOST:993:tls --smtp HOST:587:starttls' } };
  }
  if (!best.secure) {
    // DESIGN.md: settings from an unauthenticated source are never used with credentials unconfirmed.
    const suggest = [imap && `--imap ${imap.host}:${imap.port}:${imap.security}`, smtp && `--smtp ${smtp.host}:${smtp.port}:${smtp.security}`].filter(Boolean).join(' ');
    return {
      ok: false,
      error: {
        code: 'TEST_FAILED',
        message: `The settings found for ${params.email} came from an unauthenticated source (${best.source}, ${best.url}); your password is not sent to them without your confirmation.`,
        fix: `If they look right, confirm them by giving them explicitly: ${suggest}`,
      },
    };
  }
  return {
    imap: params.imap ?? spec(imap!),
    smtp: params.smtp ?? spec(smtp!),
    username: imap?.username ?? smtp?.username,
    source: best.source,
  };
}

async function passwordsFor(deps: Deps, params: TestParams, keychainUser: string): Promise<{ imap: string; smtp: string } | Failure> {
  if (params.password !== undefined && params.password.length > 0) {
    return { imap: params.password, smtp: params.smtpPassword ?? params.password };
  }
  const stored = await deps.keychain.get(keychainUser);
  if (!stored.ok) return stored;
  if (stored.value === null) {
    return {
      ok: false,
      error: {
        code: 'PASSWORD_MISSING',
        message: `No password was given for ${keychainUser} and none is stored in the keychain.`,
        fix: 'Pipe it in: printf %s "$PASS" | mailsetup test EMAIL --password-stdin (or save the account first).',
      },
    };
  }
  let smtp = params.smtpPassword;
  if (smtp === undefined) {
    const separate = await deps.keychain.get(`${keychainUser}#smtp`);
    smtp = separate.ok && separate.value !== null ? separate.value : stored.value;
  }
  return { imap: stored.value, smtp };
}

export function createTestHandler(deps: Deps): Handler<'test'> {
  return async (params, ctx) => {
    const parsed = parseEmail(params.email);
    if (!parsed.ok) return parsed;
    const email = parsed.value.email;
    let resolver: DnsResolver;
    try {
      resolver = deps.makeResolver(params.resolver);
    } catch (e) {
      return { ok: false, error: { code: 'BAD_INPUT', message: e instanceof Error ? e.message : String(e), fix: 'Give the DNS server as an IP address with an optional port, e.g. --resolver 127.0.0.53:53.' } };
    }
    const fingerprints = new Set((params.trustFingerprints ?? []).map(normalizeFingerprint));
    if ([...fingerprints].some((f) => f.length !== 64)) {
      return { ok: false, error: { code: 'BAD_INPUT', message: 'A --trust-fingerprint must be a SHA-256 fingerprint: 64 hex digits, colons allowed.' } };
    }
    const settings = await settingsFor(deps, { ...params, email }, ctx);
    if ('ok' in settings) return settings;
    const passwords = await passwordsFor(deps, params, email);
    if ('ok' in passwords) return passwords;
    const username = params.username ?? settings.username ?? email;

    const report = await runConnectionTest(
      { email, username, imap: settings.imap, smtp: settings.smtp, imapPassword: passwords.imap, smtpPassword: passwords.smtp },
      {
        resolver,
        secureContext: trustedContext([...deps.extraCa, ...(params.caPem ? [params.caPem] : [])]),
        trustedFingerprints: fingerprints,
        timeoutMs: params.timeoutMs ?? DEFAULT_STEP_TIMEOUT_MS,
        redactor: createRedactor([passwords.imap, passwords.smtp]),
        ...(ctx.signal ? { signal: ctx.signal } : {}),
        onStep: (protocol, step) => ctx.emit?.('test:progress', { email, protocol, step }),
      },
    );
    if (settings.source) report.source = settings.source;

    if (params.save && report.ok) {
      const saved = await createAccountHandlers(deps).save(
        {
          email,
          password: passwords.imap,
          ...(passwords.smtp !== passwords.imap ? { smtpPassword: passwords.smtp } : {}),
          ...(params.username ? { username: params.username } : {}),
          ...(params.displayName ? { displayName: params.displayName } : {}),
          imap: settings.imap,
          smtp: settings.smtp,
          ...(params.resolver ? { resolver: params.resolver } : {}),
          ...((settings.source ?? params.source) ? { source: settings.source ?? params.source } : {}),
        },
        ctx,
      );
      report.saved = saved.ok ? { ok: true } : { ok: false, message: saved.error.message };
    } else if (params.save) {
      report.saved = { ok: false, message: 'not saved: the test did not pass' };
    }
    // After a save, so a new account gets its first result. Not saved at all: ACCOUNT_NOT_FOUND,
    // which (like any storage hiccup) must not spoil the report.
    await recordLastTest(deps, email, { at: new Date().toISOString(), ok: report.ok, summary: report.summary }).catch(() => undefined);
    return { ok: true, value: report };
  };
}
