// Ranking (DESIGN.md, RFC 8314): secure above insecure, then source priority (the
// domain's own config above third-party data above guesses); inside a config, IMAP
// above POP3 and TLS/STARTTLS above plaintext, otherwise the source's own order.
import type { MailConfig, ServerSettings } from '../../shared/model.js';

export type RankKey = readonly [insecure: 0 | 1, priority: number];

export function rankKey(secure: boolean, priority: number): RankKey {
  return [secure ? 0 : 1, priority];
}

/** Negative when `a` ranks above `b`. */
export function compareKeys(a: RankKey, b: RankKey): number {
  return a[0] - b[0] || a[1] - b[1];
}

const serverRank = (s: ServerSettings): number => (s.protocol === 'pop3' ? 2 : 0) + (s.security === 'none' ? 1 : 0);

/** Stable sort of one config's servers by protocol and transport security. */
export function orderServers(config: MailConfig): MailConfig {
  const sort = <S extends ServerSettings>(list: S[]): S[] =>
    list
      .map((s, i) => ({ s, i }))
      .sort((a, b) => serverRank(a.s) - serverRank(b.s) || a.i - b.i)
      .map((x) => x.s);
  return { ...config, incoming: sort(config.incoming), outgoing: sort(config.outgoing) };
}

/** Ranks configurations best first; ties keep arrival order. */
export function rankConfigs(found: readonly { config: MailConfig; priority: number }[]): MailConfig[] {
  return found
    .map((f, i) => ({ ...f, i }))
    .sort((a, b) => compareKeys(rankKey(a.config.secure, a.priority), rankKey(b.config.secure, b.priority)) || a.i - b.i)
    .map((f) => orderServers(f.config));
}
