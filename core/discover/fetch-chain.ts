// Fetches a document, following redirects ourselves so every hop is known: the result
// is secure only when every hop was https with a validated certificate.
import type { HttpFetcher } from '../net/types.js';
import { fromError, miss, type Attempt } from './attempt.js';

export interface FetchedDocument {
  body: string;
  /** The URL the document finally came from. */
  url: string;
  /** Every URL visited, the first one included. */
  hops: string[];
  secure: boolean;
}

export interface ChainOptions {
  method?: 'GET' | 'POST';
  body?: string;
  headers?: Record<string, string>;
  signal: AbortSignal;
  timeLeft: () => number;
  maxHops?: number;
  maxBytes?: number;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
export const DOCUMENT_MAX_BYTES = 1024 * 1024;

export async function fetchChain(http: HttpFetcher, startUrl: string, opts: ChainOptions): Promise<Attempt<FetchedDocument>> {
  const maxHops = opts.maxHops ?? 5;
  const hops: string[] = [];
  let url = startUrl;
  let secure = true;
  for (;;) {
    if (hops.includes(url)) return miss('error', `${startUrl}: redirect loop (${[...hops, url].join(' → ')})`);
    if (hops.length > maxHops) return miss('error', `${startUrl}: more than ${maxHops} redirects`);
    hops.push(url);
    const left = opts.timeLeft();
    if (left <= 0) return miss('timeout', `${url}: no time left`);
    let res;
    try {
      res = await http.request({
        url,
        method: opts.method ?? 'GET',
        headers: opts.headers,
        body: opts.body,
        signal: opts.signal,
        timeoutMs: left,
        maxBytes: opts.maxBytes ?? DOCUMENT_MAX_BYTES,
      });
    } catch (e) {
      return fromError(e, url);
    }
    secure &&= res.authenticated;
    if (REDIRECTS.has(res.status)) {
      const location = res.headers.location;
      if (!location) return miss('invalid', `${url}: HTTP ${res.status} without a Location`);
      let next: URL;
      try {
        next = new URL(location, url);
      } catch {
        return miss('invalid', `${url}: bad redirect target`);
      }
      if (next.protocol !== 'https:' && next.protocol !== 'http:') return miss('invalid', `${url}: redirect to ${next.protocol} refused`);
      url = next.href;
      continue;
    }
    if (res.status === 404 || res.status === 410) return miss('not-found', `${url}: HTTP ${res.status}`);
    if (res.status < 200 || res.status > 299) return miss('error', `${url}: HTTP ${res.status}`);
    return { ok: true, value: { body: res.body, url, hops, secure } };
  }
}
