// accounts.json: the non-secret part of saved accounts, in the per-user config dir.
// Written atomically (temp file beside it, fsync, rename) under a lock file. Reading
// never changes anything; a save renames a damaged file aside before starting a fresh
// list; a newer-version file is left alone. Fields we do not know are kept.
import { mkdir, rename } from 'node:fs/promises';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import * as z from 'zod';
import type { Account } from '../../shared/accounts.js';
import { fail, ok, type Result } from '../../shared/errors.js';
import { formatBytes, readBoundedFile } from '../fs/read-bounded.js';
import { prepareWrite, storageError } from './atomic-write.js';

export { storageError };
import { acquireLock, LockTimeoutError } from './file-lock.js';
import { collectUnknownFields, withUnknownFields, type UnknownFields } from './unknown-fields.js';

export const ACCOUNTS_FILE = 'accounts.json';
export const SCHEMA_VERSION = 1;

export { PAUSE_BEFORE_RENAME_ENV } from './atomic-write.js';
/** Thousands of accounts fit; anything larger is not a settings file. */
export const MAX_ACCOUNTS_FILE_BYTES = 8 * 1024 * 1024;

export interface AccountsFile {
  schemaVersion: typeof SCHEMA_VERSION;
  accounts: Account[];
}

const security = z.enum(['tls', 'starttls', 'none']);
const serverShape = <P extends z.ZodType>(protocol: P) =>
  z.object({
    protocol,
    host: z.string().min(1),
    port: z.number().int().min(1).max(65535),
    security,
    username: z.string(),
    auth: z.array(z.string()),
  });
const accountSchema = z.object({
  email: z.string().min(3),
  displayName: z.string().optional(),
  incoming: serverShape(z.enum(['imap', 'pop3'])),
  outgoing: serverShape(z.literal('smtp')),
  separateSmtpPassword: z.boolean(),
  source: z.string().optional(),
  createdAt: z.string(),
  updatedAt: z.string(),
  lastTest: z.object({ at: z.string(), ok: z.boolean(), summary: z.string() }).optional(),
});
const fileSchema = z.object({ schemaVersion: z.literal(SCHEMA_VERSION), accounts: z.array(accountSchema) });

const KNOWN_KEYS = {
  file: Object.keys(fileSchema.shape),
  account: Object.keys(accountSchema.shape),
  server: Object.keys(serverShape(z.literal('smtp')).shape),
};

type Loaded =
  | { kind: 'ok'; accounts: Account[]; unknown: UnknownFields }
  | { kind: 'corrupt'; why: string }
  | { kind: 'too-new'; version: number };

export interface ReadOptions {
  /**
   * A save may rename a damaged file aside (then the next save starts a fresh list):
   * the default of updateAccounts; plain reading never does.
   */
  moveAsideDamaged?: boolean;
}

export interface UpdateOptions<T> extends ReadOptions {
  /**
   * Runs once the new file is written beside the old one, before it is put in place,
   * with the value `change` returned. A failure discards the new file.
   */
  beforeCommit?: (value: T) => Promise<Result<void>>;
  /** Runs when the new file could not be put in place after beforeCommit succeeded. */
  undoBeforeCommit?: () => Promise<void>;
}

export function accountsPath(configDir: string): string {
  return path.join(configDir, ACCOUNTS_FILE);
}

/** The saved accounts (an absent file is an empty list). */
export async function readAccounts(configDir: string, options: ReadOptions = {}): Promise<Result<Account[]>> {
  const first = await load(configDir);
  if (!first.ok) return first;
  if (first.value.kind === 'ok') return ok(first.value.accounts);
  if (!options.moveAsideDamaged) return reportBadFile(configDir, first.value, false);
  // Something is wrong with the file: look again under the lock before acting on it.
  return withLock(configDir, async () => {
    const again = await load(configDir);
    if (!again.ok) return again;
    return again.value.kind === 'ok' ? ok(again.value.accounts) : reportBadFile(configDir, again.value, true);
  });
}

/**
 * Read-modify-write under the lock: `change` gets the current accounts and returns
 * the new list (or a failure, which writes nothing).
 */
export async function updateAccounts<T>(
  configDir: string,
  change: (accounts: Account[]) => Result<{ accounts: Account[]; value: T }>,
  options: UpdateOptions<T> = {},
): Promise<Result<T>> {
  return withLock(configDir, async () => {
    const loaded = await load(configDir);
    if (!loaded.ok) return loaded;
    if (loaded.value.kind !== 'ok') return reportBadFile(configDir, loaded.value, options.moveAsideDamaged ?? true);
    const changed = change(loaded.value.accounts);
    if (!changed.ok) return changed;
    const file: AccountsFile = { schemaVersion: SCHEMA_VERSION, accounts: [...changed.value.accounts].sort((a, b) => a.email.localeCompare(b.email)) };
    const prepared = await prepareWrite(accountsPath(configDir), `${JSON.stringify(withUnknownFields(file, loaded.value.unknown), null, 2)}\n`);
    if (!prepared.ok) return prepared;
    const before = options.beforeCommit ? await options.beforeCommit(changed.value.value) : ok(undefined);
    if (!before.ok) {
      await prepared.value.discard();
      return before;
    }
    const committed = await prepared.value.commit();
    if (!committed.ok) {
      await options.undoBeforeCommit?.();
      return committed;
    }
    return ok(changed.value.value);
  });
}

/** Runs `body` holding the lock of `file` (default accounts.json; other settings files reuse it). */
export async function withLock<T>(configDir: string, body: () => Promise<Result<T>>, file = accountsPath(configDir)): Promise<Result<T>> {
  try {
    await mkdir(configDir, { recursive: true, mode: 0o700 });
  } catch (e) {
    return storageError(`Could not create the settings folder ${configDir}`, e);
  }
  let release: () => Promise<void>;
  try {
    release = await acquireLock(`${file}.lock`);
  } catch (e) {
    if (e instanceof LockTimeoutError) {
      return fail('STORAGE_ERROR', 'Another MailSetup is still saving its settings; gave up waiting after 30 s. Nothing was changed.', {
        fix: `Try again. If no other MailSetup is running, delete ${file}.lock.`,
      });
    }
    return storageError(`Could not lock ${file}`, e);
  }
  try {
    return await body();
  } finally {
    await release();
  }
}

async function load(configDir: string): Promise<Result<Loaded>> {
  const file = accountsPath(configDir);
  const read = await readBoundedFile(file, MAX_ACCOUNTS_FILE_BYTES);
  if (!read.ok) {
    if (read.reason === 'missing') return ok({ kind: 'ok', accounts: [], unknown: collectUnknownFields({}, KNOWN_KEYS) });
    if (read.reason === 'unreadable') return fail('STORAGE_ERROR', `Could not read ${file}: ${read.detail}. Nothing was changed.`, { fix: 'Check the permissions of the MailSetup settings folder.' });
    return fail('STORAGE_ERROR', `${file} cannot be used: ${read.detail}. Nothing was changed.`, {
      fix: `Replace it with the regular file it should be (at most ${formatBytes(MAX_ACCOUNTS_FILE_BYTES)}), or remove it to start a fresh list.`,
    });
  }
  // A byte order mark (some editors add one) is not part of the JSON.
  const text = read.bytes.toString('utf8').replace(/^\uFEFF/, '');
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    return ok({ kind: 'corrupt', why: `it is not valid JSON (${e instanceof Error ? e.message : String(e)})` });
  }
  const version = typeof data === 'object' && data !== null ? (data as { schemaVersion?: unknown }).schemaVersion : undefined;
  if (typeof version === 'number' && Number.isInteger(version) && version > SCHEMA_VERSION) return ok({ kind: 'too-new', version });
  const parsed = fileSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? ` at ${issue.path.join('.')}` : '';
    return ok({ kind: 'corrupt', why: `its content is not a MailSetup accounts list${where}: ${issue?.message ?? 'unexpected shape'}` });
  }
  return ok({ kind: 'ok', accounts: parsed.data.accounts as Account[], unknown: collectUnknownFields(data, KNOWN_KEYS) });
}

/**
 * Reports a file we cannot use. A damaged one is left as it is, or (for a save) kept
 * under a new name so that the save can start a fresh list.
 */
async function reportBadFile(configDir: string, bad: Exclude<Loaded, { kind: 'ok' }>, moveAside: boolean): Promise<Result<never>> {
  const file = accountsPath(configDir);
  if (bad.kind === 'too-new') {
    return fail('METADATA_TOO_NEW', `${file} was written by a newer MailSetup (schema version ${bad.version}; this one reads version ${SCHEMA_VERSION}). It was left untouched.`, {
      fix: 'Update MailSetup to the latest version. Nothing was changed or saved.',
    });
  }
  if (!moveAside) {
    return fail('METADATA_CORRUPT', `The saved-accounts file ${file} is damaged: ${bad.why}. It was left as it is; nothing was changed.`, {
      fix: 'Repair the file, or save an account: the damaged file is then kept under a new name and a fresh list is started (passwords stay in the keychain).',
    });
  }
  const aside = `${file}.corrupt-${new Date().toISOString().replace(/[:.]/g, '-')}-${randomBytes(3).toString('hex')}`;
  try {
    await rename(file, aside);
  } catch (e) {
    return storageError(`${file} is damaged (${bad.why}) and could not be moved aside`, e);
  }
  return fail('METADATA_CORRUPT', `The saved-accounts file was damaged: ${bad.why}. It was kept as ${aside}; nothing was overwritten.`, {
    fix: 'Run the command again to start a fresh list (passwords are still in the keychain); copy anything you need from the kept file.',
  });
}
