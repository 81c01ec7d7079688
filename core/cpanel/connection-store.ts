// cpanel.json in the settings folder: each connection's non-secret data (URL, user,
// mail domains, a pinned certificate fingerprint). Written atomically under a lock,
// with the same helpers as accounts.json. The token is never here (token-store.ts).
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { fail, ok, type Result } from '../../shared/errors.js';
import { withLock } from '../accounts/accounts-file.js';
import { prepareWrite, storageError } from '../accounts/atomic-write.js';

import { CPANEL_FILE } from './file-name.js';

export { CPANEL_FILE };
const SCHEMA_VERSION = 1;

export interface StoredConnection {
  url: string;
  /** "host:port". */
  name: string;
  user: string;
  domains: string[];
  /** 64 upper-case hex digits, when the user trusted a certificate by fingerprint. */
  pinnedFingerprint?: string;
  createdAt: string;
  updatedAt: string;
}

const connectionSchema = z.object({
  url: z.string().url(),
  name: z.string().min(1),
  user: z.string().min(1),
  domains: z.array(z.string()),
  pinnedFingerprint: z.string().regex(/^[0-9A-F]{64}$/).optional(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
const fileSchema = z.object({ schemaVersion: z.literal(SCHEMA_VERSION), connections: z.array(connectionSchema) });

export function connectionsPath(configDir: string): string {
  return path.join(configDir, CPANEL_FILE);
}

async function load(configDir: string): Promise<Result<StoredConnection[]>> {
  const file = connectionsPath(configDir);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return ok([]);
    return storageError(`Could not read ${file}`, e);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    data = undefined;
  }
  const version = (data as { schemaVersion?: unknown } | undefined)?.schemaVersion;
  if (typeof version === 'number' && version > SCHEMA_VERSION) {
    return fail('METADATA_TOO_NEW', `${file} was written by a newer MailSetup (schema version ${version}). It was left untouched.`, { fix: 'Update MailSetup.' });
  }
  const parsed = fileSchema.safeParse(data);
  if (!parsed.success) {
    return fail('METADATA_CORRUPT', `The cPanel connections file ${file} is damaged; it was left untouched.`, {
      fix: `Move it aside and connect again (the tokens are still in the keychain).`,
    });
  }
  return ok(parsed.data.connections);
}

export function readConnections(configDir: string): Promise<Result<StoredConnection[]>> {
  return load(configDir);
}

/** Read-modify-write under the lock; a failed `change` writes nothing. */
export function updateConnections<T>(
  configDir: string,
  change: (connections: StoredConnection[]) => Result<{ connections: StoredConnection[]; value: T }>,
): Promise<Result<T>> {
  const file = connectionsPath(configDir);
  return withLock(
    configDir,
    async () => {
      const loaded = await load(configDir);
      if (!loaded.ok) return loaded;
      const changed = change(loaded.value);
      if (!changed.ok) return changed;
      const sorted = [...changed.value.connections].sort((a, b) => a.name.localeCompare(b.name) || a.user.localeCompare(b.user));
      const prepared = await prepareWrite(file, `${JSON.stringify({ schemaVersion: SCHEMA_VERSION, connections: sorted }, null, 2)}\n`);
      if (!prepared.ok) return prepared;
      const written = await prepared.value.commit();
      return written.ok ? ok(changed.value.value) : written;
    },
    file,
  );
}

/**
 * The connection a command means: "host:port", the URL, or the bare host when only
 * one connection has it; with nothing given, the only connection there is.
 */
export function pickConnection(connections: readonly StoredConnection[], wanted?: string): Result<StoredConnection> {
  if (connections.length === 0) {
    return fail('CPANEL_NOT_CONNECTED', 'There is no cPanel connection yet.', { fix: 'Connect first: mailsetup cpanel connect https://HOST --user USER --token-stdin' });
  }
  if (wanted === undefined || wanted === '') {
    if (connections.length === 1) return ok(connections[0] as StoredConnection);
    return fail('BAD_USAGE', `There are ${connections.length} cPanel connections; say which one (${connections.map((c) => c.name).join(', ')}).`);
  }
  const w = wanted.trim().toLowerCase().replace(/^https:\/\//, '').replace(/\/$/, '');
  const exact = connections.filter((c) => c.name === w || c.url === wanted.trim());
  if (exact.length === 1) return ok(exact[0] as StoredConnection);
  const byHost = connections.filter((c) => c.name.replace(/:\d+$/, '') === w);
  if (byHost.length === 1) return ok(byHost[0] as StoredConnection);
  if (byHost.length > 1) return fail('BAD_USAGE', `Several connections use ${wanted}; give the port too (${byHost.map((c) => c.name).join(', ')}).`);
  return fail('CPANEL_NOT_CONNECTED', `No cPanel connection named ${wanted}.`, { fix: `Known: ${connections.map((c) => c.name).join(', ')}.` });
}

/** The connection whose mail domains include `domain` (the first one, by name order). */
export function connectionForDomain(connections: readonly StoredConnection[], domain: string): StoredConnection | undefined {
  const d = domain.toLowerCase();
  return connections.find((c) => c.domains.some((x) => x.toLowerCase() === d));
}
