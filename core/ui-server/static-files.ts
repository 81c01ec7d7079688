// Serves the built renderer (renderer/dist) read-only: no listing, no path outside it.
import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import type { ServerResponse } from 'node:http';
import { compressedFile, pickEncoding } from './compressed-files.js';

const MEDIA_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
};

export type StaticLookup = { ok: true; file: string; mediaType: string; size: number; version: string } | { ok: false; status: 400 | 404 };

/**
 * Maps a URL path to a file inside `root`. Refuses encoded separators, NUL, `..`
 * segments and anything whose real path (symlinks resolved) leaves the root.
 */
export async function resolveStaticFile(root: string, urlPath: string): Promise<StaticLookup> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return { ok: false, status: 400 };
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return { ok: false, status: 400 };
  const segments = decoded.split('/');
  if (segments.some((s) => s === '..' || s === '.')) return { ok: false, status: 404 };
  const relative = decoded === '/' ? 'index.html' : decoded.replace(/^\/+/, '');
  const ext = path.extname(relative).toLowerCase();
  const mediaType = MEDIA_TYPES[ext];
  if (mediaType === undefined) return { ok: false, status: 404 };
  try {
    const realRoot = await realpath(root);
    const real = await realpath(path.resolve(realRoot, relative));
    if (!real.startsWith(realRoot + path.sep)) return { ok: false, status: 404 };
    const info = await stat(real);
    if (!info.isFile()) return { ok: false, status: 404 };
    return { ok: true, file: real, mediaType, size: info.size, version: `${info.size}-${info.mtimeMs}` };
  } catch {
    return { ok: false, status: 404 };
  }
}

export async function sendFile(res: ServerResponse, found: { file: string; mediaType: string; size: number; version: string }, headOnly: boolean, acceptEncoding?: string): Promise<void> {
  res.statusCode = 200;
  res.setHeader('Content-Type', found.mediaType);
  res.setHeader('Cache-Control', 'no-cache');
  res.setHeader('Vary', 'Accept-Encoding');
  const encoding = pickEncoding(acceptEncoding, found.mediaType);
  if (encoding !== null) {
    const body = await compressedFile(found.file, found.version, encoding);
    res.setHeader('Content-Encoding', encoding);
    res.setHeader('Content-Length', String(body.length));
    res.end(headOnly ? undefined : body);
    return;
  }
  res.setHeader('Content-Length', String(found.size));
  if (headOnly) {
    res.end();
    return;
  }
  createReadStream(found.file).on('error', () => res.destroy()).pipe(res);
}
