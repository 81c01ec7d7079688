// Which servers a saved account uses: the ones given, or discovery's recommendation
// (configs[0]: its first imap entry, else pop3, and its first outgoing entry).
import type { Account, SaveParams } from '../../shared/accounts.js';
import { fail, ok, type Result } from '../../shared/errors.js';
import type { IncomingServer, OutgoingServer } from '../../shared/model.js';
import type { ServerSpec } from '../../shared/probe.js';
import type { Deps } from '../deps.js';
import { createDiscoverHandler } from '../discover/handler.js';
import type { HandlerContext } from '../handler-types.js';

export interface ChosenSettings {
  incoming: IncomingServer;
  outgoing: OutgoingServer;
  source: NonNullable<Account['source']>;
}

export async function chooseSettings(deps: Deps, email: string, params: SaveParams, ctx: HandlerContext): Promise<Result<ChosenSettings>> {
  const username = params.username ?? email;
  const given = (spec: ServerSpec, protocol: 'imap' | 'smtp') => ({ protocol, ...spec, username, auth: ['password-cleartext' as const] });
  if (params.imap && params.smtp) {
    return ok({ incoming: given(params.imap, 'imap') as IncomingServer, outgoing: given(params.smtp, 'smtp') as OutgoingServer, source: params.source ?? 'manual' });
  }

  const found = await createDiscoverHandler(deps)({ email, ...(params.resolver ? { resolver: params.resolver } : {}) }, ctx);
  if (!found.ok) {
    return fail(found.error.code, `Could not find the settings of ${email} to save: ${found.error.message}`, {
      fix: 'Give them yourself with --imap HOST:PORT:SECURITY and --smtp HOST:PORT:SECURITY.',
      ...(found.error.serverSays ? { serverSays: found.error.serverSays } : {}),
    });
  }
  const best = found.value.configs[0];
  const incoming = best?.incoming.find((s) => s.protocol === 'imap') ?? best?.incoming.find((s) => s.protocol === 'pop3');
  const outgoing = best?.outgoing[0];
  if (!best || (!incoming && !params.imap) || (!outgoing && !params.smtp)) {
    return fail('DISCOVERY_FAILED', `Discovery found no complete server settings for ${email}.`, {
      fix: 'Give them yourself with --imap HOST:PORT:SECURITY and --smtp HOST:PORT:SECURITY.',
    });
  }
  // A server given on the command line wins over the discovered one.
  const withUser = <S extends IncomingServer | OutgoingServer>(s: S): S => (params.username ? { ...s, username } : s);
  return ok({
    incoming: params.imap ? (given(params.imap, 'imap') as IncomingServer) : withUser(incoming as IncomingServer),
    outgoing: params.smtp ? (given(params.smtp, 'smtp') as OutgoingServer) : withUser(outgoing as OutgoingServer),
    source: best.source,
  });
}
