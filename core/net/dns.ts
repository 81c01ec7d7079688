// A small stub resolver on dns-packet: the engine's only way to ask DNS, so that
// `--resolver HOST[:PORT]` really governs every lookup, including the host names
// connected to (via `lookup`). Reads the AD bit so DNSSEC-validated answers are known.
import dns from 'node:dns';
import net, { type LookupFunction } from 'node:net';
import type { Answer, OptAnswer, RecordType } from 'dns-packet';
import { exchange, type DnsReply } from './dns-transport.js';
import { parseDnsServer, type DnsServer } from './dns-server-spec.js';
import { DnsError, type DnsAnswer, type DnsResolver, type MxRecord, type SrvRecord } from './types.js';

export interface ResolverOptions {
  /** Per-query timeout per server, in milliseconds. */
  timeoutMs?: number;
}

/**
 * More records than this in one answer are ignored (a hostile server cannot flood us);
 * the best ones by the record type's own order are kept, never the first to arrive.
 */
const MAX_RECORDS = 64;
const MAX_CNAME_HOPS = 8;

type DataAnswer = Exclude<Answer, OptAnswer>;
const hasData = (a: Answer): a is DataAnswer => a.type !== 'OPT';
const DEFAULT_TIMEOUT_MS = 2500;

/** Refuses names that could smuggle anything onto the wire (CR/LF, spaces, overlong). */
export function validateQueryName(name: string): string {
  const n = name.trim().replace(/\.$/, '').toLowerCase();
  if (n === '' || n.length > 253 || !/^[a-z0-9_.-]+$/.test(n) || n.split('.').some((l) => l === '' || l.length > 63)) {
    throw new DnsError('ERROR', name.replace(/[\r\n]/g, ' '), `"${name.replace(/[\r\n]/g, '\\n')}" is not a valid DNS name`);
  }
  return n;
}

function systemServers(): DnsServer[] {
  const servers = dns.getServers().map(parseDnsServer).filter((s): s is DnsServer => s !== null);
  return servers.length > 0 ? servers : [{ host: '127.0.0.1', port: 53, family: 4 }];
}

/** RFC 2782 order: priority ascending; among equals, heavier weight first (deterministic). */
export function compareSrv(a: SrvRecord, b: SrvRecord): number {
  return a.priority - b.priority || b.weight - a.weight;
}

/** The best `MAX_RECORDS` of `records` by `compare`, ties in arrival order. */
function best<T>(records: readonly T[], compare: (a: T, b: T) => number): T[] {
  return [...records].sort(compare).slice(0, MAX_RECORDS);
}

/**
 * Follows the CNAME chain inside one answer and returns every record of `type` at its
 * end. Not capped here: the message is at most 64 KiB, and a cap before sorting could
 * drop the preferred record.
 */
function recordsOf(reply: DnsReply, qname: string, type: RecordType): DataAnswer[] {
  const answers = (reply.packet.answers ?? []).filter(hasData);
  const names = new Set([qname]);
  let current = qname;
  for (let hop = 0; hop < MAX_CNAME_HOPS; hop++) {
    const cname = answers.find((a) => a.type === 'CNAME' && a.name.toLowerCase() === current && type !== 'CNAME');
    if (!cname) break;
    current = String(cname.data).toLowerCase().replace(/\.$/, '');
    names.add(current);
  }
  return answers.filter((a) => a.type === type && names.has(a.name.toLowerCase()));
}

function errorFor(rcode: string, name: string, server: DnsServer): DnsError {
  switch (rcode) {
    case 'NXDOMAIN':
      return new DnsError('NXDOMAIN', name, `${name} does not exist (NXDOMAIN)`);
    case 'SERVFAIL':
      return new DnsError('SERVFAIL', name, `DNS server ${server.host} failed to resolve ${name} (SERVFAIL)`);
    case 'REFUSED':
      return new DnsError('REFUSED', name, `DNS server ${server.host} refused to answer for ${name}`);
    default:
      return new DnsError('ERROR', name, `DNS server ${server.host} answered ${rcode} for ${name}`);
  }
}

export function createResolver(spec?: string, options: ResolverOptions = {}): DnsResolver {
  let servers: DnsServer[];
  if (spec !== undefined) {
    const server = parseDnsServer(spec);
    if (!server) throw new DnsError('ERROR', spec, `"${spec.replace(/[\r\n]/g, ' ')}" is not a DNS server address; expected IP[:PORT], e.g. 127.0.0.53 or [::1]:5353`);
    servers = [server];
  } else {
    servers = systemServers();
  }
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;

  /** Tries each server in turn; NXDOMAIN and NODATA are answers, not reasons to move on. */
  async function query(rawName: string, type: RecordType, signal?: AbortSignal): Promise<{ records: DataAnswer[]; authenticated: boolean }> {
    const name = validateQueryName(rawName);
    let lastError: DnsError | undefined;
    for (const server of servers) {
      let reply: DnsReply;
      try {
        reply = await exchange(server, name, type, timeoutMs, signal);
      } catch (e) {
        if (e instanceof DnsError && e.kind === 'CANCELLED') throw e;
        lastError = e instanceof DnsError ? e : new DnsError('ERROR', name, String(e));
        continue;
      }
      if (reply.rcode === 'SERVFAIL' || reply.rcode === 'REFUSED') {
        lastError = errorFor(reply.rcode, name, server);
        continue;
      }
      if (reply.rcode !== 'NOERROR') throw errorFor(reply.rcode, name, server);
      const records = recordsOf(reply, name, type);
      if (records.length === 0) throw new DnsError('NODATA', name, `${name} has no ${type} record`);
      return { records, authenticated: reply.authenticated };
    }
    throw lastError ?? new DnsError('ERROR', name, `no DNS server to ask for ${name}`);
  }

  async function addresses(name: string, signal?: AbortSignal): Promise<DnsAnswer<{ address: string; family: 4 | 6 }>> {
    const family = net.isIP(name);
    if (family === 4 || family === 6) return { records: [{ address: name, family }], authenticated: false };
    const [a, aaaa] = await Promise.allSettled([query(name, 'A', signal), query(name, 'AAAA', signal)]);
    const records: { address: string; family: 4 | 6 }[] = [];
    let authenticated = true;
    if (a.status === 'fulfilled') {
      records.push(...a.value.records.map((r) => ({ address: String(r.data), family: 4 as const })));
      authenticated &&= a.value.authenticated;
    }
    if (aaaa.status === 'fulfilled') {
      records.push(...aaaa.value.records.map((r) => ({ address: String(r.data), family: 6 as const })));
      authenticated &&= aaaa.value.authenticated;
    }
    if (records.length > 0) return { records: records.slice(0, MAX_RECORDS), authenticated };
    // Report the more telling failure: a real error beats "no AAAA".
    const errors = [a, aaaa].map((r) => (r.status === 'rejected' ? r.reason : null)).filter((e): e is DnsError => e instanceof DnsError);
    const telling = errors.find((e) => e.kind !== 'NODATA' && e.kind !== 'NXDOMAIN') ?? errors.find((e) => e.kind === 'NXDOMAIN') ?? errors[0];
    throw telling ?? new DnsError('NODATA', name, `${name} has no address`);
  }

  const lookup = spec === undefined ? (dns.lookup as unknown as LookupFunction) : makeLookup(addresses);

  return {
    async mx(name, signal) {
      const r = await query(name, 'MX', signal);
      const records: MxRecord[] = r.records.map((a) => {
        const d = a.data as { preference?: number; exchange: string };
        return { exchange: d.exchange.replace(/\.$/, '').toLowerCase(), priority: d.preference ?? 0 };
      });
      return { records: best(records, (a, b) => a.priority - b.priority), authenticated: r.authenticated };
    },
    async srv(name, signal) {
      const r = await query(name, 'SRV', signal);
      const records: SrvRecord[] = r.records.map((a) => {
        const d = a.data as { port: number; target: string; priority?: number; weight?: number };
        // The root name "." (decoded as "" or ".") means "service not offered" (RFC 2782).
        const target = d.target === '.' ? '.' : d.target.replace(/\.$/, '').toLowerCase() || '.';
        return { name: target, port: d.port, priority: d.priority ?? 0, weight: d.weight ?? 0 };
      });
      return { records: best(records, compareSrv), authenticated: r.authenticated };
    },
    async txt(name, signal) {
      const r = await query(name, 'TXT', signal);
      const records = r.records.map((a) => {
        const d = a.data as string | Buffer | (string | Buffer)[];
        return (Array.isArray(d) ? d : [d]).map((x) => x.toString()).join('');
      });
      return { records: records.slice(0, MAX_RECORDS), authenticated: r.authenticated };
    },
    async cname(name, signal) {
      const r = await query(name, 'CNAME', signal);
      return { records: r.records.slice(0, MAX_RECORDS).map((a) => String(a.data).replace(/\.$/, '').toLowerCase()), authenticated: r.authenticated };
    },
    addresses,
    lookup,
  };
}

/** A net/tls-compatible lookup over our own resolver (supports `all` and `family`). */
function makeLookup(addresses: DnsResolver['addresses']): LookupFunction {
  return ((hostname: string, options: dns.LookupOptions, callback: (err: NodeJS.ErrnoException | null, address: string | dns.LookupAddress[], family?: number) => void) => {
    addresses(hostname).then(
      (answer) => {
        const wanted = options.family === 4 || options.family === 6 ? answer.records.filter((r) => r.family === options.family) : answer.records;
        // Prefer IPv4 first, like the OS default on most systems, for predictable behaviour.
        const sorted = [...wanted].sort((x, y) => x.family - y.family);
        const first = sorted[0];
        if (!first) return callback(notFound(hostname), options.all ? [] : '', 0);
        if (options.all) callback(null, sorted.map((r) => ({ address: r.address, family: r.family })));
        else callback(null, first.address, first.family);
      },
      (e: unknown) => {
        const err = notFound(hostname, e instanceof Error ? e.message : String(e));
        if (e instanceof DnsError && e.kind === 'TIMEOUT') err.code = 'ETIMEOUT';
        callback(err, options.all ? [] : '', 0);
      },
    );
  }) as LookupFunction;
}

function notFound(hostname: string, message = `${hostname} has no address`): NodeJS.ErrnoException {
  const err: NodeJS.ErrnoException = new Error(message);
  err.code = 'ENOTFOUND';
  Object.assign(err, { hostname });
  return err;
}
