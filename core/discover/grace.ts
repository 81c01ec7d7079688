// How long an answer in hand waits for a better-ranked source that is still silent.
// A hanging autoconfig host or a port that silently drops packets would otherwise hold
// the recommendation for that source's whole timeout although another source answered
// at once. A source that is receiving a response (headers in, body streaming) is slow,
// not hanging, and gets longer.
import type { HttpFetcher } from '../net/types.js';

/** From the first answer: a silent better-ranked source is cancelled after this long. */
export const DEFAULT_GRACE_MS = 1500;
/** From the first answer: a better-ranked source still receiving a response is cancelled after this long. */
export const DEFAULT_STREAMING_GRACE_MS = 4000;

export interface GraceOptions {
  graceMs?: number;
  streamingGraceMs?: number;
}

/** What a source has shown of itself so far. */
export interface Activity {
  /** HTTP requests whose response headers arrived and whose body is still coming. */
  streaming: number;
}

/** The source's HTTP fetcher, counting responses that are under way. */
export function watchHttp(http: HttpFetcher, activity: Activity): HttpFetcher {
  return {
    request(req) {
      let receiving = false;
      return http
        .request({
          ...req,
          onResponse: () => {
            receiving = true;
            activity.streaming++;
            req.onResponse?.();
          },
        })
        .finally(() => {
          if (receiving) activity.streaming--;
        });
    },
  };
}

/** The `sources[].detail` of a source cancelled by the grace: why its answer was not awaited. */
export function graceDetail(streaming: boolean, waitedMs: number, first: { source: string; ms: number }): string {
  const what = streaming ? 'its answer was still arriving' : 'it had not answered';
  return `not awaited: ${what} ${waitedMs} ms after ${first.source} answered (at ${first.ms} ms)`;
}
