// One domain's audit: DNS checks, client setup (discovery), then every server in its
// roles, all at once where nothing depends on another; each check is reported the
// moment it is known, and the report lists them in a fixed order.
import { setMaxListeners } from 'node:events';
import { countsOf, verdictOf, type AuditCheck, type AuditParams, type AuditReport } from '../../shared/audit.js';
import type { Deps } from '../deps.js';
import type { HandlerContext } from '../handlers.js';
import { createConnectionGate } from '../net/connection-gate.js';
import { gatedHttp } from '../net/gated-http.js';
import { createHttpFetcher } from '../net/http.js';
import type { DnsResolver } from '../net/types.js';
import { checkClientSetup } from './client-setup.js';
import { checkDkim } from './dns/dkim.js';
import { checkDmarc } from './dns/dmarc.js';
import { checkMtaSts } from './dns/mta-sts.js';
import { checkMx, firstAddress } from './dns/mx.js';
import { checkSpf } from './dns/spf.js';
import { checkTlsRpt } from './dns/tls-rpt.js';
import { inspectionContext } from './inspect-context.js';
import { auditRole, type ServerEnv } from './server/audit-role.js';
import { ASPECT_ORDER, type Role } from './server/port-checks.js';

export const DEFAULT_AUDIT_TIMEOUT_MS = 10_000;

const DNS_ORDER = ['dns.mx', 'dns.spf', 'dns.dmarc', 'dns.dkim', 'dns.mta-sts', 'dns.tls-rpt', 'client.autoconfig'];
const ROLE_ORDER: Role[] = ['submission', 'imap', 'mx'];
const PORT_ORDER = [587, 465, 993, 143, 25];

/** Fixed report order: DNS, client setup, then per role, host (first seen), port (standard ones first) and aspect. */
function orderKey(c: AuditCheck, hostRank: Map<string, number>): number[] {
  const dns = DNS_ORDER.indexOf(c.id);
  if (dns >= 0) return [0, dns];
  const [role = '', , aspect = ''] = c.id.split('.');
  const port = c.port ?? 0;
  const standard = PORT_ORDER.indexOf(port);
  return [1, ROLE_ORDER.indexOf(role as Role), hostRank.get(`${role}:${c.host}`) ?? 0, standard >= 0 ? standard : PORT_ORDER.length + port, ASPECT_ORDER.indexOf(aspect)];
}

function compareKeys(a: number[], b: number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

export interface AuditRun {
  domain: string;
  params: AuditParams;
  deps: Deps;
  resolver: DnsResolver;
  ctx: HandlerContext;
}

export async function runAudit({ domain, params, deps, resolver, ctx }: AuditRun): Promise<AuditReport> {
  const started = deps.clock.now();
  const extraCa = [...deps.extraCa, ...(params.caPem ? [params.caPem] : [])];
  const gate = ctx.gate ?? createConnectionGate(2);
  const http = gatedHttp(params.caPem ? createHttpFetcher(resolver, extraCa) : deps.makeHttp(resolver), resolver, gate);
  const timeoutMs = params.timeoutMs ?? DEFAULT_AUDIT_TIMEOUT_MS;
  const signal = ctx.signal;
  // Dozens of lookups and connections listen to the one signal at once, by design.
  if (signal) setMaxListeners(256, signal);
  const checks: AuditCheck[] = [];
  const emit = (made: AuditCheck): void => {
    // One key order for every check, as the JSON contract lists them.
    const { id, status, host, port, title, detail, fix } = made;
    const check: AuditCheck = { id, status, ...(host !== undefined ? { host } : {}), ...(port !== undefined ? { port } : {}), title, detail, ...(fix !== undefined ? { fix } : {}) };
    checks.push(check);
    try {
      ctx.emit?.('audit:progress', { domain, check });
    } catch {
      // A broken listener must not break the audit.
    }
  };
  const hostRank = new Map<string, number>();
  const env: Omit<ServerEnv, 'mtaStsEnforce'> = {
    gate, secureContext: inspectionContext(extraCa), tlsSessions: new Map(), timeoutMs, now: () => Date.now(), ...(signal ? { signal } : {}),
  };
  const skipped = (id: string, title: string, why: string): AuditCheck => ({ id, status: 'skipped', title, detail: `Not checked: ${why}.` });

  const mx = checkMx(domain, resolver, signal).then((m) => (emit(m.check), m));
  const simple = [checkSpf(domain, resolver, signal), checkDmarc(domain, resolver, signal), checkTlsRpt(domain, resolver, signal)].map((p) => p.then(emit));
  const dkim = mx.then(async (m) => emit(m.nullMx ? skipped('dns.dkim', 'DKIM keys (signatures on outgoing mail)', 'the domain takes no mail (null MX)') : await checkDkim(domain, params.dkimSelectors ?? [], resolver, signal)));
  const mtaSts = mx.then(async (m) => {
    const o = await checkMtaSts(domain, m.names, resolver, http, timeoutMs, signal);
    emit(o.check);
    return o.enforce;
  });
  const serverEnv: ServerEnv = { ...env, mtaStsEnforce: mtaSts };
  const audits: Promise<unknown>[] = [];
  const auditHost = async (role: Role, host: string, named?: AuditParams['smtp']): Promise<void> => {
    const name = host.toLowerCase().replace(/\.$/, '');
    if (hostRank.has(`${role}:${name}`)) return;
    hostRank.set(`${role}:${name}`, hostRank.size);
    const address = await firstAddress(resolver, name, signal);
    const extraPort = named ? { extraPort: { port: named.port, implicitTls: named.security === 'tls' } } : {};
    if (address) await auditRole({ role, host: name, address, domain, ...extraPort }, serverEnv, emit);
  };

  const mxServers = mx.then(async (m) => {
    if (params.noProbe || m.nullMx) return;
    await Promise.all(m.hosts.map((h) => auditHost('mx', h.name)));
  });
  const client = mx.then(async (m) => {
    let setup: { submissionHost?: string; imapHost?: string } = {};
    if (m.nullMx) emit(skipped('client.autoconfig', 'Automatic setup in mail apps', 'the domain takes no mail (null MX)'));
    else {
      const discoveryCtx: HandlerContext = { gate, ...(signal ? { signal } : {}) };
      // Discovery asks through the audit's own resolver and fetcher: one cache, one --ca.
      const found = await checkClientSetup(domain, { ...deps, makeResolver: () => resolver, makeHttp: () => http }, { ...(params.resolver ? { resolver: params.resolver } : {}), noGuess: params.noProbe === true }, discoveryCtx);
      emit(found.check);
      setup = found;
    }
    if (params.noProbe) return;
    const submission = params.smtp?.host ?? setup.submissionHost;
    const imap = params.imap?.host ?? setup.imapHost;
    await Promise.all([submission && auditHost('submission', submission, params.smtp), imap && auditHost('imap', imap, params.imap)]);
  });
  audits.push(mx, ...simple, dkim, mtaSts, mxServers, client);
  await Promise.all(audits);

  const keys = new Map(checks.map((c) => [c, orderKey(c, hostRank)]));
  checks.sort((a, b) => compareKeys(keys.get(a) ?? [], keys.get(b) ?? []));
  return { domain, verdict: verdictOf(checks), counts: countsOf(checks), ms: Math.round(deps.clock.now() - started), checks };
}
