// One UAPI call: POST https://HOST:PORT/execute/Module/function with the token header
// `Authorization: cpanel USER:TOKEN` (cpanel-uapi.md §1, §2). The TLS connection is
// opened and its certificate judged first (tls-gate.ts); only then is the request,
// and with it the token, written. Redirects are never followed, so another host never
// receives a request, let alone the Authorization header.
import http from 'node:http';
import type { LookupFunction } from 'node:net';
import net from 'node:net';
import type { CpanelCertificate } from '../../shared/cpanel.js';
import { fail, ok, type Result } from '../../shared/errors.js';
import { connectTls } from '../net/peer-certificate.js';
import { trustedContext } from '../net/tls-trust.js';
import { checkCertificate } from './tls-gate.js';
import { readEnvelope } from './uapi-envelope.js';

export const DEFAULT_UAPI_TIMEOUT_MS = 20_000;
const MAX_BODY_BYTES = 8 * 1024 * 1024;

export interface UapiTarget {
  host: string;
  port: number;
  user: string;
  token: string;
  /** 64 upper-case hex digits. */
  pinnedFingerprint?: string;
}

export interface UapiOptions {
  extraCa: readonly string[];
  lookup?: LookupFunction;
  timeoutMs?: number;
  signal?: AbortSignal;
}

export type UapiParams = Record<string, string | number | readonly string[] | undefined>;

export interface UapiSuccess {
  data: unknown;
  messages: string[];
  warnings: string[];
  certificate: CpanelCertificate;
}

/** Form encoding; a list becomes repeated keys (cpanel-uapi.md §2.2). */
export function formBody(params: UapiParams): string {
  const form = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined) continue;
    for (const v of Array.isArray(value) ? value : [value]) form.append(key, String(v));
  }
  return form.toString();
}

interface RawAnswer {
  status: number;
  location?: string;
  body: string;
  certificate: CpanelCertificate;
}

function exchange(target: UapiTarget, path: string, body: string, options: UapiOptions): Promise<Result<RawAnswer>> {
  const where = `${target.host.includes(':') ? `[${target.host}]` : target.host}:${target.port}`;
  return new Promise((resolve) => {
    let settled = false;
    const finish = (r: Result<RawAnswer>): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      socket.destroy();
      resolve(r);
    };
    const timeoutMs = options.timeoutMs ?? DEFAULT_UAPI_TIMEOUT_MS;
    const timer = setTimeout(() => finish(fail('TIMEOUT', `cPanel at ${where} did not answer within ${Math.round(timeoutMs / 1000)} s.`, { fix: 'Check the address and port (cPanel listens on 2083), then try again.' })), timeoutMs);
    const onAbort = (): void => finish(fail('CANCELLED', `The request to cPanel at ${where} was cancelled.`));
    options.signal?.addEventListener('abort', onAbort, { once: true });
    const secureContext = trustedContext(options.extraCa);
    const socket = connectTls({
      host: target.host,
      port: target.port,
      ...(net.isIP(target.host) ? {} : { servername: target.host }),
      // Judged by hand below (checkCertificate), before a single byte of the request is written.
      rejectUnauthorized: false,
      secureContext,
      ...(options.lookup ? { lookup: options.lookup } : {}),
      ALPNProtocols: ['http/1.1'],
    });
    socket.on('error', (e: NodeJS.ErrnoException) => {
      const refused = e.code === 'ECONNREFUSED';
      finish(fail('NETWORK', `Could not reach cPanel at ${where}: ${e.message}`, { fix: refused ? 'Nothing answers on that port: check the address (cPanel uses https on port 2083).' : 'Check the address and your network, then try again.' }));
    });
    socket.once('secureConnect', () => {
      const cert = checkCertificate(socket, target.host, target.pinnedFingerprint);
      if (!cert.ok) return finish(cert);
      const request = http.request({
        createConnection: () => socket,
        method: 'POST',
        path,
        headers: {
          host: where,
          authorization: `cpanel ${target.user}:${target.token}`,
          'content-type': 'application/x-www-form-urlencoded',
          'content-length': String(Buffer.byteLength(body)),
          accept: 'application/json',
          'user-agent': 'MailSetup',
        },
      });
      request.on('error', (e) => finish(fail('NETWORK', `The connection to cPanel at ${where} failed: ${e.message}`)));
      request.on('response', (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (c: Buffer) => {
          size += c.length;
          if (size > MAX_BODY_BYTES) finish(fail('CPANEL_API_ERROR', `cPanel at ${where} sent more than ${MAX_BODY_BYTES} bytes; refused.`));
          else chunks.push(c);
        });
        res.on('error', (e) => finish(fail('NETWORK', `The connection to cPanel at ${where} failed: ${e.message}`)));
        res.on('end', () => {
          const location = res.headers.location;
          finish(ok({ status: res.statusCode ?? 0, ...(location ? { location } : {}), body: Buffer.concat(chunks).toString('utf8'), certificate: cert.value }));
        });
      });
      request.end(body);
    });
  });
}

function otherHost(location: string, target: UapiTarget): string {
  try {
    const u = new URL(location, `https://${target.host}:${target.port}/`);
    return u.host;
  } catch {
    return 'an unreadable address';
  }
}

/** Calls Module::function; HTTP status first, then cPanel's `status` (cpanel-uapi.md §1 "Failure answers"). */
export async function callUapi(target: UapiTarget, module: string, func: string, params: UapiParams, options: UapiOptions): Promise<Result<UapiSuccess>> {
  const call = `${module}::${func}`;
  const answer = await exchange(target, `/execute/${encodeURIComponent(module)}/${encodeURIComponent(func)}`, formBody(params), options);
  if (!answer.ok) return answer;
  const { status, body, certificate } = answer.value;
  if (status >= 300 && status < 400) {
    const to = answer.value.location ? otherHost(answer.value.location, target) : 'another address';
    return fail('CPANEL_REDIRECT_REFUSED', `cPanel at ${target.host}:${target.port} redirected ${call} to ${to}; MailSetup sends the token only to the connected address, so it did not follow.`, {
      fix: `If ${to} is the real cPanel address, connect to it directly.`,
    });
  }
  if (status === 401 || status === 403) {
    return fail('CPANEL_AUTH_FAILED', `cPanel refused the API token for user ${target.user} (HTTP ${status}).`, {
      fix: 'Check the user name and the token (cPanel » Security » Manage API Tokens); an expired token, or one limited to other IP addresses, is refused the same way.',
      serverSays: firstLine(body),
    });
  }
  if (status < 200 || status >= 300) {
    return fail('CPANEL_API_ERROR', `cPanel answered ${call} with HTTP ${status}.`, { fix: status === 503 ? 'cPanel may be updating; try again in a few minutes.' : 'Try again later; if it persists, ask your hosting provider.', serverSays: firstLine(body) });
  }
  const envelope = readEnvelope(body, call);
  if (!envelope.ok) return envelope;
  return ok({ ...envelope.value, certificate });
}

function firstLine(body: string): string {
  return body.replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 200);
}
