// Network seams. Discovery and probing receive these as dependencies so that tests
// run the real code against local servers and users can choose a DNS server.
import type { LookupFunction } from 'node:net';

export interface DnsAnswer<T> {
  records: T[];
  /** The resolver set the AD bit: the answer was DNSSEC-validated. */
  authenticated: boolean;
}

export interface MxRecord { exchange: string; priority: number }
export interface SrvRecord { name: string; port: number; priority: number; weight: number }

export type DnsErrorKind = 'NXDOMAIN' | 'NODATA' | 'SERVFAIL' | 'TIMEOUT' | 'REFUSED' | 'CANCELLED' | 'ERROR';

export class DnsError extends Error {
  constructor(
    public readonly kind: DnsErrorKind,
    public readonly qname: string,
    message: string,
  ) {
    // An expected outcome (NXDOMAIN, a refused connection), dozens per audited domain: no stack to capture.
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    super(message);
    Error.stackTraceLimit = limit;
    this.name = 'DnsError';
  }
}

export interface DnsResolver {
  mx(name: string, signal?: AbortSignal): Promise<DnsAnswer<MxRecord>>;
  srv(name: string, signal?: AbortSignal): Promise<DnsAnswer<SrvRecord>>;
  txt(name: string, signal?: AbortSignal): Promise<DnsAnswer<string>>;
  /** The target of a CNAME at `name` (one hop); NODATA when `name` is no alias. */
  cname(name: string, signal?: AbortSignal): Promise<DnsAnswer<string>>;
  /** IPv4 and IPv6 addresses of a host (A and AAAA). */
  addresses(name: string, signal?: AbortSignal): Promise<DnsAnswer<{ address: string; family: 4 | 6 }>>;
  /** For net.connect / tls.connect / https.request: resolves through this same resolver. */
  lookup: LookupFunction;
}

export interface HttpRequest {
  url: string;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
  signal?: AbortSignal;
  timeoutMs?: number;
  /** Response bodies over this many bytes are refused. */
  maxBytes?: number;
  /** Called once when the response headers arrived (the body may still be streaming). */
  onResponse?: () => void;
}

export interface HttpResponse {
  url: string;
  status: number;
  headers: Record<string, string>;
  body: string;
  /** true when the request was https and the certificate validated for the host name. */
  authenticated: boolean;
}

/** One HTTP exchange, no redirects followed (callers follow them and keep provenance). */
export interface HttpFetcher {
  request(req: HttpRequest): Promise<HttpResponse>;
}

export type HttpErrorKind = 'TIMEOUT' | 'CANCELLED' | 'TOO_LARGE' | 'TLS' | 'DNS' | 'NETWORK' | 'BAD_URL';

/** A failed HTTP exchange, with a kind callers can branch on and a human message. */
export class HttpError extends Error {
  constructor(
    public readonly kind: HttpErrorKind,
    public readonly url: string,
    message: string,
  ) {
    // An expected outcome (NXDOMAIN, a refused connection), dozens per audited domain: no stack to capture.
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    super(message);
    Error.stackTraceLimit = limit;
    this.name = 'HttpError';
  }
}
