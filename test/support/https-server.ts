// HTTPS (:443) and HTTP (:80) servers on one loopback address for tests, answering per
// route (host + path): fixed bodies, delays, hanging responses, huge bodies, redirects,
// or a custom handler. Every request is recorded (headers and body) for assertions.
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import https from 'node:https';
import type { AddressInfo, Socket } from 'node:net';

export interface RecordedRequest {
  scheme: 'http' | 'https';
  host: string;
  method: string;
  /** Path with query string. */
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

export interface Route {
  status?: number;
  body?: string;
  headers?: Record<string, string>;
  delayMs?: number;
  /** Accept the request and never answer. */
  hang?: boolean;
  /** Redirect (302 unless status says otherwise) to this URL. */
  redirect?: string;
  /** Stream this many bytes of filler (no Content-Length unless declareLength). */
  bytes?: number;
  declareLength?: boolean;
  handler?: (req: RecordedRequest, res: ServerResponse) => void;
}

export interface WebServerOptions {
  host: string;
  cert: string;
  key: string;
  /** Added to every response, in ms (latency simulation). */
  latencyMs?: number;
  /** Ports to bind; default 443 and 80. */
  httpsPort?: number;
  httpPort?: number;
}

export interface TestWebServer {
  host: string;
  httpsPort: number;
  httpPort: number;
  requests: RecordedRequest[];
  /** `url` is "https://host/path", "http://host/path" or "*://host/path"; the query is ignored. */
  route(url: string, route: Route): void;
  close(): Promise<void>;
}

function keyOf(scheme: string, host: string, path: string): string {
  return `${scheme}://${host.toLowerCase().replace(/:\d+$/, '')}${path.split('?')[0]}`;
}

export async function startWebServer(opts: WebServerOptions): Promise<TestWebServer> {
  const routes = new Map<string, Route>();
  const requests: RecordedRequest[] = [];
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();

  const handle = (scheme: 'http' | 'https') => (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size < 1_000_000) chunks.push(c);
    });
    req.on('end', () => {
      const host = String(req.headers.host ?? '');
      const rec: RecordedRequest = { scheme, host: host.replace(/:\d+$/, ''), method: req.method ?? 'GET', url: req.url ?? '/', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      requests.push(rec);
      const route = routes.get(keyOf(scheme, host, rec.url)) ?? routes.get(keyOf('*', host, rec.url));
      const reply = (): void => {
        if (!route) {
          res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
          return;
        }
        if (route.hang) return;
        if (route.handler) return route.handler(rec, res);
        if (route.redirect) {
          res.writeHead(route.status ?? 302, { location: route.redirect }).end();
          return;
        }
        if (route.bytes !== undefined) {
          const total = route.bytes;
          res.writeHead(route.status ?? 200, { 'content-type': 'application/xml', ...(route.declareLength ? { 'content-length': String(total) } : {}) });
          const chunk = Buffer.alloc(64 * 1024, 'a');
          let sent = 0;
          const pump = (): void => {
            while (sent < total) {
              const n = Math.min(chunk.length, total - sent);
              sent += n;
              if (!res.write(chunk.subarray(0, n))) return void res.once('drain', pump);
            }
            res.end();
          };
          res.on('error', () => undefined);
          pump();
          return;
        }
        res.writeHead(route.status ?? 200, { 'content-type': 'application/xml', ...(route.headers ?? {}) }).end(route.body ?? '');
      };
      const delay = (opts.latencyMs ?? 0) + (route?.delayMs ?? 0);
      if (delay > 0) {
        const t = setTimeout(() => {
          timers.delete(t);
          reply();
        }, delay);
        timers.add(t);
      } else reply();
    });
  };

  const secure = https.createServer({ cert: opts.cert, key: opts.key }, handle('https'));
  const plain = http.createServer(handle('http'));
  for (const s of [secure, plain]) {
    s.on('connection', (sock: Socket) => {
      sockets.add(sock);
      sock.on('close', () => sockets.delete(sock));
    });
    // TLS handshake failures from clients that reject our certificate are expected.
    s.on('tlsClientError', () => undefined);
    s.on('clientError', (_e, sock: Socket) => sock.destroy());
  }
  const listen = (s: http.Server, port: number): Promise<number> =>
    new Promise((resolve, reject) => {
      s.once('error', reject);
      s.listen(port, opts.host, () => resolve((s.address() as AddressInfo).port));
    });
  const httpsPort = await listen(secure, opts.httpsPort ?? 443);
  const httpPort = await listen(plain, opts.httpPort ?? 80);

  return {
    host: opts.host,
    httpsPort,
    httpPort,
    requests,
    route(url, route) {
      const m = /^(https?|\*):\/\/([^/]+)(\/.*)$/.exec(url);
      if (!m) throw new Error(`bad route ${url}`);
      routes.set(keyOf(m[1] as string, m[2] as string, m[3] as string), route);
    },
    async close() {
      for (const t of timers) clearTimeout(t);
      for (const s of sockets) s.destroy();
      await Promise.all([secure, plain].map((s) => new Promise<void>((r) => s.close(() => r()))));
    },
  };
}
