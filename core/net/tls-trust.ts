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

/**
 * One SecureContext per set of extra CAs, built on first use and shared: parsing the
 * ~140 system roots costs tens of milliseconds of blocked event loop each time.
 */
export function trustedContext(extraCa: readonly string[]): tls.SecureContext | undefined {
  if (extraCa.length === 0) return undefined;
  const key = extraCa.join('\n');
  let context = contexts.get(key);
  if (!context) {
    context = tls.createSecureContext({ ca: trustedCa(extraCa) });
    contexts.set(key, context);
  }
  return context;
}
