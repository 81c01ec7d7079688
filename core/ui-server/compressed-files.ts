// Compressed copies of the renderer's text files (brotli or gzip, whichever the
// browser accepts), made once per file version and kept in memory: the bundle is
// built once and served many times, so compressing on every request would be waste.
import { readFile } from 'node:fs/promises';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

export type Encoding = 'br' | 'gzip';

const COMPRESSIBLE = /^(text\/|application\/json|image\/svg\+xml)/;

/** The encoding to answer with, from an Accept-Encoding header (brotli preferred). */
export function pickEncoding(acceptEncoding: string | undefined, mediaType: string): Encoding | null {
  if (!COMPRESSIBLE.test(mediaType) || acceptEncoding === undefined) return null;
  const offered = new Map<string, number>();
  for (const part of acceptEncoding.toLowerCase().split(',')) {
    const [name, ...params] = part.trim().split(';');
    const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
    if (name) offered.set(name, q === undefined ? 1 : Number(q));
  }
  for (const encoding of ['br', 'gzip'] as const) if ((offered.get(encoding) ?? 0) > 0) return encoding;
  return null;
}

const cache = new Map<string, Promise<Buffer>>();

/** The file compressed with `encoding`; `version` (size and mtime) invalidates a rebuilt file. */
export function compressedFile(file: string, version: string, encoding: Encoding): Promise<Buffer> {
  const key = `${encoding}\0${version}\0${file}`;
  let entry = cache.get(key);
  if (!entry) {
    entry = readFile(file).then((bytes) =>
      encoding === 'br' ? brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length } }) : gzipSync(bytes, { level: 9 }),
    );
    entry.catch(() => cache.delete(key));
    cache.set(key, entry);
  }
  return entry;
}
