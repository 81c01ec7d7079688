// Source: the MX host's hoster. MX(D) → the MX host minus its first label, then its
// registrable domain (Public Suffix List) → https autoconfig, bundled and online ISPDB.
import { getDomain } from 'tldts';
import type { MailConfig } from '../../../shared/model.js';
import { autoconfigUrls, fetchAutoconfig, toConfig } from '../autoconfig-fetch.js';
import { combineMisses, firstSuccessful, fromError, miss, type Attempt } from '../attempt.js';
import type { Source, SourceContext } from '../source.js';
import { bundledEntryFor, bundledUrl } from './ispdb-bundled.js';
import { ispdbUrlFor } from './ispdb.js';

/** The domains to ask for an MX host, most specific first; never D itself or a public suffix. */
export function mxCandidateDomains(mxHost: string, domain: string): string[] {
  const base = getDomain(mxHost);
  if (!base || base === domain || base === getDomain(domain)) return [];
  const labels = mxHost.split('.');
  const sub = labels.slice(1).join('.');
  const out: string[] = [];
  if (labels.length > 2 && sub !== base && sub.endsWith(`.${base}`)) out.push(sub);
  out.push(base);
  return out;
}

type Task = (signal: AbortSignal) => Promise<Attempt<MailConfig>>;

function tasksFor(ctx: SourceContext, x: string): Task[] {
  const bundled: Task = async () => {
    const entry = bundledEntryFor(x, ctx.email);
    if (!entry || entry.incoming.length + entry.outgoing.length === 0) return miss('not-found', `${x} is not in the bundled ISPDB`);
    return { ok: true, value: toConfig('mx', bundledUrl(x), true, entry) };
  };
  const online: Task = async (signal) => {
    if (bundledEntryFor(x, ctx.email)) return miss('skipped', `${x}: bundled copy used`);
    return fetchAutoconfig(ctx.http, ispdbUrlFor(ctx, x), ctx.email, 'mx', signal, ctx.timeLeft);
  };
  const own: Task = (signal) => fetchAutoconfig(ctx.http, autoconfigUrls(x, ctx.email).httpsA1, ctx.email, 'mx', signal, ctx.timeLeft);
  return [own, bundled, online];
}

export const mxSource: Source = {
  name: 'mx',
  priority: 4,
  mayBeSecure: true,
  timeoutMs: 7000,
  async run(ctx) {
    let mxHost: string;
    let authenticated: boolean;
    try {
      const mx = await ctx.resolver.mx(ctx.email.domain, ctx.signal);
      const best = [...mx.records].filter((r) => r.exchange !== '' && r.exchange !== '.').sort((a, b) => a.priority - b.priority)[0];
      if (!best) return { status: 'not-found', detail: `${ctx.email.domain} has a null MX: it receives no mail` };
      mxHost = best.exchange;
      authenticated = mx.authenticated;
    } catch (e) {
      const m = fromError(e, `MX ${ctx.email.domain}`);
      return m.ok ? { status: 'error' } : { status: m.status, detail: m.detail };
    }
    const domains = mxCandidateDomains(mxHost, ctx.email.domain);
    if (domains.length === 0) return { status: 'not-found', detail: `MX ${mxHost} is inside ${ctx.email.domain} itself` };
    const r = await firstSuccessful(domains.flatMap((x) => tasksFor(ctx, x)), ctx.signal);
    if (!r.ok) return { ...combineMisses(r.misses), detail: `MX ${mxHost} → ${domains.join(', ')}: ${combineMisses(r.misses).detail}` };
    // The hop from D to the hoster went through DNS: trusted only with DNSSEC.
    const secure = authenticated && r.value.secure;
    const trust = authenticated ? 'MX DNSSEC-validated' : 'MX not DNSSEC-validated: confirm before use';
    return { status: 'found', config: { ...r.value, secure }, detail: `MX ${mxHost} → ${domains.join(', ')}; ${trust}` };
  },
};
