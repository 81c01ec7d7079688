// One TLS context per set of trusted CAs, reused by every connection: building it
// parses every root certificate (tens of ms of CPU), which would otherwise be paid on
// each handshake and would serialize the concurrent SMTP and IMAP tests.
import { createHash } from 'node:crypto';
import tls from 'node:tls';
import { trustedContext } from '../net/tls-trust.js';

const cache = new Map<string, tls.SecureContext>();
const MAX_CACHED = 8;

/** undefined `ca`: Node's default trust (system roots, NODE_EXTRA_CA_CERTS), also shared. */
export function secureContextFor(ca: string[] | undefined): tls.SecureContext {
  if (!ca) return trustedContext([]);
  const key = createHash('sha256').update(ca.join('\n')).digest('hex');
  let ctx = cache.get(key);
  if (!ctx) {
    ctx = tls.createSecureContext({ ca });
    if (cache.size >= MAX_CACHED) cache.delete(cache.keys().next().value as string);
    cache.set(key, ctx);
  }
  return ctx;
}
