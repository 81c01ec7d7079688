// A local test network for discovery: a DNS server, HTTPS/HTTP servers with a
// throw-away CA, and the engine's deps pointed at them. Only 127.0.1.0/24 is used.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Deps } from '../../../core/deps.js';
import { createDiscoverHandler } from '../../../core/discover/handler.js';
import type { EngineOptions } from '../../../core/discover/engine.js';
import { createResolver } from '../../../core/net/dns.js';
import { createHttpFetcher } from '../../../core/net/http.js';
import type { DiscoverParams, DiscoverProgress } from '../../../shared/discover.js';
import type { DiscoveryResult } from '../../../shared/model.js';
import { createTestCa, type TestCa } from '../../support/ca.js';
import { startDnsServer, type TestDnsServer, type Zone } from '../../support/dns-server.js';
import { startWebServer, type TestWebServer } from '../../support/https-server.js';

export interface Network {
  ca: TestCa;
  dns: TestDnsServer;
  web: TestWebServer;
  configDir: string;
  deps: Deps;
  run(email: string, params?: Partial<DiscoverParams>, options?: EngineOptions): Promise<{ result: DiscoveryResult; events: DiscoverProgress[] }>;
  close(): Promise<void>;
}

export const ISPDB_BASE = 'https://ispdb.test/v1.1/';

export async function startNetwork(opts: { dnsHost: string; webHost: string; zone: Zone; certNames: string[]; latencyMs?: number }): Promise<Network> {
  const ca = createTestCa();
  const leaf = ca.issue(opts.certNames);
  const dns = await startDnsServer({ host: opts.dnsHost, zone: opts.zone, delayMs: opts.latencyMs });
  const web = await startWebServer({ host: opts.webHost, cert: leaf.cert, key: leaf.key, latencyMs: opts.latencyMs });
  const configDir = mkdtempSync(join(tmpdir(), 'mailsetup-discover-'));
  const deps: Deps = {
    clock: { now: () => performance.now() },
    makeResolver: (spec) => createResolver(spec ?? dns.spec),
    makeHttp: (resolver) => createHttpFetcher(resolver, [ca.caPem]),
    extraCa: [ca.caPem],
    keychain: {
      get: async () => ({ ok: true, value: null }),
      set: async () => ({ ok: true, value: undefined }),
      delete: async () => ({ ok: true, value: false }),
    },
    configDir,
    ispdbUrl: ISPDB_BASE,
  };
  return {
    ca,
    dns,
    web,
    configDir,
    deps,
    async run(email, params = {}, options = {}) {
      const events: DiscoverProgress[] = [];
      const reply = await createDiscoverHandler(deps, options)(
        { email, resolver: dns.spec, ...params },
        { emit: (name, payload) => name === 'discover:progress' && events.push(payload as DiscoverProgress) },
      );
      if (!reply.ok) throw new Error(`discover failed: ${reply.error.message}`);
      return { result: reply.value, events };
    },
    async close() {
      await Promise.all([dns.close(), web.close()]);
      ca.cleanup();
      rmSync(configDir, { recursive: true, force: true });
    },
  };
}

/** A config-v1.1.xml document. */
export function autoconfigXml(domain: string, imapHost: string, smtpHost: string, extra = ''): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<clientConfig version="1.1">
  <emailProvider id="${domain}">
    <domain>${domain}</domain>
    <displayName>${domain} mail</displayName>
    <incomingServer type="imap">
      <hostname>${imapHost}</hostname><port>993</port><socketType>SSL</socketType>
      <authentication>password-cleartext</authentication><username>%EMAILADDRESS%</username>
    </incomingServer>
    <incomingServer type="pop3">
      <hostname>${imapHost}</hostname><port>995</port><socketType>SSL</socketType>
      <authentication>password-cleartext</authentication><username>%EMAILLOCALPART%</username>
    </incomingServer>${extra}
    <outgoingServer type="smtp">
      <hostname>${smtpHost}</hostname><port>465</port><socketType>SSL</socketType>
      <authentication>password-cleartext</authentication><username>%EMAILADDRESS%</username>
    </outgoingServer>
  </emailProvider>
</clientConfig>`;
}

/** An Autodiscover POX answer with IMAP and SMTP protocol blocks. */
export function poxSettings(imapHost: string, smtpHost: string): string {
  return `<?xml version="1.0" encoding="utf-8"?>
<Autodiscover xmlns="http://schemas.microsoft.com/exchange/autodiscover/responseschema/2006">
  <Response xmlns="http://schemas.microsoft.com/exchange/autodiscover/outlook/responseschema/2006a">
    <Account>
      <AccountType>email</AccountType><Action>settings</Action>
      <Protocol><Type>IMAP</Type><Server>${imapHost}</Server><Port>993</Port><SSL>on</SSL><LoginName>login-imap</LoginName></Protocol>
      <Protocol><Type>SMTP</Type><Server>${smtpHost}</Server><Port>587</Port><Encryption>TLS</Encryption></Protocol>
    </Account>
  </Response>
</Autodiscover>`;
}

export function poxRedirect(kind: 'redirectAddr' | 'redirectUrl', target: string): string {
  const el = kind === 'redirectAddr' ? 'RedirectAddr' : 'RedirectUrl';
  return `<?xml version="1.0" encoding="utf-8"?>
<Autodiscover xmlns="http://schemas.microsoft.com/exchange/autodiscover/responseschema/2006">
  <Response xmlns="http://schemas.microsoft.com/exchange/autodiscover/outlook/responseschema/2006a">
    <Account><AccountType>email</AccountType><Action>${kind}</Action><${el}>${target}</${el}></Account>
  </Response>
</Autodiscover>`;
}
