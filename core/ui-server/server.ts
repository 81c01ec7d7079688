// `mailsetup ui`: the loopback door. Serves the built renderer and the engine's
// handler map on 127.0.0.1, guarded by a random session token (sent by the page as a
// Bearer header; it travels to the page in the URL fragment, which browsers never
// send to a server), a Host check against DNS rebinding and a same-origin check.
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { printable } from '../../shared/email.js';
import type { Handlers } from '../handler-types.js';
import { CallRegistry } from './call-registry.js';
import { DEFAULT_BODY_TIMEOUT_MS, DEFAULT_MAX_BODY_BYTES, handleApiCall, isRequestName, sendFailure } from './api.js';
import { InFlight } from './in-flight.js';
import { allowedHosts, hasToken, isAllowedHost, isLoopbackIPv4, isSameOrigin, isSameSiteFetch, setSecurityHeaders } from './security.js';
import { resolveStaticFile, sendFile } from './static-files.js';

export interface UiServerOptions {
  handlers: Handlers;
  /** Folder of the built renderer (index.html + assets). */
  rendererDir: string;
  /** A loopback IPv4 address; default 127.0.0.1. */
  host?: string;
  /** 0 (default) picks a free port. */
  port?: number;
  /** Session token; default 32 random bytes. Tests may pass their own. */
  token?: string;
  maxBodyBytes?: number;
  /** How long a request body may take to arrive. */
  bodyTimeoutMs?: number;
  /** One line per request: method, path, status. Never the token or a body. */
  log?: (line: string) => void;
}

export interface UiServer {
  /** Origin of the door, e.g. http://127.0.0.1:43123 */
  origin: string;
  /** The URL to open: origin plus the token in the fragment. */
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

export function newSessionToken(): string {
  return randomBytes(32).toString('base64url');
}

export async function startUiServer(options: UiServerOptions): Promise<UiServer> {
  const host = options.host ?? '127.0.0.1';
  if (!isLoopbackIPv4(host)) throw new Error(`mailsetup ui listens on loopback only; "${host}" is not a 127.x.x.x address.`);
  const token = options.token ?? newSessionToken();
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const log = options.log ?? ((): void => undefined);
  const bodyTimeoutMs = options.bodyTimeoutMs ?? DEFAULT_BODY_TIMEOUT_MS;
  const inFlight = new InFlight();
  const calls = new CallRegistry();
  let hosts = new Set<string>();

  const route = async (req: IncomingMessage, res: ServerResponse, pathname: string): Promise<number> => {
    if (!isAllowedHost(req.headers.host, hosts)) {
      sendFailure(res, 403, { code: 'UNAUTHORIZED', message: 'Unexpected Host header.' });
      return 403;
    }
    if (pathname.startsWith('/api/')) {
      if (req.method !== 'POST') {
        res.setHeader('Allow', 'POST');
        sendFailure(res, 405, { code: 'BAD_USAGE', message: 'API calls use POST.' });
        return 405;
      }
      if (!isSameOrigin(req.headers.origin, req.headers.host) || !isSameSiteFetch(req.headers['sec-fetch-site'] as string | undefined)) {
        sendFailure(res, 403, { code: 'UNAUTHORIZED', message: 'API calls are accepted only from the MailSetup page itself.' });
        return 403;
      }
      if (!hasToken(req.headers.authorization, token)) {
        sendFailure(res, 401, { code: 'UNAUTHORIZED', message: 'Missing or wrong session token: open the URL that `mailsetup ui` printed.' });
        return 401;
      }
      const name = pathname.slice('/api/'.length);
      // POST /api/-cancel/<id>: stop a running call; its own answer still arrives.
      if (name.startsWith('-cancel/')) {
        res.statusCode = calls.cancel(name.slice('-cancel/'.length)) ? 204 : 404;
        res.end();
        return res.statusCode;
      }
      if (!isRequestName(name)) {
        sendFailure(res, 404, { code: 'NOT_FOUND', message: 'No such request.' });
        return 404;
      }
      return handleApiCall({ req, res, name, handlers: options.handlers, maxBodyBytes, bodyTimeoutMs, inFlight, calls });
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('Allow', 'GET, HEAD');
      sendFailure(res, 405, { code: 'BAD_USAGE', message: 'Method not allowed.' });
      return 405;
    }
    const found = await resolveStaticFile(options.rendererDir, pathname);
    if (!found.ok) {
      sendFailure(res, found.status, { code: 'NOT_FOUND', message: 'Not found.' });
      return found.status;
    }
    await sendFile(res, found, req.method === 'HEAD', req.headers['accept-encoding']);
    return 200;
  };

  const server = createServer((req, res) => {
    setSecurityHeaders(res);
    const rawUrl = req.url ?? '/';
    // Only origin-form paths; the query string is ignored (nothing secret travels there).
    const pathname = rawUrl.startsWith('/') ? rawUrl.split('?')[0]! : '';
    const done = (status: number): void => log(`${req.method ?? '?'} ${printable(pathname, 120)} ${status}`);
    if (pathname === '') {
      sendFailure(res, 400, { code: 'BAD_USAGE', message: 'Bad request target.' });
      done(400);
      return;
    }
    route(req, res, pathname).then(done, () => {
      if (!res.headersSent) sendFailure(res, 500, { code: 'INTERNAL', message: 'Internal error.' });
      else res.destroy();
      done(500);
    });
  });
  server.headersTimeout = 20_000;
  server.requestTimeout = 0; // discover/test may stream for a while; each step has its own timeout.

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  hosts = allowedHosts(host, port);
  const origin = `http://${host}:${port}`;

  let closing: Promise<void> | undefined;
  return {
    origin,
    url: `${origin}/#token=${token}`,
    port,
    token,
    close: () =>
      (closing ??= new Promise<void>((resolve) => {
        inFlight.abortAll();
        server.close(() => resolve());
        server.closeAllConnections();
      })),
  };
}
