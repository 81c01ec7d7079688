// An exclusive lock file (O_CREAT|O_EXCL) so that two processes saving at the same
// time never lose each other's account. A lock left by a process that died (killed
// mid-save) is recognised by its dead pid and broken.
import { open, unlink, stat } from 'node:fs/promises';
import os from 'node:os';
import { readBoundedFile } from '../fs/read-bounded.js';

export interface LockOptions {
  /** How long to wait for another holder (default 30 s). */
  waitMs?: number;
}

export type Release = () => Promise<void>;

export class LockTimeoutError extends Error {
  override name = 'LockTimeoutError';
}

const HOST = os.hostname();
/** A lock file with no readable owner older than this was left by a crash between create and write. */
const UNOWNED_STALE_MS = 10_000;

export async function acquireLock(lockPath: string, options: LockOptions = {}): Promise<Release> {
  const deadline = Date.now() + (options.waitMs ?? 30_000);
  const owner = `${process.pid}\n${HOST}\n${Date.now()}\n`;
  let delay = 2;
  for (;;) {
    try {
      const handle = await open(lockPath, 'wx', 0o600);
      try {
        await handle.writeFile(owner);
      } finally {
        await handle.close();
      }
      return async () => {
        await unlink(lockPath).catch(() => undefined);
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    if (await breakIfStale(lockPath)) continue;
    if (Date.now() > deadline) {
      throw new LockTimeoutError(`${lockPath} is held by another MailSetup process`);
    }
    // Jittered backoff: many waiters (200 concurrent saves) must not retry in lock step.
    await new Promise((r) => setTimeout(r, delay + Math.random() * delay));
    delay = Math.min(delay * 2, 50);
  }
}

/** Removes the lock when its owner is a dead process on this host; true when removed. */
async function breakIfStale(lockPath: string): Promise<boolean> {
  const lock = await readLock(lockPath);
  // Vanished meanwhile: try again at once. Not a lock file we can read (a FIFO, a
  // folder…): not ours to remove; wait, then say so.
  if (lock.state !== 'held') return lock.state === 'gone';
  const text = lock.text;
  let mtimeMs: number;
  try {
    mtimeMs = (await stat(lockPath)).mtimeMs;
  } catch {
    return true;
  }
  const [pidText, host] = text.split('\n');
  const pid = Number(pidText);
  const stale = Number.isInteger(pid) && pid > 0 && host === HOST ? !isProcessAlive(pid) : Date.now() - mtimeMs > UNOWNED_STALE_MS;
  if (!stale) return false;
  // Only remove it if it is still the same stale lock (not a fresh one taken meanwhile).
  const again = await readLock(lockPath);
  if (again.state !== 'held' || again.text !== text) return again.state === 'gone';
  await unlink(lockPath).catch(() => undefined);
  return true;
}

/** The lock file's text; bounded and regular files only, so a planted FIFO cannot hang us. */
async function readLock(lockPath: string): Promise<{ state: 'held'; text: string } | { state: 'gone' | 'unusable' }> {
  const read = await readBoundedFile(lockPath, 4096);
  if (read.ok) return { state: 'held', text: read.bytes.toString('utf8') };
  return { state: read.reason === 'missing' ? 'gone' : 'unusable' };
}

/** True when a process with this pid exists on this machine. */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
