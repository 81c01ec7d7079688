// Source: guessing, lowest priority. Probes the usual host names and ports with bounded
// concurrency and builds a configuration only from servers that really answered. A
// trusted certificate for another host (shared hosting) leads to one probe of that name.
import type { AuthMethod, IncomingServer, OutgoingServer } from '../../../shared/model.js';
import { trustedContext } from '../../net/tls-trust.js';
import { guessCandidates } from '../guess/candidates.js';
import { certNameHopper } from '../guess/cert-hop.js';
import { probe, type Candidate, type ProbeResult } from '../guess/dialogue.js';
import type { Source } from '../source.js';

const CONCURRENCY = 8;
const PROBE_TIMEOUT_MS = 5000;

/** Runs `work` over `items` with at most `limit` in flight, keeping the input order. */
async function pool<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      out[i] = await work(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

export const guessSource: Source = {
  name: 'guess',
  priority: 7,
  // A guess is never the domain speaking for itself, however good its certificate.
  mayBeSecure: false,
  timeoutMs: 7000,
  async run(ctx) {
    const candidates = guessCandidates(ctx.email.domain);
    const secureContext = trustedContext(ctx.deps.extraCa);
    const run = (c: Candidate): Promise<ProbeResult> => {
      if (ctx.signal.aborted) return Promise.resolve({ ok: false, reason: 'cancelled' });
      return probe(c, { lookup: ctx.resolver.lookup, secureContext, signal: ctx.signal, timeoutMs: Math.max(1, Math.min(PROBE_TIMEOUT_MS, ctx.timeLeft())), ...(ctx.gate ? { gate: ctx.gate } : {}) });
    };
    const hopper = certNameHopper(candidates, run);
    // The hop runs in the candidate's own pool slot, so the socket limit still holds.
    const results = await pool(candidates, CONCURRENCY, async (c) => {
      const result = await run(c);
      return { result, hop: await hopper(c, result) };
    });
    const incoming: IncomingServer[] = [];
    const outgoing: OutgoingServer[] = [];
    const answered: string[] = [];
    const notes: string[] = [];
    const interesting: string[] = [];
    const add = (c: Candidate, auth: AuthMethod[]): void => {
      const where = `${c.host}:${c.port} ${c.protocol} ${c.security}`;
      // imap.D and mail.D often lead to the same certificate name: list it once.
      if (answered.includes(where)) return;
      answered.push(where);
      const server = { host: c.host, port: c.port, security: c.security, username: ctx.email.email, auth };
      if (c.protocol === 'smtp') outgoing.push({ protocol: 'smtp', ...server });
      else incoming.push({ protocol: c.protocol, ...server });
    };
    results.forEach(({ result: r, hop }, i) => {
      const c = candidates[i] as Candidate;
      if (r.ok) return add(c, r.auth);
      if (hop?.result.ok) {
        const note = `${c.host} presents a certificate for ${hop.candidate.host}; using that name`;
        if (!notes.includes(note)) notes.push(note);
        return add(hop.candidate, hop.result.auth);
      }
      // "no such host" and "refused" are the normal case; anything else helps support.
      if (/no such host|connection refused|cancelled/.test(r.reason)) return;
      const tried = hop && !hop.result.ok ? ` (its certificate's ${hop.candidate.host}: ${hop.result.reason})` : '';
      interesting.push(`${c.host}:${c.port} ${r.reason}${tried}`);
    });
    const detail = [`${answered.length} of ${candidates.length} candidates answered${answered.length ? `: ${answered.join(', ')}` : ''}`, ...notes, ...interesting].join('; ');
    if (incoming.length + outgoing.length === 0) return { status: ctx.signal.aborted ? 'cancelled' : 'not-found', detail };
    return { status: 'found', config: { source: 'guess', url: `probe:${ctx.email.domain}`, secure: false, incoming, outgoing }, detail };
  },
};
