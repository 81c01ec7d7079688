// Small TCP servers of our own for the cases real servers do not give us: a port that
// accepts and never answers, a man-in-the-middle that strips STARTTLS, and a proxy
// that adds latency (for the benchmark). Each records what the client sent.
import net from 'node:net';

export interface TcpTool {
  host: string;
  port: number;
  /** Every byte the clients sent, in order. */
  clientBytes(): Buffer;
  /** Client→server bursts: how many times a client spoke after the server had (round trips). */
  turns(): number;
  close(): Promise<void>;
}

function listen(server: net.Server, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve((server.address() as net.AddressInfo).port));
  });
}

function closer(server: net.Server, sockets: Set<net.Socket>): () => Promise<void> {
  return () =>
    new Promise((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    });
}

/** Accepts connections and never says a word. */
export async function startSilentServer(host: string, port = 0): Promise<TcpTool> {
  const received: Buffer[] = [];
  const sockets = new Set<net.Socket>();
  const server = net.createServer((s) => {
    sockets.add(s);
    s.on('data', (d) => received.push(d));
    s.on('error', () => undefined);
    s.on('close', () => sockets.delete(s));
  });
  const bound = await listen(server, host, port);
  return { host, port: bound, clientBytes: () => Buffer.concat(received), turns: () => 0, close: closer(server, sockets) };
}

interface ProxyOptions {
  host: string;
  port?: number;
  target: { host: string; port: number };
  /** Delay per chunk, each way (ms). */
  delayMs?: number;
  /** Rewrites plaintext server→client data (line-based), e.g. to strip STARTTLS. */
  rewriteServer?: (text: string) => string;
  /** Answers a client command itself instead of forwarding it; return null to forward. */
  interceptClient?: (line: string) => string | null;
}

/**
 * A TCP proxy. With rewrite/intercept it is a STARTTLS-stripping attacker (it works on
 * the plaintext phase, which is all such an attacker can touch); with delayMs it adds
 * latency to each chunk in both directions, keeping order.
 */
export async function startProxy(opts: ProxyOptions): Promise<TcpTool> {
  const received: Buffer[] = [];
  const sockets = new Set<net.Socket>();
  let turns = 0;
  const server = net.createServer((client) => {
    sockets.add(client);
    const upstream = net.connect(opts.target);
    sockets.add(upstream);
    let lastFrom: 'client' | 'server' | undefined;
    // Per-direction queues keep chunk order when delaying.
    const delayed = (to: net.Socket) => {
      let chain = Promise.resolve();
      return (data: Buffer): void => {
        chain = chain.then(() => new Promise<void>((r) => setTimeout(() => {
          if (!to.destroyed) to.write(data);
          r();
        }, opts.delayMs ?? 0)));
      };
    };
    const toServer = opts.delayMs ? delayed(upstream) : (d: Buffer): void => void upstream.write(d);
    const toClient = opts.delayMs ? delayed(client) : (d: Buffer): void => void client.write(d);
    client.on('data', (d: Buffer) => {
      received.push(d);
      if (lastFrom !== 'client') turns++;
      lastFrom = 'client';
      if (opts.interceptClient) {
        const reply = opts.interceptClient(d.toString('latin1'));
        if (reply !== null) return void client.write(reply);
      }
      toServer(d);
    });
    upstream.on('data', (d: Buffer) => {
      lastFrom = 'server';
      toClient(opts.rewriteServer ? Buffer.from(opts.rewriteServer(d.toString('latin1')), 'latin1') : d);
    });
    const end = (): void => {
      client.destroy();
      upstream.destroy();
    };
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
    client.on('close', () => sockets.delete(client));
    upstream.on('close', () => sockets.delete(upstream));
  });
  const bound = await listen(server, opts.host, opts.port ?? 0);
  return { host: opts.host, port: bound, clientBytes: () => Buffer.concat(received), turns: () => turns, close: closer(server, sockets) };
}

/** The downgrade attacker: removes STARTTLS from EHLO / CAPABILITY and refuses the command itself. */
export function startStarttlsStripper(host: string, port: number, target: { host: string; port: number }): Promise<TcpTool> {
  return startProxy({
    host,
    port,
    target,
    rewriteServer: (text) => text.replace(/^250-STARTTLS\r\n/gim, '').replace(/^250 STARTTLS\r\n/gim, '250 NOOP\r\n').replace(/ STARTTLS\b/g, ''),
    interceptClient: (line) => {
      const smtp = /^STARTTLS\r?\n/i.test(line);
      const imap = /^(\S+) STARTTLS\r?\n/i.exec(line);
      if (smtp) return '502 5.5.1 Error: command not implemented\r\n';
      if (imap) return `${imap[1]} BAD Unknown command\r\n`;
      return null;
    },
  });
}
