// Where `export --out` may write: a new path, a regular file (with --force), or a
// folder. A device, named pipe or socket is never replaced by a file (writing through
// the temp-file-and-rename would swap /dev/… for a plain file).
import { mkdir, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { fileKind } from '../core/fs/file-kind.js';
import { UsageError } from './io.js';

export type OutTarget = { kind: 'absent' } | { kind: 'file' } | { kind: 'folder' } | { kind: 'special'; what: string };

/** What is at `path` now (a symbolic link counts as what it points to). */
export async function outTarget(path: string): Promise<OutTarget> {
  try {
    const stats = await stat(path);
    if (stats.isFile()) return { kind: 'file' };
    if (stats.isDirectory()) return { kind: 'folder' };
    return { kind: 'special', what: fileKind(stats) };
  } catch {
    return { kind: 'absent' };
  }
}

/** Refuses a target that an export file must not replace. */
export async function checkFileTarget(path: string, force: boolean): Promise<void> {
  const target = await outTarget(path);
  if (target.kind === 'special') {
    throw new UsageError(`${path} is ${target.what}, not a regular file; exports are written only to regular files (leave out --out to print to standard output).`);
  }
  if (target.kind === 'folder') throw new UsageError(`${path} is a folder; a file of the export cannot replace it.`);
  if (target.kind === 'file' && !force) throw new UsageError(`${path} already exists; add --force to replace it.`);
}

/** The folder of a multi-file export: new or existing, never an existing file. */
export async function checkFolderTarget(folder: string, format: string): Promise<void> {
  const target = await outTarget(folder);
  if (target.kind === 'file' || target.kind === 'special') {
    throw new UsageError(
      `--format ${format} writes a folder, but ${folder} is ${target.kind === 'file' ? 'an existing file' : target.what}. Give a folder path (new or existing); --force replaces files inside the folder, never a file by a folder.`,
    );
  }
}

/** Creates the folders on the way to `path`, with a clear message when a file is in the way. */
export async function makeParentFolders(path: string): Promise<void> {
  try {
    await mkdir(dirname(path), { recursive: true });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOTDIR' || code === 'EEXIST') throw new UsageError(`Cannot create the folder for ${path}: a file is in the way.`);
    throw e;
  }
}
