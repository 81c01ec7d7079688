// The domain audit's contract (issue 11): params, the JSON report other tools read,
// and the progress event. Plain TypeScript for every door.

export const AUDIT_STATUSES = ['pass', 'warn', 'fail', 'info', 'skipped'] as const;
export type AuditStatus = (typeof AUDIT_STATUSES)[number];

export interface AuditCheck {
  id: string;
  status: AuditStatus;
  host?: string;
  port?: number;
  /** Plain words. */
  title: string;
  /** Plain words quoting the evidence (record text, server reply). */
  detail: string;
  /** What to do; where it is a DNS record or a config line, the exact text. */
  fix?: string;
}

export interface AuditReport {
  /** ASCII (punycode). */
  domain: string;
  verdict: 'pass' | 'warn' | 'fail';
  counts: Record<AuditStatus, number>;
  /** Wall time of the audit. */
  ms: number;
  checks: AuditCheck[];
}

export type AuditServerSecurity = 'tls' | 'starttls' | 'none';

export interface AuditParams {
  /** A domain or an email address. */
  target: string;
  resolver?: string;
  /** Per network step, ms. */
  timeoutMs?: number;
  dkimSelectors?: string[];
  smtp?: { host: string; port: number; security: AuditServerSecurity };
  imap?: { host: string; port: number; security: AuditServerSecurity };
  /** DNS checks only: no connection to any mail server. */
  noProbe?: boolean;
  /** PEM CAs trusted in addition to the system's (tests, private CAs). */
  caPem?: string;
}

/** One check finished. */
export interface AuditProgress {
  domain: string;
  check: AuditCheck;
}

const RANK: Record<AuditStatus, number> = { pass: 0, info: 0, skipped: 0, warn: 1, fail: 2 };

/** The worst status among the checks; info and skipped do not count. */
export function verdictOf(checks: readonly AuditCheck[]): AuditReport['verdict'] {
  const worst = Math.max(0, ...checks.map((c) => RANK[c.status]));
  return worst === 2 ? 'fail' : worst === 1 ? 'warn' : 'pass';
}

export function countsOf(checks: readonly AuditCheck[]): AuditReport['counts'] {
  const counts = { pass: 0, warn: 0, fail: 0, info: 0, skipped: 0 };
  for (const c of checks) counts[c.status]++;
  return counts;
}

export interface AuditGroup {
  key: string;
  title: string;
  checks: AuditCheck[];
}

const ROLE_TITLES: Record<string, string> = { submission: 'Sending (submission)', imap: 'Receiving in mail apps (IMAP)', mx: 'Incoming mail (MX)' };

/** The report card's groups: DNS, client setup, then each server (role + host), in first-seen order. */
export function groupChecks(checks: readonly AuditCheck[]): AuditGroup[] {
  const groups = new Map<string, AuditGroup>();
  const add = (key: string, title: string, c: AuditCheck): void => {
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { key, title, checks: [] }));
    g.checks.push(c);
  };
  groups.set('dns', { key: 'dns', title: 'DNS records', checks: [] });
  groups.set('client', { key: 'client', title: 'Client setup', checks: [] });
  for (const c of checks) {
    const role = c.id.split('.')[0] ?? '';
    if (role === 'dns') add('dns', 'DNS records', c);
    else if (role === 'client') add('client', 'Client setup', c);
    else add(`${role}:${c.host ?? ''}`, `${ROLE_TITLES[role] ?? role}: ${c.host ?? ''}`, c);
  }
  return [...groups.values()].filter((g) => g.checks.length > 0);
}
