// Replacing accounts.json atomically in two steps: write and sync a temp file beside
// the target, then rename it over the target. Between the two, the caller can do the
// one thing that must happen only if the file is sure to be written (forget removes
// the keychain items there). A symbolic link is written through: the link stays and
// its target gets the new content, so a settings file kept elsewhere stays there.
import { randomBytes } from 'node:crypto';
import { lstat, open, readdir, realpath, rename, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fail, ok, type Result } from '../../shared/errors.js';
import { isProcessAlive } from './file-lock.js';

/** Test hook (integration tests only): write this marker file, then wait, just before the rename. */
export const PAUSE_BEFORE_RENAME_ENV = 'MAILSETUP_TEST_PAUSE_BEFORE_RENAME';

export interface PreparedWrite {
  /** Puts the new content in place. */
  commit(): Promise<Result<void>>;
  /** Drops the new content; the old file stays as it was. */
  discard(): Promise<void>;
}

export async function prepareWrite(file: string, text: string): Promise<Result<PreparedWrite>> {
  const target = await writeTarget(file);
  if (!target.ok) return target;
  const dir = path.dirname(target.value);
  await removeOrphanTempFiles(dir, path.basename(target.value));
  const temp = `${target.value}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
  const discard = (): Promise<void> => unlink(temp).catch(() => undefined);
  try {
    const handle = await open(temp, 'wx', 0o600);
    try {
      await handle.writeFile(text, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch (e) {
    await discard();
    return storageError(`Could not write ${file}`, e);
  }
  return ok({
    discard,
    commit: async () => {
      try {
        await pauseForTests();
        await rename(temp, target.value);
      } catch (e) {
        await discard();
        return storageError(`Could not write ${file}`, e);
      }
      await syncFolder(dir);
      return ok(undefined);
    },
  });
}

/** The file itself, or the file a symbolic link points to. */
async function writeTarget(file: string): Promise<Result<string>> {
  try {
    if (!(await lstat(file)).isSymbolicLink()) return ok(file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return ok(file);
    return storageError(`Could not look at ${file}`, e);
  }
  try {
    return ok(await realpath(file));
  } catch (e) {
    return fail('STORAGE_ERROR', `${file} is a symbolic link to a file that does not exist (${(e as NodeJS.ErrnoException).code ?? 'error'}); nothing was written.`, {
      fix: 'Point the link at an existing file, or delete the link to start a fresh list.',
    });
  }
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
async function removeOrphanTempFiles(dir: string, base: string): Promise<void> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return;
  }
  const prefix = `${base}.tmp-`;
  for (const name of names) {
    const m = name.startsWith(prefix) ? /^(\d+)-[0-9a-f]+$/.exec(name.slice(prefix.length)) : null;
    if (m && Number(m[1]) !== process.pid && !isProcessAlive(Number(m[1]))) {
      await unlink(path.join(dir, name)).catch(() => undefined);
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
