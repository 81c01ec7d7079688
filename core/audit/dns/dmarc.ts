// dns.dmarc: the _dmarc record, read strictly (RFC 7489 6.3/6.4): v=DMARC1 first, p= valid.
import type { AuditCheck } from '../../../shared/audit.js';
import type { DnsResolver } from '../../net/types.js';
import { txtRecords } from './lookup.js';

const ID = 'dns.dmarc';
const TITLE = 'DMARC (what receivers do with forged mail)';

export function parseTags(record: string): [string, string][] {
  return record
    .split(';')
    .map((t) => t.trim())
    .filter((t) => t.length > 0)
    .map((t) => {
      const i = t.indexOf('=');
      return i < 0 ? [t.toLowerCase(), ''] : [t.slice(0, i).trim().toLowerCase(), t.slice(i + 1).trim()];
    });
}

export function dmarcFix(domain: string): string {
  return `_dmarc.${domain}. 3600 IN TXT "v=DMARC1; p=quarantine; rua=mailto:postmaster@${domain}"`;
}

export async function checkDmarc(domain: string, resolver: DnsResolver, signal?: AbortSignal): Promise<AuditCheck> {
  const make = (status: AuditCheck['status'], detail: string, fix?: string): AuditCheck => ({ id: ID, status, title: TITLE, detail, ...(fix ? { fix } : {}) });
  const fix = dmarcFix(domain);
  const txt = await txtRecords(resolver, `_dmarc.${domain}`, signal);
  if (!txt.ok) return make('fail', `The TXT lookup of _dmarc.${domain} failed: ${txt.error}.`, fix);
  const records = txt.records.filter((r) => /v\s*=\s*DMARC1/i.test(r));
  if (records.length === 0) return make('fail', `No DMARC record at _dmarc.${domain}.`, fix);
  if (records.length > 1) return make('fail', `${records.length} DMARC records (receivers then apply none): ${records.map((r) => `"${r}"`).join(', ')}.`, `Keep exactly one: ${fix}`);
  const record = records[0] as string;
  const tags = parseTags(record);
  const [first] = tags;
  if (!first || first[0] !== 'v' || first[1] !== 'DMARC1') return make('fail', `"${record}": v=DMARC1 must be the first tag.`, fix);
  const p = tags.find(([k]) => k === 'p')?.[1];
  if (p === undefined) return make('warn', `"${record}" has no p= tag, so receivers apply none (RFC 7489 6.6.3).`, fix);
  const policy = p.toLowerCase();
  if (policy === 'quarantine' || policy === 'reject') return make('pass', `"${record}": policy ${policy}.`);
  if (policy === 'none') return make('warn', `"${record}": p=none only monitors; forged mail is still delivered.`, fix);
  return make('fail', `"${record}": "p=${p}" is not a valid policy (none, quarantine or reject).`, fix);
}
