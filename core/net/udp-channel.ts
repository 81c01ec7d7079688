// DNS over UDP to one server on a shared socket. A socket per query cost more CPU than
// the query itself when thousands of domains are audited; c-ares (Node's own resolver)
// shares its socket too. The source port still changes: a socket carries at most
// QUERIES_PER_SOCKET queries, then a new one (a new random port) takes over, so a forger
// off the path must still guess port and id together (RFC 5452). The socket is connected:
// the kernel drops datagrams from any other address or port, and a server that is not
// there (ICMP port unreachable) fails the query at once instead of after the timeout.
import dgram from 'node:dgram';
import { randomInt } from 'node:crypto';
import type { DnsServer } from './dns-server-spec.js';

/** Queries one socket (one source port) carries before a fresh one takes over. */
export const QUERIES_PER_SOCKET = 64;
/** Largest datagram read; anything longer is not a DNS answer for us. */
const MAX_DATAGRAM = 65_535;

export interface UdpWaiter {
  /** A datagram with this waiter's id arrived (it checks the question itself). */
  message(buf: Buffer): void;
  /** The socket failed (e.g. nothing listens at the server's port). */
  failed(e: Error): void;
}

class Channel {
  private readonly socket: dgram.Socket;
  private readonly waiters = new Map<number, UdpWaiter>();
  private readonly ready: Promise<void>;
  private used = 0;
  private closed = false;

  constructor(
    server: DnsServer,
    private readonly retire: (c: Channel) => void,
  ) {
    this.socket = dgram.createSocket(server.family === 6 ? 'udp6' : 'udp4');
    this.socket.on('message', (buf) => {
      if (buf.length < 12 || buf.length > MAX_DATAGRAM) return;
      this.waiters.get(buf.readUInt16BE(0))?.message(buf);
    });
    this.socket.on('error', (e) => this.fail(e));
    // An idle socket must not keep the process alive; pending queries hold their own timers.
    this.socket.unref();
    this.ready = new Promise<void>((resolve, reject) => {
      this.socket.connect(server.port, server.host, () => resolve());
      this.socket.once('error', reject);
    });
    this.ready.catch(() => undefined);
  }

  get full(): boolean {
    return this.used >= QUERIES_PER_SOCKET || this.closed;
  }

  /** Registers a waiter under a fresh random id (unique on this socket); returns the id. */
  open(waiter: UdpWaiter): number {
    let id = randomInt(0, 65536);
    while (this.waiters.has(id)) id = randomInt(0, 65536);
    this.waiters.set(id, waiter);
    this.used++;
    if (this.full) this.retire(this);
    return id;
  }

  async send(message: Buffer): Promise<void> {
    await this.ready;
    if (!this.closed) this.socket.send(message);
  }

  /** The query with this id is over; a retired socket closes with its last query. */
  done(id: number): void {
    this.waiters.delete(id);
    if (this.full && this.waiters.size === 0) this.close();
  }

  private fail(e: Error): void {
    this.retire(this);
    const waiting = [...this.waiters.values()];
    this.waiters.clear();
    this.close();
    for (const w of waiting) w.failed(e);
  }

  private close(): void {
    if (this.closed) return;
    this.closed = true;
    this.socket.close();
  }
}

const current = new Map<string, Channel>();

/** The socket to use for the next query to `server`. */
export function channelFor(server: DnsServer): Channel {
  const key = `${server.host}|${server.port}`;
  let c = current.get(key);
  if (!c || c.full) {
    c = new Channel(server, (old) => {
      if (current.get(key) === old) current.delete(key);
    });
    current.set(key, c);
  }
  return c;
}
