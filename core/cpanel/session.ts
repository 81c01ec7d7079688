// A stored connection ready to call: its token from the keychain, its pinned
// fingerprint, the system resolver and the trusted CAs.
import { fail, ok, type Result } from '../../shared/errors.js';
import type { Deps } from '../deps.js';
import { parseConnectionUrl } from './connection-url.js';
import { pickConnection, readConnections, type StoredConnection } from './connection-store.js';
import { tokenStore, tokenUser } from './token-store.js';
import { callUapi, type UapiParams, type UapiSuccess, type UapiTarget } from './uapi-client.js';

export interface CpanelSession {
  connection: StoredConnection;
  call(module: string, func: string, params?: UapiParams, signal?: AbortSignal): Promise<Result<UapiSuccess>>;
}

export function sessionFor(deps: Deps, target: UapiTarget): CpanelSession['call'] {
  const resolver = deps.makeResolver();
  return (module, func, params = {}, signal) => callUapi(target, module, func, params, { extraCa: deps.extraCa, lookup: resolver.lookup, ...(signal ? { signal } : {}) });
}

export async function openSession(deps: Deps, connection: StoredConnection): Promise<Result<CpanelSession>> {
  const address = parseConnectionUrl(connection.url);
  if (!address.ok) return address;
  const store = tokenStore(deps);
  if (!store.ok) return store;
  const token = await store.value.get(tokenUser(connection.user, connection.name));
  if (!token.ok) return token;
  if (token.value === null) {
    return fail('CPANEL_NOT_CONNECTED', `The API token of ${connection.user} at ${connection.name} is not in the keychain.`, {
      fix: `Connect again: mailsetup cpanel connect ${connection.url} --user ${connection.user} --token-stdin`,
    });
  }
  const target: UapiTarget = {
    host: address.value.host,
    port: address.value.port,
    user: connection.user,
    token: token.value,
    ...(connection.pinnedFingerprint ? { pinnedFingerprint: connection.pinnedFingerprint } : {}),
  };
  return ok({ connection, call: sessionFor(deps, target) });
}

/** Reads the connections file, picks one (by name, or the only one) and opens it. */
export async function openNamedSession(deps: Deps, wanted?: string): Promise<Result<CpanelSession>> {
  const all = await readConnections(deps.configDir);
  if (!all.ok) return all;
  const picked = pickConnection(all.value, wanted);
  if (!picked.ok) return picked;
  return openSession(deps, picked.value);
}

/** The connection for a mail domain: the one named, else the one whose domains hold it. */
export async function openSessionForDomain(deps: Deps, domain: string, wanted?: string): Promise<Result<CpanelSession>> {
  if (wanted !== undefined && wanted !== '') {
    const named = await openNamedSession(deps, wanted);
    if (named.ok && !named.value.connection.domains.includes(domain)) {
      return fail('CPANEL_NOT_CONNECTED', `${domain} is not one of the mail domains of ${named.value.connection.name} (${named.value.connection.domains.join(', ') || 'none'}).`, {
        fix: `If it was added in cPanel since, run: mailsetup cpanel refresh ${named.value.connection.name}`,
      });
    }
    return named;
  }
  const all = await readConnections(deps.configDir);
  if (!all.ok) return all;
  const match = all.value.find((c) => c.domains.includes(domain));
  if (!match) {
    return fail('CPANEL_NOT_CONNECTED', `No cPanel connection manages ${domain}.`, {
      fix: all.value.length === 0 ? 'Connect first: mailsetup cpanel connect https://HOST --user USER --token-stdin' : 'If the domain was added in cPanel since you connected, refresh the connection: mailsetup cpanel refresh CONNECTION',
    });
  }
  return openSession(deps, match);
}
