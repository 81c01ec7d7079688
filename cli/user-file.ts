// A file named on the command line (--ca, --sign-cert, --sign-key), read as UTF-8
// text through the bounded reader; any problem is a usage error naming the option.
import { readBoundedFile } from '../core/fs/read-bounded.js';
import { UsageError } from './io.js';

/** The request schemas accept PEM texts up to 1,000,000 characters. */
export const MAX_PEM_BYTES = 1_000_000;

export async function readUserFile(option: string, file: string, maxBytes: number): Promise<string> {
  const read = await readBoundedFile(file, maxBytes);
  if (!read.ok) throw new UsageError(`${option} ${file}: cannot read it (${read.detail}).`);
  return read.bytes.toString('utf8');
}
