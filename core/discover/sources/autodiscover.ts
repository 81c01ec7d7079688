// Source: Microsoft Autodiscover (POX), unauthenticated: POST to https://autodiscover.D
// and https://D; the https endpoint named by the 302 of a GET to http://autodiscover.D
// (MS-OXDISCO's fourth method); and the SRV _autodiscover._tcp.D target. Follows
// redirectAddr and redirectUrl with hop limits. A hop to another registrable domain, or
// through plain http, makes it untrusted.
import { getDomain, getPublicSuffix } from 'tldts';
import { parseEmail, type ParsedEmail } from '../../../shared/email.js';
import type { MailConfig } from '../../../shared/model.js';
import { combineMisses, firstSuccessful, fromError, miss, type Attempt } from '../attempt.js';
import { fetchChain } from '../fetch-chain.js';
import { parsePox, poxRequestBody } from '../pox.js';
import type { Source, SourceContext } from '../source.js';
import { sortSrv } from './srv.js';

const MAX_HOPS = 5;
const MAX_ADDRESS_REDIRECTS = 2;
const PATH = '/autodiscover/autodiscover.xml';

/** Never build autodiscover.<public suffix> (the 2021 "Great Leak"): D must be below a suffix. */
export function isRegistrableOrBelow(domain: string): boolean {
  const suffix = getPublicSuffix(domain);
  return getDomain(domain) !== null && suffix !== domain;
}

/** A configuration, and why it is untrusted when it is. */
interface Found {
  config: MailConfig;
  untrusted?: string;
}

interface Trail {
  hops: string[];
  /** "address URL" pairs already POSTed: the same URL for a new address is no loop. */
  posted: string[];
  secure: boolean;
  offDomain: string[];
  addressRedirects: number;
}

function hostOf(url: string): string {
  return new URL(url).hostname;
}

async function post(ctx: SourceContext, url: string, email: ParsedEmail, trail: Trail, signal: AbortSignal): Promise<Attempt<Found>> {
  if (trail.hops.length >= MAX_HOPS) return miss('error', `${url}: more than ${MAX_HOPS} Autodiscover redirects (${trail.hops.join(' → ')})`);
  const key = `${email.email} ${url}`;
  if (trail.posted.includes(key)) return miss('error', `${url}: Autodiscover redirect loop`);
  const doc = await fetchChain(ctx.http, url, {
    method: 'POST',
    body: poxRequestBody(email.email),
    headers: { 'content-type': 'text/xml; charset=utf-8' },
    signal,
    timeLeft: ctx.timeLeft,
    maxHops: MAX_HOPS - trail.hops.length,
  });
  if (!doc.ok) return doc;
  const base = getDomain(ctx.email.domain);
  const offDomain = [...trail.offDomain, ...doc.value.hops.map(hostOf).filter((h) => getDomain(h) !== base)];
  const next: Trail = { hops: [...trail.hops, ...doc.value.hops], posted: [...trail.posted, key], secure: trail.secure && doc.value.secure, offDomain, addressRedirects: trail.addressRedirects };
  const answer = parsePox(doc.value.body, email.email);
  switch (answer.kind) {
    case 'error':
      return miss('invalid', `${doc.value.url}: ${answer.message}`);
    case 'redirectUrl': {
      let target: URL;
      try {
        target = new URL(answer.url);
      } catch {
        return miss('invalid', `${doc.value.url}: bad RedirectUrl`);
      }
      if (target.protocol !== 'https:') return miss('invalid', `${doc.value.url}: RedirectUrl ${target.protocol} refused (https only)`);
      return post(ctx, target.href, email, next, signal);
    }
    case 'redirectAddr': {
      const parsed = parseEmail(answer.address);
      if (!parsed.ok) return miss('invalid', `${doc.value.url}: bad RedirectAddr`);
      if (next.addressRedirects >= MAX_ADDRESS_REDIRECTS) return miss('error', `${doc.value.url}: more than ${MAX_ADDRESS_REDIRECTS} address redirects`);
      const d = parsed.value.domain;
      if (!isRegistrableOrBelow(d)) return miss('invalid', `${doc.value.url}: RedirectAddr to a public suffix refused`);
      const redirected: Trail = { ...next, addressRedirects: next.addressRedirects + 1, offDomain: getDomain(d) === base ? next.offDomain : [...next.offDomain, d] };
      return post(ctx, `https://autodiscover.${d}${PATH}`, parsed.value, redirected, signal);
    }
    case 'settings': {
      const secure = next.secure && next.offDomain.length === 0;
      const why = [next.offDomain.length > 0 ? `redirected outside the domain (${[...new Set(next.offDomain)].join(', ')})` : '', next.secure ? '' : `not every hop authenticated https (${next.hops.join(' → ')})`];
      const config: MailConfig = { source: 'autodiscover', url: doc.value.url, secure, incoming: answer.incoming, outgoing: answer.outgoing };
      return { ok: true, value: secure ? { config } : { config, untrusted: `${why.filter(Boolean).join('; ')}: confirm before use` } };
    }
  }
}

const fresh = (): Trail => ({ hops: [], posted: [], secure: true, offDomain: [], addressRedirects: 0 });

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/**
 * MS-OXDISCO 3.1.5.4: an unauthenticated GET of http://autodiscover.D/… whose only use is
 * a redirect to the https endpoint to POST to. Nothing is sent but the GET (no address);
 * only an https target is followed; the answer is untrusted (the redirect came over plain
 * http), and a target in another registrable domain is named as such.
 */
async function viaHttpRedirect(ctx: SourceContext, signal: AbortSignal): Promise<Attempt<Found>> {
  const url = `http://autodiscover.${ctx.email.domain}${PATH}`;
  let res;
  try {
    res = await ctx.http.request({ url, method: 'GET', signal, timeoutMs: ctx.timeLeft(), maxBytes: 64 * 1024 });
  } catch (e) {
    return fromError(e, url);
  }
  const location = res.headers.location;
  if (!REDIRECTS.has(res.status) || !location) return miss('not-found', `${url}: HTTP ${res.status}, no redirect to an https endpoint`);
  let target: URL;
  try {
    target = new URL(location, url);
  } catch {
    return miss('invalid', `${url}: bad redirect target`);
  }
  if (target.protocol !== 'https:') return miss('invalid', `${url}: redirect to ${target.protocol} refused (https only)`);
  const offDomain = getDomain(target.hostname) === getDomain(ctx.email.domain) ? [] : [target.hostname];
  return post(ctx, target.href, ctx.email, { ...fresh(), hops: [url], secure: false, offDomain }, signal);
}

async function viaSrv(ctx: SourceContext, signal: AbortSignal): Promise<Attempt<Found>> {
  const name = `_autodiscover._tcp.${ctx.email.domain}`;
  try {
    const r = await ctx.resolver.srv(name, signal);
    const target = sortSrv(r.records).find((t) => t.name !== '.' && t.name !== '');
    if (!target) return miss('not-found', `${name}: not offered (".")`);
    const url = `https://${target.name}${target.port === 443 ? '' : `:${target.port}`}${PATH}`;
    const base = getDomain(ctx.email.domain);
    // A target chosen by plain DNS in another domain is not the domain speaking for itself.
    const offDomain = getDomain(target.name) === base || r.authenticated ? [] : [target.name];
    return await post(ctx, url, ctx.email, { ...fresh(), offDomain }, signal);
  } catch (e) {
    return fromError(e, name);
  }
}

export const autodiscoverSource: Source = {
  name: 'autodiscover',
  priority: 6,
  mayBeSecure: true,
  timeoutMs: 6000,
  async run(ctx) {
    const d = ctx.email.domain;
    if (!isRegistrableOrBelow(d)) return { status: 'skipped', detail: `${d} is a public suffix; no autodiscover host is derived from it` };
    const tasks = [
      (s: AbortSignal) => post(ctx, `https://autodiscover.${d}${PATH}`, ctx.email, fresh(), s),
      (s: AbortSignal) => post(ctx, `https://${d}${PATH}`, ctx.email, fresh(), s),
      (s: AbortSignal) => viaHttpRedirect(ctx, s),
      (s: AbortSignal) => viaSrv(ctx, s),
    ];
    const r = await firstSuccessful(tasks, ctx.signal);
    if (!r.ok) return combineMisses(r.misses);
    return { status: 'found', config: r.value.config, ...(r.value.untrusted && { detail: r.value.untrusted }) };
  },
};
