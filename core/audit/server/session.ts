// One inspection connection: resolve → wait for a slot of the address (at most 2 per
// address for the whole command) → TCP or implicit TLS → line dialogue, STARTTLS upgrade.
// Any certificate is accepted here (nothing secret is ever sent); tls-facts.ts judges it.
import net, { type Socket } from 'node:net';
import tls from 'node:tls';
import { LineReader } from '../../discover/guess/line-reader.js';
import { connectTls } from '../../net/peer-certificate.js';
import type { ConnectionGate } from '../../net/connection-gate.js';

export interface SessionOptions {
  host: string;
  address: string;
  port: number;
  implicitTls: boolean;
  gate: ConnectionGate;
  /** Trusted CAs + old protocols allowed for inspection (see inspect-context.ts). */
  secureContext: tls.SecureContext;
  /**
   * TLS sessions of this audit by host and port: the injection test's connection resumes
   * the main inspection's session (no second certificate to send, verify and convert;
   * the certificate was judged on the first connection).
   */
  tlsSessions?: Map<string, Buffer>;
  timeoutMs: number;
  signal?: AbortSignal;
}

export class SessionError extends Error {
  constructor(
    readonly kind: 'refused' | 'timeout' | 'closed' | 'tls' | 'cancelled' | 'error',
    message: string,
  ) {
    super(message);
  }
}

function classify(e: unknown, what: string): SessionError {
  if (e instanceof SessionError) return e;
  const err = e as NodeJS.ErrnoException;
  if (err?.code === 'ECONNREFUSED') return new SessionError('refused', 'connection refused');
  if (err?.code === 'ECANCELLED') return new SessionError('cancelled', 'cancelled');
  if (err?.code === 'ECONNRESET' || /closed the connection/.test(err?.message ?? '')) return new SessionError('closed', `the server closed the connection during ${what}`);
  return new SessionError('error', `${what}: ${err?.message ?? String(e)}`);
}

export class Session {
  private reader: LineReader;
  private constructor(
    public socket: Socket,
    private readonly opts: SessionOptions,
    private readonly release: () => void,
  ) {
    this.reader = new LineReader(socket);
    socket.once('close', release);
  }

  static async open(opts: SessionOptions): Promise<Session> {
    const release = await opts.gate.acquire(opts.address, opts.signal).catch((e: unknown) => {
      throw classify(e, 'waiting');
    });
    try {
      const socket = await Session.connect(opts);
      return new Session(socket, opts, release);
    } catch (e) {
      release();
      throw e;
    }
  }

  private static connect(opts: SessionOptions): Promise<Socket> {
    let pending: Socket | undefined;
    const connecting = Session.bounded(opts, 'connect', new Promise<Socket>((resolve, reject) => {
      const s = opts.implicitTls
        ? Session.resuming(opts, { host: opts.address, port: opts.port })
        : net.connect({ host: opts.address, port: opts.port });
      s.once(opts.implicitTls ? 'secureConnect' : 'connect', () => {
        s.off('error', reject);
        resolve(s);
      });
      s.once('error', (e) => {
        s.destroy();
        const err = e as NodeJS.ErrnoException;
        reject(opts.implicitTls && err.code !== 'ECONNREFUSED' && err.code !== 'ECONNRESET' ? new SessionError('tls', `TLS handshake failed: ${err.message}`) : classify(e, 'connect'));
      });
      // Cancelling destroys the socket; the listener goes when the socket does.
      const onAbort = (): void => void s.destroy();
      opts.signal?.addEventListener('abort', onAbort, { once: true });
      s.once('close', () => opts.signal?.removeEventListener('abort', onAbort));
      pending = s;
    }));
    // Given up (timeout): a connection that completes later must not linger.
    connecting.catch(() => pending?.destroy());
    return connecting;
  }

  /** A TLS connection that offers the last session of this host and port, and keeps the next one. */
  private static resuming(opts: SessionOptions, where: tls.ConnectionOptions): tls.TLSSocket {
    const key = `${opts.host} ${opts.address} ${opts.port}`;
    const session = opts.tlsSessions?.get(key);
    // The audit reports the leaf only (its names, dates and issuer) and the trust verdict.
    const socket = connectTls({ ...where, chain: 'leaf', servername: net.isIP(opts.host) ? undefined : opts.host, secureContext: opts.secureContext, rejectUnauthorized: false, ...(session ? { session } : {}) });
    socket.on('session', (s: Buffer) => opts.tlsSessions?.set(key, s));
    return socket;
  }

  private static bounded<T>(opts: SessionOptions, what: string, p: Promise<T>, ms = opts.timeoutMs): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => reject(new SessionError('timeout', `no answer within ${ms} ms (${what})`)), ms);
      p.then(resolve, (e: unknown) => reject(classify(e, what))).finally(() => clearTimeout(timer));
    });
  }

  get tlsSocket(): tls.TLSSocket | undefined {
    return this.socket instanceof tls.TLSSocket ? this.socket : undefined;
  }

  /** The next line; `ms` overrides the step timeout (short waits for unsolicited data). */
  line(what: string, ms?: number): Promise<string> {
    return Session.bounded(this.opts, what, this.reader.next(), ms);
  }

  /** Sends raw text (one write, so pipelined commands share a packet). CR/LF only as separators. */
  write(lines: string[]): void {
    if (lines.some((l) => /[\r\n\u0000]/.test(l))) throw new Error('refusing to send a line break inside a command');
    this.socket.write(lines.map((l) => `${l}\r\n`).join(''));
  }

  /** Hands the plain socket to TLS (STARTTLS). Plaintext already buffered is discarded, as it must be. */
  async upgrade(): Promise<tls.TLSSocket> {
    this.reader.detach();
    const plain = this.socket;
    plain.on('error', () => undefined);
    const secure = Session.resuming(this.opts, { socket: plain });
    await Session.bounded(this.opts, 'TLS handshake', new Promise<void>((resolve, reject) => {
      secure.once('secureConnect', resolve);
      secure.once('error', (e) => reject(new SessionError('tls', `TLS handshake failed: ${e.message}`)));
      plain.once('close', () => reject(new SessionError('tls', 'the server closed the connection during the TLS handshake')));
    }));
    secure.on('error', () => undefined);
    this.socket = secure;
    this.reader = new LineReader(secure);
    return secure;
  }

  close(): void {
    this.reader.detach();
    this.socket.on('error', () => undefined);
    this.socket.destroy();
    this.release();
  }
}
