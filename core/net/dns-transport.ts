// One DNS exchange with one server: UDP first, TCP when the answer was truncated.
import net from 'node:net';
import { randomInt } from 'node:crypto';
import dnsPacket, { type DecodedPacket, type Packet, type RecordType } from 'dns-packet';
import { DnsError } from './types.js';
import type { DnsServer } from './dns-server-spec.js';
import { channelFor } from './udp-channel.js';

/** Largest message we accept (the DNS maximum over TCP). */
const MAX_MESSAGE_BYTES = 65_535;
/** EDNS0 payload size recommended by DNS Flag Day 2020 to avoid fragmentation. */
const EDNS_UDP_SIZE = 1232;

export interface DnsReply {
  packet: DecodedPacket;
  rcode: string;
  authenticated: boolean;
}

export function buildQuery(name: string, type: RecordType, id: number): Packet {
  return {
    type: 'query',
    id,
    flags: dnsPacket.RECURSION_DESIRED,
    questions: [{ type, name, class: 'IN' }],
    // EDNS0 with the DO bit: ask a validating resolver to report DNSSEC status (AD bit).
    additionals: [{ type: 'OPT', name: '.', udpPayloadSize: EDNS_UDP_SIZE, extendedRcode: 0, ednsVersion: 0, flags: dnsPacket.DNSSEC_OK, flag_do: true, options: [] }],
  };
}

function matches(reply: DecodedPacket, id: number, name: string, type: RecordType): boolean {
  const q = reply.questions?.[0];
  return reply.type === 'response' && reply.id === id && q !== undefined && q.type === type && q.name.toLowerCase() === name.toLowerCase();
}

function toReply(packet: DecodedPacket): DnsReply {
  const rcode = (packet as DecodedPacket & { rcode?: string }).rcode ?? 'NOERROR';
  return { packet, rcode, authenticated: packet.flag_ad };
}

function abortError(name: string): DnsError {
  return new DnsError('CANCELLED', name, `DNS lookup of ${name} was cancelled`);
}

function timeoutError(name: string, server: DnsServer, ms: number): DnsError {
  return new DnsError('TIMEOUT', name, `DNS server ${server.host} did not answer for ${name} within ${ms} ms`);
}

/** Runs `start` until it settles, the timeout fires or the signal aborts; `cleanup` always runs. */
function bounded<T>(
  name: string,
  server: DnsServer,
  timeoutMs: number,
  signal: AbortSignal | undefined,
  start: (resolve: (v: T) => void, reject: (e: Error) => void) => () => void,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    if (signal?.aborted) return reject(abortError(name));
    let cleanup: () => void = () => undefined;
    const finish = (fn: () => void): void => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      cleanup();
      fn();
    };
    const onAbort = (): void => finish(() => reject(abortError(name)));
    const timer = setTimeout(() => finish(() => reject(timeoutError(name, server, timeoutMs))), timeoutMs);
    signal?.addEventListener('abort', onAbort, { once: true });
    cleanup = start(
      (v) => finish(() => resolve(v)),
      (e) => finish(() => reject(e)),
    );
  });
}

function udpFailure(name: string, server: DnsServer, e: Error): DnsError {
  if ((e as NodeJS.ErrnoException).code === 'ECONNREFUSED') {
    return new DnsError('ERROR', name, `no DNS server answers at ${server.host} port ${server.port} (the port is closed)`);
  }
  return new DnsError('ERROR', name, `DNS query to ${server.host} port ${server.port} failed: ${e.message}`);
}

function queryUdp(server: DnsServer, name: string, type: RecordType, timeoutMs: number, signal?: AbortSignal): Promise<DnsReply> {
  return bounded(name, server, timeoutMs, signal, (resolve, reject) => {
    const channel = channelFor(server);
    const id = channel.open({
      message(buf) {
        let packet: DecodedPacket;
        try {
          packet = dnsPacket.decode(buf);
        } catch {
          return;
        }
        // Our id and our question, or it is not our answer (spoofing, a late answer to another query).
        if (matches(packet, id, name, type)) resolve(toReply(packet));
      },
      failed: (e) => reject(udpFailure(name, server, e)),
    });
    const message = dnsPacket.encode(buildQuery(name, type, id));
    const send = (): void => void channel.send(message).catch((e: unknown) => reject(udpFailure(name, server, e instanceof Error ? e : new Error(String(e)))));
    send();
    // UDP may drop the query or the answer (a busy server, a full buffer): ask again, as stub resolvers do.
    const resend = setInterval(send, Math.max(250, Math.floor(timeoutMs / 4)));
    return () => {
      clearInterval(resend);
      channel.done(id);
    };
  });
}

function queryTcp(server: DnsServer, name: string, type: RecordType, timeoutMs: number, signal?: AbortSignal): Promise<DnsReply> {
  const id = randomInt(0, 65536);
  const message = dnsPacket.streamEncode(buildQuery(name, type, id));
  return bounded(name, server, timeoutMs, signal, (resolve, reject) => {
    const socket = net.connect({ host: server.host, port: server.port });
    let buffered = Buffer.alloc(0);
    socket.on('connect', () => socket.write(message));
    socket.on('data', (chunk) => {
      buffered = Buffer.concat([buffered, chunk]);
      if (buffered.length > MAX_MESSAGE_BYTES + 2) return reject(new DnsError('ERROR', name, `DNS answer for ${name} is too large`));
      if (buffered.length < 2) return;
      const length = buffered.readUInt16BE(0);
      if (buffered.length < length + 2) return;
      try {
        const packet = dnsPacket.decode(buffered.subarray(2, 2 + length));
        if (matches(packet, id, name, type)) resolve(toReply(packet));
        else reject(new DnsError('ERROR', name, `DNS server ${server.host} answered a different question`));
      } catch {
        reject(new DnsError('ERROR', name, `DNS server ${server.host} sent a malformed answer for ${name}`));
      }
    });
    socket.on('error', (e) => reject(new DnsError('ERROR', name, `DNS over TCP to ${server.host} failed: ${e.message}`)));
    socket.on('end', () => reject(new DnsError('ERROR', name, `DNS server ${server.host} closed the TCP connection without an answer`)));
    return () => socket.destroy();
  });
}

/** Asks one server; a truncated UDP answer is repeated over TCP (RFC 7766). */
export async function exchange(server: DnsServer, name: string, type: RecordType, timeoutMs: number, signal?: AbortSignal): Promise<DnsReply> {
  const udp = await queryUdp(server, name, type, timeoutMs, signal);
  if (!udp.packet.flag_tc) return udp;
  return queryTcp(server, name, type, timeoutMs, signal);
}
