// A bounded HTTP(S) client: one exchange, no redirects followed (callers follow them
// and keep provenance), hard timeout, AbortSignal, response size cap, and host names
// resolved through the injected resolver.
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import { lookupAll, replay } from './lookup-replay.js';
import { trustedContext } from './tls-trust.js';
import { HttpError, type DnsResolver, type HttpFetcher, type HttpRequest, type HttpResponse } from './types.js';

const DEFAULT_TIMEOUT_MS = 6000;
const DEFAULT_MAX_BYTES = 1024 * 1024;

const TLS_ERROR_CODES = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS|ERR_SSL|EPROTO|HOSTNAME|ALTNAME/;

function classify(err: NodeJS.ErrnoException, url: string): HttpError {
  const code = err.code ?? '';
  if (err instanceof HttpError) return err;
  if (TLS_ERROR_CODES.test(code)) return new HttpError('TLS', url, `TLS certificate problem at ${new URL(url).host}: ${err.message} (${code})`);
  if (code === 'ETIMEOUT') return new HttpError('TIMEOUT', url, `DNS lookup of ${new URL(url).hostname} timed out: ${err.message}`);
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return new HttpError('DNS', url, `cannot resolve ${new URL(url).hostname}: ${err.message}`);
  return new HttpError('NETWORK', url, `${new URL(url).host}: ${err.message}${code ? ` (${code})` : ''}`);
}

export function createHttpFetcher(resolver: DnsResolver, extraCa: string[] = []): HttpFetcher {
  return {
    request(req: HttpRequest): Promise<HttpResponse> {
      return new Promise<HttpResponse>((resolve, reject) => {
        let url: URL;
        try {
          url = new URL(req.url);
        } catch {
          return reject(new HttpError('BAD_URL', req.url, `not a URL: ${req.url.replace(/[\r\n]/g, ' ')}`));
        }
        if (url.protocol !== 'https:' && url.protocol !== 'http:') return reject(new HttpError('BAD_URL', req.url, `only http and https URLs are fetched, not ${url.protocol}`));
        for (const [k, v] of Object.entries(req.headers ?? {})) {
          if (/[\r\n]/.test(k) || /[\r\n]/.test(v)) return reject(new HttpError('BAD_URL', req.url, 'a request header contains a line break'));
        }
        if (req.signal?.aborted) return reject(new HttpError('CANCELLED', req.url, `request to ${url.host} was cancelled`));
        const timeoutMs = req.timeoutMs ?? DEFAULT_TIMEOUT_MS;
        const maxBytes = req.maxBytes ?? DEFAULT_MAX_BYTES;
        const isHttps = url.protocol === 'https:';
        const body = req.body === undefined ? undefined : Buffer.from(req.body, 'utf8');
        let settled = false;
        let request: http.ClientRequest | undefined;
        const done = (fn: () => void): void => {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          req.signal?.removeEventListener('abort', onAbort);
          fn();
        };
        const fail = (e: HttpError): void => {
          done(() => reject(e));
          request?.destroy();
        };
        const onAbort = (): void => fail(new HttpError('CANCELLED', req.url, `request to ${url.host} was cancelled`));
        const timer = setTimeout(() => fail(new HttpError('TIMEOUT', req.url, `${url.host} did not answer within ${timeoutMs} ms`)), timeoutMs);
        req.signal?.addEventListener('abort', onAbort, { once: true });

        const send = (lookup: DnsResolver['lookup']): http.ClientRequest => (isHttps ? https : http).request(url, {
          method: req.method ?? 'GET',
          headers: { 'user-agent': 'MailSetup', accept: '*/*', ...(req.headers ?? {}), ...(body ? { 'content-length': String(body.length) } : {}) },
          lookup,
          // One socket per request so that cancelling really closes it.
          agent: false,
          ...(isHttps ? { rejectUnauthorized: true, secureContext: trustedContext(extraCa) } : {}),
        }, (res) => {
          req.onResponse?.();
          const declared = Number(res.headers['content-length'] ?? '0');
          if (declared > maxBytes) {
            return fail(new HttpError('TOO_LARGE', req.url, `response from ${url.host} is ${declared} bytes, over the ${maxBytes}-byte limit; refused`));
          }
          // rejectUnauthorized already failed the handshake on any invalid certificate;
          // reading `authorized` here (while the socket is attached) states it explicitly.
          const authenticated = isHttps && (res.socket as { authorized?: boolean } | null)?.authorized === true;
          const chunks: Buffer[] = [];
          let size = 0;
          res.on('data', (chunk: Buffer) => {
            size += chunk.length;
            if (size > maxBytes) return fail(new HttpError('TOO_LARGE', req.url, `response from ${url.host} exceeds the ${maxBytes}-byte limit; refused`));
            chunks.push(chunk);
          });
          res.on('error', (e) => fail(classify(e, req.url)));
          res.on('end', () => {
            const headers: Record<string, string> = {};
            for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(', ') : v;
            done(() => resolve({ url: req.url, status: res.statusCode ?? 0, headers, body: Buffer.concat(chunks).toString('utf8'), authenticated }));
          });
        });
        const start = (lookup: DnsResolver['lookup']): void => {
          if (settled) return;
          request = send(lookup);
          request.on('error', (e: NodeJS.ErrnoException) => fail(classify(e, req.url)));
          request.end(body);
        };
        // Resolve first: most of the URLs discovery tries name hosts that do not exist, and
        // a name that does not resolve then costs no socket and no TLS setup at all.
        const hostname = url.hostname.replace(/^\[|\]$/g, '');
        if (net.isIP(hostname)) start(resolver.lookup);
        else lookupAll(resolver.lookup, hostname).then((addresses) => start(replay(addresses)), (e: NodeJS.ErrnoException) => fail(classify(e, req.url)));
      });
    },
  };
}
