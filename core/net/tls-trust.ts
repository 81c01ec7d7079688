// Which CA certificates to trust: the system's, plus any the caller adds.
import fs from 'node:fs';
import tls from 'node:tls';

let envExtra: string[] | undefined;

/** NODE_EXTRA_CA_CERTS, read once: passing `ca` explicitly would otherwise drop it. */
function nodeExtraCa(): string[] {
  if (envExtra) return envExtra;
  const file = process.env.NODE_EXTRA_CA_CERTS;
  envExtra = [];
  if (file) {
    try {
      envExtra = [fs.readFileSync(file, 'utf8')];
    } catch {
      // Node itself warns about an unreadable file at startup; nothing to add here.
    }
  }
  return envExtra;
}

/**
 * The `ca` option for tls/https: undefined keeps Node's defaults (system roots and
 * NODE_EXTRA_CA_CERTS); with extra CAs, the roots are listed explicitly alongside them.
 */
export function trustedCa(extraCa: readonly string[]): string[] | undefined {
  if (extraCa.length === 0) return undefined;
  return [...tls.rootCertificates, ...nodeExtraCa(), ...extraCa];
}

const contexts = new Map<string, tls.SecureContext>();
/** A long-running door (the window) sees a new --ca per test: keep only the latest few. */
const MAX_CACHED = 8;
let defaultContext: tls.SecureContext | undefined;

/**
 * One SecureContext per set of extra CAs (none: Node's default trust), built on first use
 * and shared. tls.connect without one builds a fresh context for every connection, which
 * costs more CPU than the handshake itself when an audit or discovery makes hundreds.
 */
export function trustedContext(extraCa: readonly string[]): tls.SecureContext {
  if (extraCa.length === 0) return (defaultContext ??= tls.createSecureContext());
  const key = extraCa.join('\n');
  let context = contexts.get(key);
  if (!context) {
    context = tls.createSecureContext({ ca: trustedCa(extraCa) });
    if (contexts.size >= MAX_CACHED) contexts.delete(contexts.keys().next().value as string);
    contexts.set(key, context);
  }
  return context;
}
