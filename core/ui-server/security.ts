// The loopback door's gatekeeping: which Host and Origin headers are accepted, the
// session token check, and the headers every response carries.
import { timingSafeEqual } from 'node:crypto';
import type { ServerResponse } from 'node:http';

/**
 * The Content-Security-Policy of every page: only our own files, no inline script,
 * no remote content. `data:`/`blob:` images are exported QR codes shown in the page.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

export function setSecurityHeaders(res: ServerResponse): void {
  res.setHeader('Content-Security-Policy', CONTENT_SECURITY_POLICY);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
  res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
  res.setHeader('Permissions-Policy', 'camera=(), microphone=(), geolocation=(), payment=()');
}

/**
 * Host header values the door answers to. Anything else is a DNS-rebinding attempt:
 * a foreign name that resolves to 127.0.0.1 would otherwise be "same origin" for us.
 */
export function allowedHosts(bindHost: string, port: number): Set<string> {
  const hosts = new Set([`${bindHost}:${port}`]);
  if (bindHost === '127.0.0.1') hosts.add(`localhost:${port}`);
  return hosts;
}

export function isAllowedHost(header: string | undefined, allowed: ReadonlySet<string>): boolean {
  return header !== undefined && allowed.has(header.toLowerCase());
}

/** API calls must come from a page this door served: Origin equals http://<Host>. */
export function isSameOrigin(origin: string | undefined, host: string | undefined): boolean {
  return origin !== undefined && host !== undefined && origin.toLowerCase() === `http://${host.toLowerCase()}`;
}

/** Fetch metadata, when the browser sends it, must say the call is same-origin. */
export function isSameSiteFetch(secFetchSite: string | undefined): boolean {
  return secFetchSite === undefined || secFetchSite === 'same-origin';
}

/** Constant-time comparison of the `Authorization: Bearer …` header with the session token. */
export function hasToken(authorization: string | undefined, token: string): boolean {
  if (authorization === undefined) return false;
  const match = /^Bearer ([A-Za-z0-9_-]{1,200})$/.exec(authorization.trim());
  if (!match?.[1]) return false;
  const given = Buffer.from(match[1]);
  const expected = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** Loopback IPv4 only: the door must never listen on a routable interface. */
export function isLoopbackIPv4(host: string): boolean {
  const m = /^127\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(host);
  return m !== null && m.slice(1).every((p) => Number(p) <= 255);
}
