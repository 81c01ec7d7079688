// Everything the audit suites talk to, in 127.0.13.0/24 (plus the shared stack's good
// servers on 127.0.0.1): DNS with a zone per verdict, the audit Postfix/Dovecot, the
// responders, and the HTTPS server for MTA-STS policies — all with the stack's test CA.
import { readFile } from 'node:fs/promises';
import { startDnsServer, type TestDnsServer } from '../dns-server.js';
import { startWebServer, type TestWebServer } from '../https-server.js';
import { AUDIT_ADDR as A } from './addresses.js';
import { startResponder, type ConnectionLog, type Responder } from './responder.js';
import { startAuditServers, type AuditServers } from './servers.js';
import { auditZone, makeKeys, STS_POLICIES } from './zones.js';

export interface AuditWorld {
  dns: TestDnsServer;
  /** Connections to the one-box responder address (see maxConcurrent). */
  onebox: ConnectionLog;
  web: TestWebServer;
  servers: AuditServers;
  stop(): Promise<void>;
}

export async function startAuditWorld(stackDir: string): Promise<AuditWorld> {
  const servers = await startAuditServers(stackDir, Object.keys(STS_POLICIES));
  const stops: (() => Promise<void>)[] = [servers.stop];
  try {
    const dns = await startDnsServer({ host: A.dns, zone: auditZone(makeKeys()) });
    stops.push(dns.close);
    const [cert, key] = await Promise.all([readFile(servers.certs.good.cert, 'utf8'), readFile(servers.certs.good.key, 'utf8')]);
    const web = await startWebServer({ host: A.web, cert, key, httpPort: 0 });
    stops.push(web.close);
    for (const [host, body] of Object.entries(STS_POLICIES)) web.route(`https://${host}/.well-known/mta-sts.txt`, { body, headers: { 'content-type': 'text/plain' } });
    const onebox: ConnectionLog = { intervals: [] };
    const box = (port: number, protocol: 'smtp' | 'imap', mode: 'implicit' | 'starttls'): Promise<Responder> => startResponder({ host: A.onebox, port, protocol, tls: mode, cert, key, counter: onebox, acceptDelayMs: 20 });
    const responders: Responder[] = await Promise.all([
      box(25, 'smtp', 'starttls'), box(587, 'smtp', 'starttls'), box(465, 'smtp', 'implicit'), box(143, 'imap', 'starttls'), box(993, 'imap', 'implicit'),
      // Discovery's web requests to the box (autoconfig, Autodiscover) land here: counted, answered with nonsense.
      box(443, 'smtp', 'implicit'), box(80, 'smtp', 'starttls'),
      startResponder({ host: A.injectable, port: 587, protocol: 'smtp', tls: 'starttls', cert, key, injectable: true }),
      startResponder({ host: A.preauth, port: 143, protocol: 'imap', tls: 'starttls', cert, key, preauth: true }),
      startResponder({ host: A.preauth, port: 993, protocol: 'imap', tls: 'implicit', cert, key, preauth: true }),
      startResponder({ host: A.oldTls, port: 465, protocol: 'smtp', tls: 'implicit', cert, key, onlyTls: 'TLSv1' }),
      startResponder({ host: A.oldTls, port: 993, protocol: 'imap', tls: 'implicit', cert, key, onlyTls: 'TLSv1' }),
      startResponder({ host: A.named, port: 2525, protocol: 'smtp', tls: 'starttls', cert, key }),
      startResponder({ host: A.named, port: 10993, protocol: 'imap', tls: 'implicit', cert, key }),
    ]);
    for (const r of responders) stops.push(r.close);
    return { dns, onebox, web, servers, stop: async () => void (await Promise.allSettled(stops.reverse().map((s) => s()))) };
  } catch (e) {
    await Promise.allSettled(stops.map((s) => s()));
    throw e;
  }
}
