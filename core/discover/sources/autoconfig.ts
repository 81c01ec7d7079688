// Source: the domain's own autoconfig — https autoconfig.D (with the address),
// https D/.well-known, then http autoconfig.D (without the address; untrusted).
import { autoconfigUrls, fetchAutoconfig } from '../autoconfig-fetch.js';
import { combineMisses, firstSuccessful } from '../attempt.js';
import type { Source } from '../source.js';

export const autoconfigSource: Source = {
  name: 'autoconfig',
  priority: 2,
  mayBeSecure: true,
  timeoutMs: 6000,
  async run(ctx) {
    const urls = autoconfigUrls(ctx.email.domain, ctx.email);
    const tasks = [urls.httpsA1, urls.httpsWellKnown, urls.httpA1].map(
      (url) => (signal: AbortSignal) => fetchAutoconfig(ctx.http, url, ctx.email, 'autoconfig', signal, ctx.timeLeft),
    );
    const r = await firstSuccessful(tasks, ctx.signal);
    if (r.ok) {
      const note = r.value.secure ? undefined : 'plain http: not authenticated, confirm before use';
      return { status: 'found', config: r.value, ...(note && { detail: note }) };
    }
    return combineMisses(r.misses);
  },
};
