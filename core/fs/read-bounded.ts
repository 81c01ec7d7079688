// Reads a file the user named (a CA file, a signing key, accounts.json, a local
// override) safely: only a regular file, and never more than a cap. A FIFO would
// otherwise block for ever, /dev/zero (or a link to it) would fill the memory.
import { constants } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { fileKind } from './file-kind.js';

export type BoundedRead =
  | { ok: true; bytes: Buffer }
  | {
      ok: false;
      /** missing: no such file (or a folder on its path is missing). */
      reason: 'missing' | 'not-a-file' | 'too-large' | 'unreadable';
      /** Plain words for a message, e.g. "it is a named pipe, not a regular file". */
      detail: string;
    };

// O_NONBLOCK: opening a FIFO for reading must not wait for a writer. The flag only
// matters for the open itself; a regular file reads the same with or without it.
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);

export async function readBoundedFile(file: string, maxBytes: number): Promise<BoundedRead> {
  let handle: FileHandle;
  try {
    handle = await open(file, OPEN_FLAGS);
  } catch (e) {
    return openFailure(e as NodeJS.ErrnoException);
  }
  try {
    const stats = await handle.stat();
    if (!stats.isFile()) return { ok: false, reason: 'not-a-file', detail: `it is ${fileKind(stats)}, not a regular file` };
    if (stats.size > maxBytes) return tooLarge(maxBytes);
    // The size can change while we read (or be 0, for /proc files): count as we go.
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const { bytesRead, buffer } = await handle.read(Buffer.alloc(64 * 1024), 0, 64 * 1024, null);
      if (bytesRead === 0) return { ok: true, bytes: Buffer.concat(chunks, total) };
      total += bytesRead;
      if (total > maxBytes) return tooLarge(maxBytes);
      chunks.push(buffer.subarray(0, bytesRead));
    }
  } catch (e) {
    return { ok: false, reason: 'unreadable', detail: errnoWords(e as NodeJS.ErrnoException) };
  } finally {
    await handle.close().catch(() => undefined);
  }
}

function tooLarge(maxBytes: number): BoundedRead {
  return { ok: false, reason: 'too-large', detail: `it is larger than ${formatBytes(maxBytes)}` };
}

function openFailure(e: NodeJS.ErrnoException): BoundedRead {
  if (e.code === 'ENOENT' || e.code === 'ENOTDIR') return { ok: false, reason: 'missing', detail: 'no such file' };
  // Some systems refuse O_NONBLOCK on special files before we can look at them.
  if (e.code === 'ENXIO' || e.code === 'EISDIR') return { ok: false, reason: 'not-a-file', detail: 'it is not a regular file' };
  return { ok: false, reason: 'unreadable', detail: errnoWords(e) };
}

function errnoWords(e: NodeJS.ErrnoException): string {
  if (e.code === 'EACCES' || e.code === 'EPERM') return `permission denied (${e.code})`;
  if (e.code === 'ELOOP') return 'too many symbolic links (ELOOP)';
  // "EIO: i/o error, read '/x'" → "i/o error (EIO)": the path is already in the caller's message.
  return e.code ? `${e.message.replace(/^\w+: /, '').replace(/, \w+( '.*')?$/, '')} (${e.code})` : e.message;
}

export function formatBytes(n: number): string {
  if (n >= 1024 * 1024 && n % (1024 * 1024) === 0) return `${n / (1024 * 1024)} MiB`;
  if (n >= 1024 && n % 1024 === 0) return `${n / 1024} KiB`;
  return `${n} bytes`;
}
