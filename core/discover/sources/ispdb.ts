// Source 2: the online ISPDB (https://autoconfig.thunderbird.net/v1.1/DOMAIN by default).
import { fetchAutoconfig } from '../autoconfig-fetch.js';
import { lookupBundledIspdb } from '../ispdb/bundled.js';
import type { Source, SourceContext } from '../source.js';

export function ispdbUrlFor(ctx: Pick<SourceContext, 'params' | 'deps'>, domain: string): string {
  const base = ctx.params.ispdbUrl ?? ctx.deps.ispdbUrl;
  return `${base.endsWith('/') ? base : `${base}/`}${encodeURIComponent(domain)}`;
}

export const ispdbSource: Source = {
  name: 'ispdb',
  priority: 3,
  mayBeSecure: true,
  timeoutMs: 6000,
  async run(ctx) {
    // The bundled copy already knows this domain: do not tell a third party what was typed.
    if (lookupBundledIspdb(ctx.email)) return { status: 'skipped', detail: 'answered by the bundled copy; the domain was not sent to the online ISPDB' };
    const url = ispdbUrlFor(ctx, ctx.email.domain);
    const r = await fetchAutoconfig(ctx.http, url, ctx.email, 'ispdb', ctx.signal, ctx.timeLeft);
    return r.ok ? { status: 'found', config: r.value } : { status: r.status, detail: r.detail };
  },
};
