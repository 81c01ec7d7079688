// dns.spf: one valid v=spf1 record, its `all`, and the DNS-querying terms counted through
// includes and redirects (RFC 7208 4.6.4: more than 10 is a permerror). mailauth evaluates
// the record too (for a documentation address that matches nothing, so every term is walked).
import type { DNSResolver } from 'mailauth';
import { spf } from 'mailauth/lib/spf/index.js';
import type { AuditCheck } from '../../../shared/audit.js';
import type { DnsResolver } from '../../net/types.js';
import { mailauthResolver, txtRecords } from './lookup.js';

const ID = 'dns.spf';
const TITLE = 'SPF (who may send for the domain)';
const LIMIT = 10;
const MECHANISM = /^([+\-~?]?)(all|include:.+|a(:[^/]+)?(\/\d+)?(\/\/\d+)?|mx(:[^/]+)?(\/\d+)?(\/\/\d+)?|ptr(:.+)?|ip4:[\d.]+(\/\d+)?|ip6:[0-9a-f:.]+(\/\d+)?|exists:.+)$/i;
const MODIFIER = /^[a-z][a-z0-9_.-]*=.*$/i;
const QUERYING = /^[+\-~?]?(include:|a\b|a:|a\/|mx\b|mx:|mx\/|ptr\b|exists:)/i;

export interface ParsedSpf {
  terms: string[];
  error?: string;
  all?: string;
  redirect?: string;
  includes: string[];
  ptr: boolean;
  lookups: number;
}

export function parseSpf(record: string): ParsedSpf {
  const terms = record.trim().split(/\s+/).slice(1);
  const out: ParsedSpf = { terms, includes: [], ptr: false, lookups: 0 };
  for (const t of terms) {
    if (MODIFIER.test(t) && !/^[+\-~?]/.test(t)) {
      const [name = '', value = ''] = t.split(/=(.*)/s);
      if (name.toLowerCase() === 'redirect') {
        out.redirect = value.toLowerCase();
        out.lookups++;
      }
      continue;
    }
    if (!MECHANISM.test(t)) {
      out.error ??= `"${t}" is not a valid SPF term`;
      continue;
    }
    if (/^[+\-~?]?all$/i.test(t)) out.all = t.toLowerCase();
    if (/^[+\-~?]?include:/i.test(t)) out.includes.push(t.replace(/^[+\-~?]?include:/i, '').toLowerCase());
    if (/^[+\-~?]?ptr/i.test(t)) out.ptr = true;
    if (QUERYING.test(t)) out.lookups++;
  }
  return out;
}

const spfOf = (records: string[]): string[] => records.filter((r) => /^v=spf1(\s|$)/i.test(r.trim()));

/** DNS-querying terms, includes and redirects counted recursively; stops past the limit. */
async function countLookups(resolver: DnsResolver, parsed: ParsedSpf, signal: AbortSignal | undefined, seen: Set<string>): Promise<number> {
  let total = parsed.lookups;
  for (const target of [...parsed.includes, ...(parsed.redirect ? [parsed.redirect] : [])]) {
    if (total > LIMIT) break;
    if (seen.has(target)) continue;
    seen.add(target);
    const txt = await txtRecords(resolver, target, signal);
    const rec = txt.ok ? spfOf(txt.records)[0] : undefined;
    if (rec) total += await countLookups(resolver, parseSpf(rec), signal, seen);
  }
  return total;
}

/** The record to publish: the current mechanisms, without ptr and a weak all, ending in -all. */
export function spfFix(domain: string, current?: ParsedSpf): string {
  const keep = (current?.terms ?? []).filter((t) => !/^[+\-~?]?(all|ptr(:.*)?)$/i.test(t) && !/^redirect=/i.test(t) && MECHANISM.test(t)).map((t) => t.replace(/^\+/, ''));
  const body = keep.length > 0 ? keep : ['mx'];
  return `${domain}. 3600 IN TXT "v=spf1 ${body.join(' ')} -all"`;
}

export async function checkSpf(domain: string, resolver: DnsResolver, signal?: AbortSignal): Promise<AuditCheck> {
  const make = (status: AuditCheck['status'], detail: string, fix?: string): AuditCheck => ({ id: ID, status, title: TITLE, detail, ...(fix ? { fix } : {}) });
  const txt = await txtRecords(resolver, domain, signal);
  if (!txt.ok) return make('fail', `The TXT lookup failed: ${txt.error}.`, spfFix(domain));
  const records = spfOf(txt.records);
  if (records.length === 0) return make('fail', 'No SPF record: anyone can send mail claiming to be from this domain.', spfFix(domain));
  if (records.length > 1) return make('fail', `${records.length} SPF records (only one is allowed, RFC 7208 3.2): ${records.map((r) => `"${r}"`).join(', ')}.`, `Merge them into one: ${spfFix(domain, parseSpf(records.join(' ').replace(/\s+v=spf1/gi, '')))}`);
  const record = records[0] as string;
  const parsed = parseSpf(record);
  if (parsed.error) return make('fail', `Syntax error: ${parsed.error} in "${record}".`, spfFix(domain, parsed));
  const lookups = await countLookups(resolver, parsed, signal, new Set([domain]));
  const countText = lookups > LIMIT ? 'more than 10' : String(lookups);
  if (lookups > LIMIT) return make('fail', `"${record}" needs ${countText} DNS lookups (the limit is 10, RFC 7208 4.6.4): receivers treat it as an error.`, `Flatten includes (replace some with their ip4:/ip6: ranges) so that at most 10 lookups remain, e.g. ${spfFix(domain, parsed)}`);
  const evaluated = await spf({ sender: `postmaster@${domain}`, ip: '192.0.2.1', helo: domain, mta: 'mailsetup', // mailauth's declared resolver type omits MX objects, which its SPF code does use.
    resolver: mailauthResolver(resolver, signal) as unknown as DNSResolver }).catch(() => undefined);
  if (evaluated?.status.result === 'permerror') return make('fail', `"${record}" is invalid when evaluated: ${evaluated.status.comment ?? 'permanent error'}.`, spfFix(domain, parsed));
  let all = parsed.all;
  let via = '';
  if (!all && parsed.redirect) {
    const target = await txtRecords(resolver, parsed.redirect, signal);
    const rec = target.ok ? spfOf(target.records)[0] : undefined;
    all = rec ? parseSpf(rec).all : undefined;
    via = ` (through redirect=${parsed.redirect})`;
  }
  const base = `"${record}", ${countText} DNS lookups`;
  if (all === 'all' || all === '+all') return make('fail', `${base}: "${all}"${via} allows every server in the world to send as this domain.`, spfFix(domain, parsed));
  if (!all) return make('warn', `${base}: no "all" term and no redirect, so unlisted senders are neutral.`, spfFix(domain, parsed));
  if (all === '?all') return make('warn', `${base}: "?all"${via} leaves unlisted senders neutral.`, spfFix(domain, parsed));
  if (parsed.ptr) return make('warn', `${base}: the "ptr" mechanism is slow and discouraged (RFC 7208 5.5).`, spfFix(domain, parsed));
  return make('pass', `${base}, ends in "${all}"${via}.`);
}
