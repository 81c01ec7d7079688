// dns.tls-rpt: the _smtp._tls reporting record (RFC 8460).
import type { AuditCheck } from '../../../shared/audit.js';
import type { DnsResolver } from '../../net/types.js';
import { parseTags } from './dmarc.js';
import { txtRecords } from './lookup.js';

export function tlsRptFix(domain: string): string {
  return `_smtp._tls.${domain}. 3600 IN TXT "v=TLSRPTv1; rua=mailto:postmaster@${domain}"`;
}

export async function checkTlsRpt(domain: string, resolver: DnsResolver, signal?: AbortSignal): Promise<AuditCheck> {
  const base = { id: 'dns.tls-rpt', title: 'TLS reporting (TLS-RPT)' };
  const txt = await txtRecords(resolver, `_smtp._tls.${domain}`, signal);
  if (!txt.ok) return { ...base, status: 'fail', detail: `The TXT lookup failed: ${txt.error}.`, fix: tlsRptFix(domain) };
  const records = txt.records.filter((r) => /^v=TLSRPTv1\b/i.test(r.trim()));
  if (txt.records.length === 0) return { ...base, status: 'info', detail: `No _smtp._tls record: sending servers will not report TLS problems to you. Optional: ${tlsRptFix(domain)}` };
  const record = records[0];
  const rua = record ? parseTags(record).find(([k]) => k === 'rua')?.[1] : undefined;
  if (records.length !== 1 || !record || !rua || !/^(mailto:|https:)/i.test(rua)) {
    return { ...base, status: 'fail', detail: `Invalid TLS-RPT record: ${txt.records.map((r) => `"${r}"`).join(', ')} (expected one "v=TLSRPTv1; rua=mailto:…").`, fix: tlsRptFix(domain) };
  }
  return { ...base, status: 'pass', detail: `"${record}"` };
}
