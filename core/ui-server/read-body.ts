// Reads an API request's body with a size cap and a deadline. A client holding the
// token must not be able to take the door down (a huge chunked body) nor hold a
// connection for ever (a body sent a byte at a time).
import type { IncomingMessage } from 'node:http';

export const DEFAULT_MAX_BODY_BYTES = 4 * 1024 * 1024;
/** The whole body must arrive within this time (the largest allowed body takes milliseconds on loopback). */
export const DEFAULT_BODY_TIMEOUT_MS = 15_000;

export type BodyResult = { ok: true; text: string } | { ok: false; why: 'too-large' | 'timeout' | 'unreadable' | 'not-utf8' };

// Strict: a replaced byte would silently change what was sent (a password, say).
const utf8 = new TextDecoder('utf-8', { fatal: true });

export function readBody(req: IncomingMessage, maxBytes: number, timeoutMs: number): Promise<BodyResult> {
  const declared = Number(req.headers['content-length'] ?? '0');
  if (Number.isFinite(declared) && declared > maxBytes) return Promise.resolve({ ok: false, why: 'too-large' });
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const finish = (result: BodyResult): void => {
      clearTimeout(timer);
      req.off('data', onData).off('end', onEnd).off('error', onError).off('aborted', onError);
      // Stop reading what is left; the caller answers and then closes the connection.
      if (!result.ok) req.pause();
      resolve(result);
    };
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > maxBytes) finish({ ok: false, why: 'too-large' });
      else chunks.push(chunk);
    };
    const onEnd = (): void => {
      let text: string;
      try {
        text = utf8.decode(Buffer.concat(chunks));
      } catch {
        finish({ ok: false, why: 'not-utf8' });
        return;
      }
      finish({ ok: true, text });
    };
    const onError = (): void => finish({ ok: false, why: 'unreadable' });
    const timer = setTimeout(() => finish({ ok: false, why: 'timeout' }), timeoutMs);
    req.on('data', onData).on('end', onEnd).on('error', onError).on('aborted', onError);
  });
}
