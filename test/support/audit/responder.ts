// A small SMTP/IMAP responder for what Postfix and Dovecot cannot be made to do:
// answering commands pipelined with STARTTLS inside TLS (the CVE-2011-0411 class), a
// PREAUTH greeting, TLS 1.0 only. In "good" form it is also the benchmark's fast server.
import net, { type Socket } from 'node:net';
import tls from 'node:tls';

export interface ResponderOptions {
  host: string;
  port: number;
  protocol: 'smtp' | 'imap';
  /** implicit: TLS from the first byte (465/993); starttls: plaintext that offers STARTTLS. */
  tls: 'implicit' | 'starttls';
  cert: string;
  key: string;
  /** Answer the plaintext commands that arrived with STARTTLS, inside TLS (vulnerable). */
  injectable?: boolean;
  /** IMAP: greet with PREAUTH. */
  preauth?: boolean;
  /** Only this TLS version (e.g. 'TLSv1'). */
  onlyTls?: tls.SecureVersion;
  /** Wait this long before the greeting (accept latency). */
  acceptDelayMs?: number;
  /** Shared across responders: when each connection was accepted and when it closed (ms). */
  counter?: ConnectionLog;
}

export interface ConnectionLog {
  /** `resumed`: the connection's TLS handshake resumed an earlier session. */
  intervals: { start: number; end?: number; resumed?: boolean }[];
}

/**
 * The most connections open at once. The server sees a close a moment after the client
 * made it (FIN in flight), so each end counts `slackMs` earlier: what the client held.
 */
export function maxConcurrent(log: ConnectionLog, slackMs = 5): number {
  const points = log.intervals.flatMap((i) => [[i.start, 1], [(i.end ?? Infinity) - slackMs, -1]] as [number, number][]);
  points.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let open = 0;
  let max = 0;
  for (const [, d] of points) max = Math.max(max, (open += d));
  return max;
}

export interface Responder {
  close(): Promise<void>;
}

type Send = (text: string) => void;

interface Conn {
  secure: boolean;
  send: Send;
  end: () => void;
  startTls: (pending: string) => void;
}

function smtpCommand(line: string, c: Conn): 'starttls' | void {
  const verb = line.split(' ')[0]?.toUpperCase() ?? '';
  switch (verb) {
    case 'EHLO':
      return c.send(['250-audit-responder.test', ...(c.secure ? ['250-AUTH PLAIN LOGIN'] : ['250-STARTTLS']), '250 PIPELINING'].join('\r\n'));
    case 'HELO':
      return c.send('250 audit-responder.test');
    case 'STARTTLS':
      if (c.secure) return c.send('554 5.5.1 TLS already active');
      c.send('220 2.0.0 Ready to start TLS');
      return 'starttls';
    case 'MAIL':
      return c.send('250 2.1.0 Ok');
    case 'RCPT':
      return c.send('554 5.7.1 Relay access denied');
    case 'RSET':
    case 'NOOP':
      return c.send('250 2.0.0 Ok');
    case 'QUIT':
      c.send('221 2.0.0 Bye');
      return c.end();
    default:
      return c.send('502 5.5.2 Error: command not recognized');
  }
}

function imapCommand(line: string, c: Conn, opts: ResponderOptions): 'starttls' | void {
  const [tag = '*', verb = ''] = line.split(' ');
  switch (verb.toUpperCase()) {
    case 'CAPABILITY':
      c.send(`* CAPABILITY IMAP4rev1 ${c.secure ? 'AUTH=PLAIN' : opts.preauth ? '' : 'STARTTLS LOGINDISABLED'}`.trim());
      return c.send(`${tag} OK CAPABILITY completed`);
    case 'STARTTLS':
      if (c.secure || opts.preauth) return c.send(`${tag} BAD STARTTLS not allowed now`);
      c.send(`${tag} OK Begin TLS negotiation now`);
      return 'starttls';
    case 'NOOP':
      return c.send(`${tag} OK NOOP completed`);
    case 'LOGOUT':
      c.send('* BYE logging out');
      c.send(`${tag} OK LOGOUT completed`);
      return c.end();
    default:
      return c.send(`${tag} BAD unknown command`);
  }
}

export async function startResponder(opts: ResponderOptions): Promise<Responder> {
  const tlsOptions: tls.SecureContextOptions = {
    cert: opts.cert, key: opts.key,
    ...(opts.onlyTls ? { minVersion: opts.onlyTls, maxVersion: opts.onlyTls, ciphers: 'DEFAULT@SECLEVEL=0' } : {}),
  };
  const secureContext = tls.createSecureContext(tlsOptions);
  const sockets = new Set<Socket>();

  const serve = (raw: Socket, secureFromStart: boolean, interval: ConnectionLog['intervals'][number]): void => {
    if (raw instanceof tls.TLSSocket) interval.resumed = raw.isSessionReused();
    let socket: Socket = raw;
    let buffer = '';
    const conn: Conn = {
      secure: secureFromStart,
      send: (text) => {
        if (!socket.destroyed) socket.write(`${text}\r\n`);
      },
      end: () => socket.end(),
      startTls: (pending) => {
        socket.removeAllListeners('data');
        const secure = new tls.TLSSocket(raw, { isServer: true, secureContext });
        secure.on('error', () => raw.destroy());
        secure.once('secure', () => {
          interval.resumed = secure.isSessionReused();
          socket = secure;
          conn.secure = true;
          buffer = opts.injectable ? pending : '';
          secure.on('data', onData);
          if (buffer) onData(Buffer.alloc(0));
        });
      },
    };
    const onData = (chunk: Buffer): void => {
      buffer += chunk.toString('latin1');
      if (buffer.length > 64 * 1024) return void socket.destroy();
      let i: number;
      while ((i = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, i).replace(/\r$/, '');
        buffer = buffer.slice(i + 1);
        const r = opts.protocol === 'smtp' ? smtpCommand(line, conn) : imapCommand(line, conn, opts);
        if (r === 'starttls') {
          const pending = buffer;
          buffer = '';
          return conn.startTls(pending);
        }
      }
    };
    socket.on('data', onData);
    const greet = (): void => {
      if (opts.protocol === 'smtp') conn.send('220 audit-responder.test ESMTP');
      else conn.send(opts.preauth ? '* PREAUTH [CAPABILITY IMAP4rev1] logged in as nobody' : '* OK [CAPABILITY IMAP4rev1 STARTTLS LOGINDISABLED] ready');
    };
    if (opts.acceptDelayMs) setTimeout(greet, opts.acceptDelayMs);
    else greet();
  };

  const track = (s: Socket): ConnectionLog['intervals'][number] => {
    sockets.add(s);
    const interval: ConnectionLog['intervals'][number] = { start: performance.now() };
    opts.counter?.intervals.push(interval);
    s.on('close', () => {
      sockets.delete(s);
      interval.end = performance.now();
    });
    s.on('error', () => undefined);
    return interval;
  };
  const server =
    opts.tls === 'implicit'
      ? tls.createServer(tlsOptions, (s) => serve(s, true, track(s)))
      : net.createServer((s) => serve(s, false, track(s)));
  server.on('tlsClientError', () => undefined);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => resolve());
  });
  return {
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
