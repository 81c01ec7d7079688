// The TLS context for inspection: the trusted CAs (to judge the chain) and every protocol
// down to TLS 1.0 with OpenSSL's security level 0, so an outdated server still answers and
// can be reported as such. Built once per set of CAs.
import tls from 'node:tls';
import { trustedCa } from '../net/tls-trust.js';

const cache = new Map<string, tls.SecureContext>();

export function inspectionContext(extraCa: readonly string[]): tls.SecureContext {
  const key = extraCa.join('\n');
  let ctx = cache.get(key);
  if (!ctx) {
    const ca = trustedCa(extraCa);
    ctx = tls.createSecureContext({ minVersion: 'TLSv1', ciphers: 'DEFAULT@SECLEVEL=0', ...(ca ? { ca } : {}) });
    if (cache.size > 8) cache.clear();
    cache.set(key, ctx);
  }
  return ctx;
}
