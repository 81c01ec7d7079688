// dns.mta-sts: the _mta-sts TXT and the policy at https://mta-sts.DOMAIN/.well-known/mta-sts.txt
// (fetched with the certificate checked), parsed and matched against every MX by mailauth.
// eslint-disable-next-line @typescript-eslint/triple-slash-reference -- ambient types for mailauth files that ship none, seen by every tsconfig that compiles this file
/// <reference path="../mailauth.d.ts" />
import { parsePolicy, validateMx } from 'mailauth/lib/mta-sts.js';
import type { AuditCheck } from '../../../shared/audit.js';
import type { DnsResolver, HttpFetcher } from '../../net/types.js';
import { txtRecords } from './lookup.js';

export interface MtaStsOutcome {
  check: AuditCheck;
  /** The policy is valid and in enforce mode: MX certificate problems become failures. */
  enforce: boolean;
}

export function mtaStsFix(domain: string, mxNames: readonly string[]): string {
  const id = new Date().toISOString().slice(0, 10).replace(/-/g, '') + '01';
  const mx = (mxNames.length > 0 ? mxNames : [`mail.${domain}`]).map((m) => `mx: ${m}`).join('\n');
  return [
    `_mta-sts.${domain}. 3600 IN TXT "v=STSv1; id=${id}"`,
    `and serve https://mta-sts.${domain}/.well-known/mta-sts.txt (valid certificate for mta-sts.${domain}):`,
    'version: STSv1',
    'mode: enforce',
    mx,
    'max_age: 604800',
  ].join('\n');
}

export async function checkMtaSts(domain: string, mxNames: readonly string[], resolver: DnsResolver, http: HttpFetcher, timeoutMs: number, signal?: AbortSignal): Promise<MtaStsOutcome> {
  const base = { id: 'dns.mta-sts', title: 'MTA-STS (encryption required for incoming mail)' };
  const fix = mtaStsFix(domain, mxNames);
  const done = (status: AuditCheck['status'], detail: string, withFix = true, enforce = false): MtaStsOutcome => ({ check: { ...base, status, detail, ...(withFix && status !== 'pass' ? { fix } : {}) }, enforce });
  const txt = await txtRecords(resolver, `_mta-sts.${domain}`, signal);
  if (!txt.ok) return done('fail', `The TXT lookup of _mta-sts.${domain} failed: ${txt.error}.`);
  const records = txt.records.filter((r) => /^v=STSv1\b/i.test(r.trim()));
  if (txt.records.length === 0) return done('info', `No _mta-sts record: sending servers may deliver without encryption if an attacker strips STARTTLS. To require it: ${fix.split('\n')[0]}`, false);
  if (records.length !== 1 || !/;\s*id=[A-Za-z0-9]{1,32}\s*;?\s*$/.test(records[0] as string)) {
    return done('fail', `Invalid _mta-sts record: ${txt.records.map((r) => `"${r}"`).join(', ')} (expected one "v=STSv1; id=…").`);
  }
  const url = `https://mta-sts.${domain}/.well-known/mta-sts.txt`;
  let body: string;
  try {
    const res = await http.request({ url, timeoutMs, maxBytes: 64 * 1024, ...(signal ? { signal } : {}) });
    if (res.status !== 200) return done('fail', `"${records[0]}" is published, but ${url} answered HTTP ${res.status}.`);
    body = res.body;
  } catch (e) {
    return done('fail', `"${records[0]}" is published, but the policy could not be fetched: ${(e as Error).message}.`);
  }
  let policy: ReturnType<typeof parsePolicy>;
  try {
    policy = parsePolicy(body);
  } catch (e) {
    return done('fail', `The policy at ${url} is invalid: ${(e as Error).message}.`);
  }
  const uncovered = mxNames.filter((mx) => !validateMx(mx, policy).valid);
  const summary = `mode ${policy.mode}, mx ${(policy.mx ?? []).join(', ') || '(none)'}, max_age ${policy.maxAge}`;
  if (policy.mode !== 'none' && uncovered.length > 0) return done('fail', `The policy (${summary}) does not cover the MX host(s) ${uncovered.join(', ')}: sending servers in enforce mode would refuse to deliver to them.`);
  if (policy.mode === 'testing' || policy.mode === 'none') return done('warn', `Policy ${summary}: not enforced.`, true);
  return done('pass', `Policy ${summary}; every MX is covered.`, false, true);
}
