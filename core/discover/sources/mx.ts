// Source: the MX host's hoster. MX(D) → the MX host minus its first label, then its
// registrable domain (Public Suffix List) → https autoconfig, bundled and online ISPDB.
// An MX name that is an alias (CNAME) leads on to its target's hoster as well.
import { getDomain } from 'tldts';
import type { MailConfig } from '../../../shared/model.js';
import { DnsError } from '../../net/types.js';
import { autoconfigUrls, fetchAutoconfig, toConfig } from '../autoconfig-fetch.js';
import { combineMisses, firstSuccessful, fromError, miss, type Attempt } from '../attempt.js';
import type { Source, SourceContext } from '../source.js';
import { bundledEntryFor, bundledUrl } from './ispdb-bundled.js';
import { ispdbUrlFor } from './ispdb.js';

const MAX_CNAME_HOPS = 8;

/**
 * The domains to ask for an MX host, most specific first; never D itself or a public
 * suffix. Only an MX whose registrable domain is D itself says nothing new (as in
 * Thunderbird): for dept.example.org, an MX in example.org leads to example.org.
 */
export function mxCandidateDomains(mxHost: string, domain: string): string[] {
  const base = getDomain(mxHost);
  if (!base || base === domain) return [];
  const labels = mxHost.split('.');
  const sub = labels.slice(1).join('.');
  const out: string[] = [];
  if (labels.length > 2 && sub !== base && sub !== domain && sub.endsWith(`.${base}`)) out.push(sub);
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
    // The MX name's own hoster first, then (concurrently) the hoster its alias points to.
    const viaAlias = aliasTask(ctx, mxHost);
    const r = await firstSuccessful([...domains.flatMap((x) => tasksFor(ctx, x)), viaAlias.task], ctx.signal);
    const route = (): string => [domains.length > 0 ? `MX ${mxHost} → ${domains.join(', ')}` : `MX ${mxHost} is inside ${ctx.email.domain} itself`, viaAlias.note()].filter(Boolean).join('; ');
    if (!r.ok) {
      const misses = combineMisses(r.misses);
      return { status: misses.status, detail: `${route()}: ${misses.detail}` };
    }
    // The hop from D to the hoster went through DNS: trusted only with DNSSEC all the way.
    const validated = authenticated && viaAlias.authenticated();
    const secure = validated && r.value.secure;
    const trust = validated ? 'MX DNSSEC-validated' : 'MX not DNSSEC-validated: confirm before use';
    return { status: 'found', config: { ...r.value, secure }, detail: `${route()}; ${trust}` };
  },
};

/** Follows the MX name's CNAME chain and asks the target's hoster; says what it found. */
function aliasTask(ctx: SourceContext, mxHost: string): { task: Task; note: () => string; authenticated: () => boolean } {
  let target: string | undefined;
  let validated = true;
  const task: Task = async (signal) => {
    let name = mxHost;
    try {
      for (let hop = 0; hop < MAX_CNAME_HOPS; hop++) {
        const r = await ctx.resolver.cname(name, signal);
        const next = r.records[0];
        if (!next || next === name) break;
        validated &&= r.authenticated;
        name = next;
      }
    } catch (e) {
      const noAlias = e instanceof DnsError && (e.kind === 'NODATA' || e.kind === 'NXDOMAIN');
      if (!noAlias) return fromError(e, `CNAME ${name}`);
    }
    if (name === mxHost) return miss('not-found', `${mxHost} is no alias`);
    target = name;
    // Domains the MX name itself already leads to are asked by their own tasks.
    const own = mxCandidateDomains(mxHost, ctx.email.domain);
    const domains = mxCandidateDomains(target, ctx.email.domain).filter((x) => !own.includes(x));
    if (domains.length === 0) return miss('not-found', `alias ${target} is inside ${ctx.email.domain} itself`);
    const r = await firstSuccessful(domains.flatMap((x) => tasksFor(ctx, x)), signal);
    return r.ok ? { ok: true, value: r.value } : miss(combineMisses(r.misses).status, `alias ${target} → ${domains.join(', ')}: ${combineMisses(r.misses).detail}`);
  };
  return { task, note: () => (target ? `${mxHost} is an alias of ${target}` : ''), authenticated: () => target === undefined || validated };
}
