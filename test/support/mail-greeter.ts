// Plain TCP listeners that speak just the start of IMAP, POP3 and SMTP (greeting,
// CAPABILITY / CAPA / EHLO, STARTTLS / STLS), on the real service ports of one loopback
// address, for guessing tests. Every line received is recorded, so tests can prove no
// credentials were ever sent.
import net, { type Socket } from 'node:net';
import tls from 'node:tls';

export type GreeterService = 'imap-tls' | 'imap-starttls' | 'pop3-tls' | 'pop3-starttls' | 'smtp-tls' | 'smtp-starttls';

export const GREETER_PORTS: Record<GreeterService, number> = {
  'imap-tls': 993,
  'imap-starttls': 143,
  'pop3-tls': 995,
  'pop3-starttls': 110,
  'smtp-tls': 465,
  'smtp-starttls': 587,
};

export interface GreeterOptions {
  host: string;
  cert: string;
  key: string;
  services: GreeterService[];
  /** SASL mechanisms to advertise (default PLAIN LOGIN). */
  mechanisms?: string[];
  /** Advertise STARTTLS/STLS on the plain ports (default true). */
  offerStarttls?: boolean;
}

export interface MailGreeter {
  /** Every command line received, per service. */
  received: { service: GreeterService; line: string }[];
  close(): Promise<void>;
}

type Protocol = 'imap' | 'pop3' | 'smtp';

function speak(protocol: Protocol, socket: Socket, opts: GreeterOptions, isTls: boolean, record: (line: string) => void, upgrade: () => void, greet: boolean): void {
  const mechs = opts.mechanisms ?? ['PLAIN', 'LOGIN'];
  const starttls = !isTls && opts.offerStarttls !== false;
  const send = (l: string): void => void socket.write(`${l}\r\n`);
  if (greet) {
    if (protocol === 'imap') send('* OK MailSetup test IMAP ready');
    if (protocol === 'pop3') send('+OK MailSetup test POP3 ready');
    if (protocol === 'smtp') send('220 mx.test ESMTP MailSetup test');
  }
  let buf = '';
  const onData = (chunk: Buffer): void => {
    buf += chunk.toString('latin1');
    let i: number;
    while ((i = buf.indexOf('\n')) >= 0) {
      const line = buf.slice(0, i).replace(/\r$/, '');
      buf = buf.slice(i + 1);
      record(line);
      const [tag = '', cmd = ''] = line.split(' ');
      if (protocol === 'imap') {
        const c = cmd.toUpperCase();
        if (c === 'CAPABILITY') {
          send(`* CAPABILITY IMAP4rev1${starttls ? ' STARTTLS LOGINDISABLED' : ''}${isTls ? mechs.map((m) => ` AUTH=${m}`).join('') : ''}`);
          send(`${tag} OK CAPABILITY completed`);
        } else if (c === 'STARTTLS' && starttls) {
          send(`${tag} OK Begin TLS negotiation now`);
          socket.off('data', onData);
          return upgrade();
        } else if (c === 'LOGOUT') {
          send('* BYE');
          send(`${tag} OK LOGOUT completed`);
          socket.end();
        } else send(`${tag} BAD unknown command`);
      } else if (protocol === 'pop3') {
        const c = tag.toUpperCase();
        if (c === 'CAPA') {
          send('+OK Capability list follows');
          if (starttls) send('STLS');
          if (isTls) {
            send('USER');
            send(`SASL ${mechs.join(' ')}`);
          }
          send('.');
        } else if (c === 'STLS' && starttls) {
          send('+OK Begin TLS');
          socket.off('data', onData);
          return upgrade();
        } else if (c === 'QUIT') {
          send('+OK bye');
          socket.end();
        } else send('-ERR unknown command');
      } else {
        const c = tag.toUpperCase();
        if (c === 'EHLO') {
          send('250-mx.test');
          if (starttls) send('250-STARTTLS');
          if (isTls) send(`250-AUTH ${mechs.join(' ')}`);
          send('250 8BITMIME');
        } else if (c === 'STARTTLS' && starttls) {
          send('220 Ready to start TLS');
          socket.off('data', onData);
          return upgrade();
        } else if (c === 'QUIT') {
          send('221 bye');
          socket.end();
        } else send('502 unknown command');
      }
    }
  };
  socket.on('data', onData);
}

export async function startMailGreeter(opts: GreeterOptions): Promise<MailGreeter> {
  const received: MailGreeter['received'] = [];
  const servers: net.Server[] = [];
  const sockets = new Set<Socket>();
  const context = tls.createSecureContext({ cert: opts.cert, key: opts.key });
  for (const service of opts.services) {
    const [protocol, mode] = service.split('-') as [Protocol, 'tls' | 'starttls'];
    const record = (line: string): void => void received.push({ service, line });
    const onSocket = (socket: Socket, isTls: boolean, greet: boolean): void => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => undefined);
      const upgrade = (): void => {
        const secure = new tls.TLSSocket(socket, { isServer: true, secureContext: context });
        secure.on('error', () => undefined);
        onSocket(secure, true, false);
      };
      speak(protocol, socket, opts, isTls, record, upgrade, greet);
    };
    const server =
      mode === 'tls'
        ? tls.createServer({ cert: opts.cert, key: opts.key }, (s) => onSocket(s, true, true))
        : net.createServer((s) => onSocket(s, false, true));
    server.on('tlsClientError', () => undefined);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(GREETER_PORTS[service], opts.host, () => resolve());
    });
    servers.push(server);
  }
  return {
    received,
    async close() {
      for (const s of sockets) s.destroy();
      await Promise.all(servers.map((s) => new Promise<void>((r) => s.close(() => r()))));
    },
  };
}
