// A DNS server for tests on a loopback address (UDP and TCP on the same port), serving
// zones given as plain objects. Knows NXDOMAIN vs NODATA, CNAME chains, per-name delays,
// names that never answer, the AD bit, and forced truncation (to exercise TCP fallback).
// Like a real server, a UDP answer larger than the query's EDNS0 payload size (512 bytes
// without EDNS0) is cut to the records that fit and sent with the TC bit.
import dgram from 'node:dgram';
import net from 'node:net';
import dnsPacket, { type Answer, type DecodedPacket, type RecordType } from 'dns-packet';

export interface ZoneEntry {
  A?: string[];
  AAAA?: string[];
  MX?: { priority: number; exchange: string }[];
  SRV?: { priority: number; weight: number; port: number; target: string }[];
  TXT?: string[];
  CNAME?: string;
  /** Added to every answer for this name, in ms. */
  delayMs?: number;
  /** Never answer queries for this name (a black hole). */
  neverAnswer?: boolean;
  /** Set the AD (DNSSEC-validated) bit on answers for this name. */
  ad?: boolean;
  /** Answer UDP with TC set and nothing else, so the client must retry over TCP. */
  truncate?: boolean;
}

export type Zone = Record<string, ZoneEntry>;

export interface DnsServerOptions {
  host?: string;
  zone: Zone;
  /** Added to every answer, in ms (latency simulation). */
  delayMs?: number;
  /** AD bit on every answer. */
  ad?: boolean;
  /** The zone never changes after the start: which names have names below them is worked out once (the benchmark's zone has thousands of names). */
  frozen?: boolean;
}

export interface TestDnsServer {
  host: string;
  port: number;
  /** "HOST:PORT" for --resolver / createResolver. */
  spec: string;
  /** Every question received; `dnssecOk` is the EDNS0 DO bit of the query; `port` is the asker's source port. */
  queries: { name: string; type: string; transport: 'udp' | 'tcp'; dnssecOk: boolean; port: number }[];
  zone: Zone;
  close(): Promise<void>;
}

const norm = (n: string): string => n.toLowerCase().replace(/\.$/, '');
const dnssecOk = (q: DecodedPacket): boolean => (q.additionals ?? []).some((a) => a.type === 'OPT' && a.flag_do);

const parentsOf = new WeakMap<Zone, Set<string>>();

/** The names that have names below them (NODATA, not NXDOMAIN). */
function parentNames(zone: Zone): Set<string> {
  const names = new Set<string>();
  for (const k of Object.keys(zone)) for (let i = k.indexOf('.'); i >= 0; i = k.indexOf('.', i + 1)) names.add(k.slice(i + 1));
  return names;
}

/** A name with names below it exists. A frozen zone's parents are listed once; tests that change their zone are answered from it as it is now. */
function hasChildren(zone: Zone, name: string, frozen: boolean): boolean {
  if (!frozen) return Object.keys(zone).some((k) => k.endsWith(`.${name}`));
  let parents = parentsOf.get(zone);
  if (!parents) parentsOf.set(zone, (parents = parentNames(zone)));
  return parents.has(name);
}

function answersFor(zone: Zone, qname: string, qtype: RecordType, frozen = false): { rcode: number; answers: Answer[] } {
  const answers: Answer[] = [];
  let name = qname;
  for (let hop = 0; hop < 8; hop++) {
    const entry = zone[name];
    if (!entry) {
      if (hop > 0) return { rcode: 0, answers };
      return { rcode: hasChildren(zone, name, frozen) ? 0 : 3, answers };
    }
    if (entry.CNAME && qtype !== 'CNAME') {
      answers.push({ type: 'CNAME', name, ttl: 60, class: 'IN', data: entry.CNAME });
      name = norm(entry.CNAME);
      continue;
    }
    switch (qtype) {
      case 'A':
        for (const a of entry.A ?? []) answers.push({ type: 'A', name, ttl: 60, class: 'IN', data: a });
        break;
      case 'AAAA':
        for (const a of entry.AAAA ?? []) answers.push({ type: 'AAAA', name, ttl: 60, class: 'IN', data: a });
        break;
      case 'MX':
        for (const m of entry.MX ?? []) answers.push({ type: 'MX', name, ttl: 60, class: 'IN', data: { preference: m.priority, exchange: m.exchange } });
        break;
      case 'SRV':
        for (const s of entry.SRV ?? []) answers.push({ type: 'SRV', name, ttl: 60, class: 'IN', data: s });
        break;
      case 'TXT':
        // Strings over 255 bytes go out as several character-strings of one record (RFC 7208 3.3).
        for (const t of entry.TXT ?? []) answers.push({ type: 'TXT', name, ttl: 60, class: 'IN', data: t.length > 255 ? (t.match(/.{1,255}/g) ?? []) : t });
        break;
      case 'CNAME':
        if (entry.CNAME) answers.push({ type: 'CNAME', name, ttl: 60, class: 'IN', data: entry.CNAME });
        break;
      default:
        break;
    }
    return { rcode: 0, answers };
  }
  return { rcode: 2, answers: [] };
}

/** The UDP payload size the client offered (RFC 6891), or 512 without EDNS0. */
function udpLimit(query: DecodedPacket): number {
  const opt = (query.additionals ?? []).find((a) => a.type === 'OPT') as { udpPayloadSize?: number } | undefined;
  return Math.max(512, opt?.udpPayloadSize ?? 512);
}

function respond(opts: DnsServerOptions, zone: Zone, query: DecodedPacket, transport: 'udp' | 'tcp'): { delay: number; packet: Buffer | null } {
  const q = query.questions?.[0];
  if (!q) return { delay: 0, packet: null };
  const qname = norm(q.name);
  const entry = zone[qname];
  if (entry?.neverAnswer) return { delay: 0, packet: null };
  const { rcode, answers } = answersFor(zone, qname, q.type, opts.frozen);
  const ad = entry?.ad ?? opts.ad ?? false;
  const truncated = transport === 'udp' && entry?.truncate === true;
  const flags = dnsPacket.RECURSION_DESIRED | dnsPacket.RECURSION_AVAILABLE | (ad ? dnsPacket.AUTHENTIC_DATA : 0) | (truncated ? dnsPacket.TRUNCATED_RESPONSE : 0) | rcode;
  const delay = (opts.delayMs ?? 0) + (entry?.delayMs ?? 0);
  let packet = dnsPacket.encode({ type: 'response', id: query.id, flags, questions: [q], answers: truncated ? [] : answers });
  if (transport === 'udp' && packet.length > udpLimit(query)) {
    const fitting = [...answers];
    while (fitting.length > 0 && packet.length > udpLimit(query)) {
      fitting.pop();
      packet = dnsPacket.encode({ type: 'response', id: query.id, flags: flags | dnsPacket.TRUNCATED_RESPONSE, questions: [q], answers: fitting });
    }
  }
  return { delay, packet };
}

export async function startDnsServer(opts: DnsServerOptions): Promise<TestDnsServer> {
  const host = opts.host ?? '127.0.1.1';
  const queries: TestDnsServer['queries'] = [];
  const timers = new Set<NodeJS.Timeout>();
  const later = (ms: number, fn: () => void): void => {
    if (ms <= 0) return fn();
    const t = setTimeout(() => {
      timers.delete(t);
      fn();
    }, ms);
    timers.add(t);
  };
  const server: TestDnsServer = { host, port: 0, spec: '', queries, zone: opts.zone, close: async () => undefined };

  for (let attempt = 0; attempt < 20; attempt++) {
    const udp = dgram.createSocket(net.isIPv6(host) ? 'udp6' : 'udp4');
    const port = await new Promise<number>((resolve, reject) => {
      udp.once('error', reject);
      udp.bind(0, host, () => resolve(udp.address().port));
    });
    const tcp = net.createServer();
    const tcpOk = await new Promise<boolean>((resolve) => {
      tcp.once('error', () => resolve(false));
      tcp.listen(port, host, () => resolve(true));
    });
    if (!tcpOk) {
      udp.close();
      continue;
    }
    udp.on('message', (msg, rinfo) => {
      let query: DecodedPacket;
      try {
        query = dnsPacket.decode(msg);
      } catch {
        return;
      }
      const q = query.questions?.[0];
      if (q) queries.push({ name: norm(q.name), type: q.type, transport: 'udp', dnssecOk: dnssecOk(query), port: rinfo.port });
      const { delay, packet } = respond(opts, server.zone, query, 'udp');
      if (packet) later(delay, () => udp.send(packet, rinfo.port, rinfo.address));
    });
    const sockets = new Set<net.Socket>();
    tcp.on('connection', (socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => undefined);
      let buf = Buffer.alloc(0);
      socket.on('data', (chunk) => {
        buf = Buffer.concat([buf, chunk]);
        while (buf.length >= 2 && buf.length >= buf.readUInt16BE(0) + 2) {
          const len = buf.readUInt16BE(0);
          const msg = buf.subarray(2, 2 + len);
          buf = buf.subarray(2 + len);
          let query: DecodedPacket;
          try {
            query = dnsPacket.decode(msg);
          } catch {
            continue;
          }
          const q = query.questions?.[0];
          if (q) queries.push({ name: norm(q.name), type: q.type, transport: 'tcp', dnssecOk: dnssecOk(query), port: socket.remotePort ?? 0 });
          const { delay, packet } = respond(opts, server.zone, query, 'tcp');
          if (packet) {
            const framed = Buffer.alloc(packet.length + 2);
            framed.writeUInt16BE(packet.length, 0);
            packet.copy(framed, 2);
            later(delay, () => socket.write(framed));
          }
        }
      });
    });
    server.port = port;
    server.spec = net.isIPv6(host) ? `[${host}]:${port}` : `${host}:${port}`;
    server.close = async () => {
      for (const t of timers) clearTimeout(t);
      for (const s of sockets) s.destroy();
      await Promise.all([new Promise<void>((r) => udp.close(() => r())), new Promise<void>((r) => tcp.close(() => r()))]);
    };
    return server;
  }
  throw new Error(`could not bind a DNS server on ${host}`);
}
