// cpanelConnect / cpanelList / cpanelDisconnect / cpanelRefresh / cpanelMailboxes.
// Connect checks the token (Variables::get_user_information, no feature needed), reads
// the mail domains, and only then stores: token in the keychain, the rest in cpanel.json.
import type { CpanelConnection, CpanelMailbox } from '../../shared/cpanel.js';
import { toAsciiDomain } from '../../shared/email.js';
import { fail, ok, type Result } from '../../shared/errors.js';
import { KeychainChanges } from '../accounts/keychain-changes.js';
import type { Deps } from '../deps.js';
import type { Handler } from '../handler-types.js';
import { normalizeFingerprint } from '../probe/tls-inspect.js';
import { parseConnectionUrl } from './connection-url.js';
import { pickConnection, readConnections, updateConnections, type StoredConnection } from './connection-store.js';
import { openNamedSession, sessionFor, type CpanelSession } from './session.js';
import { tokenStore, tokenUser } from './token-store.js';
import { toNumber } from './uapi-envelope.js';

export interface ConnectionHandlers {
  cpanelConnect: Handler<'cpanelConnect'>;
  cpanelList: Handler<'cpanelList'>;
  cpanelDisconnect: Handler<'cpanelDisconnect'>;
  cpanelRefresh: Handler<'cpanelRefresh'>;
  cpanelMailboxes: Handler<'cpanelMailboxes'>;
}

const USER = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;
const TOKEN = /^[A-Za-z0-9]{16,256}$/;

/** Email::list_mail_domains → ASCII domain names, main domain first as cPanel lists them. */
async function readDomains(call: CpanelSession['call'], signal?: AbortSignal): Promise<Result<string[]>> {
  const listed = await call('Email', 'list_mail_domains', {}, signal);
  if (!listed.ok) return listed;
  const rows = Array.isArray(listed.value.data) ? (listed.value.data as unknown[]) : [];
  const domains = rows
    .map((r) => (typeof r === 'object' && r !== null ? (r as { domain?: unknown }).domain : undefined))
    .filter((d): d is string => typeof d === 'string')
    .map((d) => toAsciiDomain(d) ?? d.toLowerCase());
  return ok([...new Set(domains)]);
}

function publicView(c: StoredConnection): CpanelConnection {
  return { url: c.url, user: c.user, domains: c.domains };
}

/** list_pops_with_disk row → { email, diskUsedBytes, diskQuotaBytes } (0 = unlimited → null). */
export function toMailbox(row: unknown): CpanelMailbox | null {
  if (typeof row !== 'object' || row === null) return null;
  const r = row as Record<string, unknown>;
  const email = typeof r.email === 'string' ? r.email : undefined;
  if (!email || !email.includes('@')) return null;
  const used = toNumber(r._diskused) ?? (toNumber(r.diskused) ?? 0) * 1024 * 1024;
  const quota = toNumber(r._diskquota);
  return { email, diskUsedBytes: Math.round(used), diskQuotaBytes: quota === undefined || quota === 0 ? null : Math.round(quota) };
}

export async function listMailboxes(session: CpanelSession, domain?: string, signal?: AbortSignal): Promise<Result<CpanelMailbox[]>> {
  const listed = await session.call('Email', 'list_pops_with_disk', domain ? { domain } : {}, signal);
  if (!listed.ok) return listed;
  const rows = Array.isArray(listed.value.data) ? (listed.value.data as unknown[]) : [];
  return ok(rows.map(toMailbox).filter((m): m is CpanelMailbox => m !== null));
}

export function createConnectionHandlers(deps: Deps): ConnectionHandlers {
  return {
    cpanelConnect: async (params, ctx) => {
      const address = parseConnectionUrl(params.url);
      if (!address.ok) return address;
      if (!USER.test(params.user)) return fail('BAD_INPUT', 'The cPanel user name may hold only letters, digits, ".", "_" and "-".');
      if (!TOKEN.test(params.token)) {
        return fail('BAD_INPUT', 'That does not look like a cPanel API token (letters and digits, 32 characters as cPanel makes them).', {
          fix: 'Copy the token from cPanel » Security » Manage API Tokens and pipe it in on standard input.',
        });
      }
      let pinned: string | undefined;
      if (params.trustFingerprint !== undefined) {
        pinned = normalizeFingerprint(params.trustFingerprint);
        if (pinned.length !== 64) return fail('BAD_INPUT', 'A trusted fingerprint must be a SHA-256 fingerprint: 64 hex digits, colons allowed.');
      }
      const store = tokenStore(deps);
      if (!store.ok) return store;
      const { host, port, name, url } = address.value;
      const call = sessionFor(deps, { host, port, user: params.user, token: params.token, ...(pinned ? { pinnedFingerprint: pinned } : {}) });
      const who = await call('Variables', 'get_user_information', { name: ['user', 'domain'] }, ctx.signal);
      if (!who.ok) return who;
      const domains = await readDomains(call, ctx.signal);
      if (!domains.ok) return domains;

      const changes = new KeychainChanges(store.value);
      const stored = await changes.set(tokenUser(params.user, name), params.token);
      if (stored) return { ok: false, error: stored };
      const now = new Date().toISOString();
      const saved = await updateConnections(deps.configDir, (list) => {
        const previous = list.find((c) => c.name === name && c.user === params.user);
        const connection: StoredConnection = {
          url,
          name,
          user: params.user,
          domains: domains.value,
          ...(pinned ? { pinnedFingerprint: pinned } : {}),
          createdAt: previous?.createdAt ?? now,
          updatedAt: now,
        };
        return ok({ connections: [...list.filter((c) => c !== previous), connection], value: connection });
      });
      if (!saved.ok) {
        await changes.undo();
        return saved;
      }
      return ok({ url, user: params.user, domains: domains.value, certificate: who.value.certificate });
    },

    cpanelList: async () => {
      const all = await readConnections(deps.configDir);
      return all.ok ? ok({ connections: all.value.map(publicView) }) : all;
    },

    cpanelDisconnect: async (params) => {
      const all = await readConnections(deps.configDir);
      if (!all.ok) return all;
      const picked = pickConnection(all.value, params.connection);
      if (!picked.ok) return picked;
      const c = picked.value;
      const store = tokenStore(deps);
      if (!store.ok) return store;
      // Keychain first: when it is locked nothing is removed and the user can retry.
      const removed = await store.value.delete(tokenUser(c.user, c.name));
      if (!removed.ok) return removed;
      const saved = await updateConnections(deps.configDir, (list) => ok({ connections: list.filter((x) => !(x.name === c.name && x.user === c.user)), value: undefined }));
      if (!saved.ok) return saved;
      return ok({ url: c.url, user: c.user, removedToken: removed.value });
    },

    cpanelRefresh: async (params, ctx) => {
      const session = await openNamedSession(deps, params.connection);
      if (!session.ok) return session;
      const c = session.value.connection;
      const domains = await readDomains(session.value.call, ctx.signal);
      if (!domains.ok) return domains;
      const saved = await updateConnections(deps.configDir, (list) => {
        const updated = list.map((x) => (x.name === c.name && x.user === c.user ? { ...x, domains: domains.value, updatedAt: new Date().toISOString() } : x));
        return ok({ connections: updated, value: undefined });
      });
      if (!saved.ok) return saved;
      return ok({ url: c.url, user: c.user, domains: domains.value });
    },

    cpanelMailboxes: async (params, ctx) => {
      const session = await openNamedSession(deps, params.connection);
      if (!session.ok) return session;
      const mailboxes = await listMailboxes(session.value, undefined, ctx.signal);
      if (!mailboxes.ok) return mailboxes;
      return ok({ url: session.value.connection.url, user: session.value.connection.user, mailboxes: mailboxes.value });
    },
  };
}

