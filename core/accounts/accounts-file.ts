// accounts.json: the non-secret part of saved accounts, in the per-user config dir.
// Written atomically (temp file in the same folder, fsync, rename) under a lock file;
// a corrupt file is renamed aside and reported, a newer-version file is left alone.
import { mkdir, open, readdir, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { Account } from '../../shared/accounts.js';
import { fail, ok, type Result } from '../../shared/errors.js';
import { acquireLock, isProcessAlive, LockTimeoutError } from './file-lock.js';

export const ACCOUNTS_FILE = 'accounts.json';
export const SCHEMA_VERSION = 1;

/** Test hook (integration tests only): write this marker file, then wait, just before the rename. */
export const PAUSE_BEFORE_RENAME_ENV = 'MAILSETUP_TEST_PAUSE_BEFORE_RENAME';

export interface AccountsFile {
  schemaVersion: typeof SCHEMA_VERSION;
  accounts: Account[];
}

const security = z.enum(['tls', 'starttls', 'none']);
const server = <P extends z.ZodType>(protocol: P) =>
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
  incoming: server(z.enum(['imap', 'pop3'])),
  outgoing: server(z.literal('smtp')),
  separateSmtpPassword: z.boolean(),
  source: z.string().optional(),
  createdAt: z.string(),
  updatedAt: z.string(),
  lastTest: z.object({ at: z.string(), ok: z.boolean(), summary: z.string() }).optional(),
});
const fileSchema = z.object({ schemaVersion: z.literal(SCHEMA_VERSION), accounts: z.array(accountSchema) });

type Loaded = { kind: 'ok'; accounts: Account[] } | { kind: 'corrupt'; why: string } | { kind: 'too-new'; version: number };

export function accountsPath(configDir: string): string {
  return path.join(configDir, ACCOUNTS_FILE);
}

/** The saved accounts (an absent file is an empty list). */
export async function readAccounts(configDir: string): Promise<Result<Account[]>> {
  const first = await load(configDir);
  if (!first.ok) return first;
  if (first.value.kind === 'ok') return ok(first.value.accounts);
  // Something is wrong with the file: look again under the lock before acting on it.
  return withLock(configDir, async () => {
    const again = await load(configDir);
    if (!again.ok) return again;
    return again.value.kind === 'ok' ? ok(again.value.accounts) : reportBadFile(configDir, again.value);
  });
}

/**
 * Read-modify-write under the lock: `change` gets the current accounts and returns
 * the new list (or a failure, which writes nothing).
 */
export async function updateAccounts<T>(
  configDir: string,
  change: (accounts: Account[]) => Result<{ accounts: Account[]; value: T }>,
): Promise<Result<T>> {
  return withLock(configDir, async () => {
    const loaded = await load(configDir);
    if (!loaded.ok) return loaded;
    if (loaded.value.kind !== 'ok') return reportBadFile(configDir, loaded.value);
    const changed = change(loaded.value.accounts);
    if (!changed.ok) return changed;
    const file: AccountsFile = { schemaVersion: SCHEMA_VERSION, accounts: [...changed.value.accounts].sort((a, b) => a.email.localeCompare(b.email)) };
    const written = await writeAtomically(configDir, `${JSON.stringify(file, null, 2)}\n`);
    return written.ok ? ok(changed.value.value) : written;
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
      return fail('STORAGE_ERROR', 'Another MailSetup is still saving its settings; gave up waiting after 30 s.', {
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
  let text: string;
  try {
    text = await readFile(accountsPath(configDir), 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return ok({ kind: 'ok', accounts: [] });
    return storageError(`Could not read ${accountsPath(configDir)}`, e);
  }
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
  return ok({ kind: 'ok', accounts: parsed.data.accounts as Account[] });
}

/** Reports a file we cannot use; a corrupt one is kept under a new name so the next save starts afresh. */
async function reportBadFile(configDir: string, bad: Exclude<Loaded, { kind: 'ok' }>): Promise<Result<never>> {
  const file = accountsPath(configDir);
  if (bad.kind === 'too-new') {
    return fail('METADATA_TOO_NEW', `${file} was written by a newer MailSetup (schema version ${bad.version}; this one reads version ${SCHEMA_VERSION}). It was left untouched.`, {
      fix: 'Update MailSetup to the latest version. Nothing was changed or saved.',
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

/** Temp file in the same folder, fsync, rename (default accounts.json; call it under withLock). */
export async function writeAtomically(configDir: string, text: string, file = accountsPath(configDir)): Promise<Result<void>> {
  await removeOrphanTempFiles(configDir, path.basename(file));
  const temp = `${file}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    const handle = await open(temp, 'wx', 0o600);
    try {
      await handle.writeFile(text, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await pauseForTests();
    await rename(temp, file);
  } catch (e) {
    await unlink(temp).catch(() => undefined);
    return storageError(`Could not write ${file}`, e);
  }
  await syncFolder(configDir);
  return ok(undefined);
}

/** The rename is durable only once the folder itself is synced (not possible everywhere). */
async function syncFolder(dir: string): Promise<void> {
  try {
    const handle = await open(dir, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // Windows cannot open a folder for syncing; the rename is still atomic there.
  }
}

/** Temp files of saves that were killed before their rename (their pid is gone). */
async function removeOrphanTempFiles(configDir: string, base: string): Promise<void> {
  let names: string[];
  try {
    names = await readdir(configDir);
  } catch {
    return;
  }
  for (const name of names) {
    const m = /^(.+)\.tmp-(\d+)-[0-9a-f]+$/.exec(name);
    if (m && m[1] === base && Number(m[2]) !== process.pid && !isProcessAlive(Number(m[2]))) {
      await unlink(path.join(configDir, name)).catch(() => undefined);
    }
  }
}

async function pauseForTests(): Promise<void> {
  const marker = process.env[PAUSE_BEFORE_RENAME_ENV];
  if (!marker) return;
  await writeFile(marker, `${process.pid}\n`);
  await new Promise<never>(() => setInterval(() => undefined, 60_000));
}

export function storageError(what: string, e: unknown): Result<never> {
  const err = e as NodeJS.ErrnoException;
  return fail('STORAGE_ERROR', `${what}: ${err?.message ?? String(e)}`, {
    fix: err?.code === 'EACCES' || err?.code === 'EPERM' ? 'Check the permissions of the MailSetup settings folder.' : 'Check free disk space and the settings folder, then try again.',
  });
}
