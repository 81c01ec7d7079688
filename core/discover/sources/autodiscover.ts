// Source: Microsoft Autodiscover (POX), unauthenticated: POST to https://autodiscover.D
// and https://D, and to the SRV _autodiscover._tcp.D target; follows redirectAddr and
// redirectUrl with a hop limit. A hop to another registrable domain makes it untrusted.
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

interface Trail {
  hops: string[];
  secure: boolean;
  offDomain: string[];
  addressRedirects: number;
}

function hostOf(url: string): string {
  return new URL(url).hostname;
}

async function post(ctx: SourceContext, url: string, email: ParsedEmail, trail: Trail, signal: AbortSignal): Promise<Attempt<MailConfig>> {
  if (trail.hops.length >= MAX_HOPS) return miss('error', `${url}: more than ${MAX_HOPS} Autodiscover redirects (${trail.hops.join(' → ')})`);
  if (trail.hops.includes(url)) return miss('error', `${url}: Autodiscover redirect loop`);
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
  const next: Trail = { hops: [...trail.hops, ...doc.value.hops], secure: trail.secure && doc.value.secure, offDomain, addressRedirects: trail.addressRedirects };
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
      return { ok: true, value: { source: 'autodiscover', url: doc.value.url, secure, incoming: answer.incoming, outgoing: answer.outgoing } };
    }
  }
}

async function viaSrv(ctx: SourceContext, signal: AbortSignal): Promise<Attempt<MailConfig>> {
  const name = `_autodiscover._tcp.${ctx.email.domain}`;
  try {
    const r = await ctx.resolver.srv(name, signal);
    const target = sortSrv(r.records).find((t) => t.name !== '.' && t.name !== '');
    if (!target) return miss('not-found', `${name}: not offered (".")`);
    const url = `https://${target.name}${target.port === 443 ? '' : `:${target.port}`}${PATH}`;
    const base = getDomain(ctx.email.domain);
    // A target chosen by plain DNS in another domain is not the domain speaking for itself.
    const offDomain = getDomain(target.name) === base || r.authenticated ? [] : [target.name];
    return await post(ctx, url, ctx.email, { hops: [], secure: true, offDomain, addressRedirects: 0 }, signal);
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
    const fresh = (): Trail => ({ hops: [], secure: true, offDomain: [], addressRedirects: 0 });
    const tasks = [
      (s: AbortSignal) => post(ctx, `https://autodiscover.${d}${PATH}`, ctx.email, fresh(), s),
      (s: AbortSignal) => post(ctx, `https://${d}${PATH}`, ctx.email, fresh(), s),
      (s: AbortSignal) => viaSrv(ctx, s),
    ];
    const r = await firstSuccessful(tasks, ctx.signal);
    if (!r.ok) return combineMisses(r.misses);
    const detail = r.value.secure ? undefined : 'redirected outside the domain or not authenticated: confirm before use';
    return { status: 'found', config: r.value, ...(detail && { detail }) };
  },
};
