// cpanelDeliverability: EmailAuth::validate_current_spfs / _dkims / _ptrs for one
// domain, cPanel's objects passed through unchanged; optionally enable_dkim and
// install_spf_records first (the CLI shows the change and asks before it calls this).
import type { CpanelAuthRecord, CpanelDeliverabilityResult } from '../../shared/cpanel.js';
import { toAsciiDomain } from '../../shared/email.js';
import { fail, ok, type Result } from '../../shared/errors.js';
import type { Deps } from '../deps.js';
import type { Handler } from '../handler-types.js';
import { openSessionForDomain, type CpanelSession } from './session.js';
import { composeSpfRecord, currentSpfRecord } from './spf-record.js';
import { toNumber } from './uapi-envelope.js';

async function validate(session: CpanelSession, func: string, domain: string, signal?: AbortSignal): Promise<Result<CpanelAuthRecord>> {
  const got = await session.call('EmailAuth', func, { domain }, signal);
  if (!got.ok) return got;
  const rows = Array.isArray(got.value.data) ? (got.value.data as unknown[]) : [];
  const row = rows.find((r) => typeof r === 'object' && r !== null) as CpanelAuthRecord | undefined;
  return row ? ok(row) : fail('CPANEL_API_ERROR', `cPanel's ${func} gave no answer for ${domain}.`);
}

/** enable_dkim / install_spf_records answer [{domain, status, msg}]; status 0 is a refusal. */
async function change(session: CpanelSession, func: string, params: Record<string, string>, signal?: AbortSignal): Promise<Result<string>> {
  const got = await session.call('EmailAuth', func, params, signal);
  if (!got.ok) return got;
  const rows = Array.isArray(got.value.data) ? (got.value.data as Array<Record<string, unknown>>) : [];
  const row = rows[0] ?? {};
  const msg = typeof row.msg === 'string' ? row.msg : '';
  if (toNumber(row.status) !== 1) return fail('CPANEL_API_ERROR', `cPanel refused EmailAuth::${func}: ${msg || 'no reason given'}`, { serverSays: msg });
  return ok(msg);
}

export function createDeliverabilityHandler(deps: Deps): Handler<'cpanelDeliverability'> {
  return async (params, ctx) => {
    const domain = toAsciiDomain(params.domain);
    if (domain === null) return fail('BAD_INPUT', `"${params.domain}" is not a domain name.`);
    if (params.installSpf !== undefined && !/^v=spf1(\s|$)/i.test(params.installSpf)) {
      return fail('BAD_INPUT', 'An SPF record starts with "v=spf1".');
    }
    const session = await openSessionForDomain(deps, domain, params.connection);
    if (!session.ok) return session;
    const changed: string[] = [];
    if (params.enableDkim) {
      const done = await change(session.value, 'enable_dkim', { domain }, ctx.signal);
      if (!done.ok) return done;
      changed.push(`enabled DKIM for ${domain}${done.value ? ` (${done.value})` : ''}`);
    }
    if (params.installSpf !== undefined) {
      const done = await change(session.value, 'install_spf_records', { domain, record: params.installSpf }, ctx.signal);
      if (!done.ok) return done;
      changed.push(`installed the SPF record "${params.installSpf}" for ${domain}`);
    }
    const [spf, dkim, ptr] = await Promise.all(['validate_current_spfs', 'validate_current_dkims', 'validate_current_ptrs'].map((f) => validate(session.value, f, domain, ctx.signal)));
    for (const r of [spf, dkim, ptr]) if (!r!.ok) return r as Result<never>;
    const s = (spf as { value: CpanelAuthRecord }).value;
    const d = (dkim as { value: CpanelAuthRecord }).value;
    const p = (ptr as { value: CpanelAuthRecord }).value;
    const result: CpanelDeliverabilityResult = { domain, spf: s, dkim: d, ptr: p, changed, dkimEnableSuggested: d.state !== 'VALID' };
    if (s.state !== 'VALID' && typeof s.expected === 'string' && s.expected.trim() !== '') {
      const current = currentSpfRecord(s);
      result.proposedSpf = { current, record: composeSpfRecord(current, s.expected) };
    }
    return ok(result);
  };
}
