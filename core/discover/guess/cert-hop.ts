// One extra hop for the shared-hosting case: when a candidate presents a trusted
// certificate for another host, probe that host on the same port and security, as
// hosters tell their users to do (reference §5 Phase 2, §6.3). Bounded: only the
// candidate's own probe can lead here, so a hop never leads to a further hop.
import type { Candidate, ProbeResult } from './dialogue.js';

export interface Hop {
  /** The candidate rewritten to the certificate's name. */
  candidate: Candidate;
  result: ProbeResult;
}

const keyOf = (c: Candidate): string => `${c.protocol}:${c.host}:${c.port}:${c.security}`;

/**
 * Returns a function that, given a candidate and its failed result, probes the
 * certificate's names in order until one answers. Several candidates (imap.D, mail.D)
 * often present the same certificate: each name and port is probed once and shared.
 * Names that are candidates of their own are left to their own probe.
 */
export function certNameHopper(candidates: readonly Candidate[], run: (c: Candidate) => Promise<ProbeResult>): (c: Candidate, r: ProbeResult) => Promise<Hop | undefined> {
  const own = new Set(candidates.map(keyOf));
  const probes = new Map<string, Promise<ProbeResult>>();
  return async (c, r) => {
    if (r.ok || !r.certNames) return undefined;
    let last: Hop | undefined;
    for (const host of r.certNames) {
      const candidate = { ...c, host };
      const key = keyOf(candidate);
      if (own.has(key)) continue;
      let probing = probes.get(key);
      if (!probing) {
        probing = run(candidate);
        probes.set(key, probing);
      }
      last = { candidate, result: await probing };
      if (last.result.ok) return last;
    }
    return last;
  };
}
