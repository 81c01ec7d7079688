// dns.mx: the domain's mail exchangers, implicit MX (RFC 5321 5.1) and null MX (RFC 7505).
import type { AuditCheck } from '../../../shared/audit.js';
import { DnsError, type DnsResolver } from '../../net/types.js';

export interface MxHost {
  name: string;
  /** First address (IPv4 preferred); undefined when the name does not resolve. */
  address?: string;
}

export interface MxOutcome {
  check: AuditCheck;
  /** Hosts to audit as the MX (resolving ones only). */
  hosts: MxHost[];
  /** Every MX name as published (for MTA-STS matching and fixes). */
  names: string[];
  nullMx: boolean;
}

export async function firstAddress(resolver: DnsResolver, name: string, signal?: AbortSignal): Promise<string | undefined> {
  try {
    const a = await resolver.addresses(name, signal);
    return (a.records.find((r) => r.family === 4) ?? a.records[0])?.address;
  } catch {
    return undefined;
  }
}

const ID = 'dns.mx';
const TITLE = 'MX records (where mail for the domain goes)';

export async function checkMx(domain: string, resolver: DnsResolver, signal?: AbortSignal): Promise<MxOutcome> {
  let records: { exchange: string; priority: number }[] = [];
  let error: string | undefined;
  try {
    records = (await resolver.mx(domain, signal)).records;
  } catch (e) {
    if (!(e instanceof DnsError && (e.kind === 'NODATA' || e.kind === 'NXDOMAIN'))) error = e instanceof Error ? e.message : String(e);
  }
  const check = (status: AuditCheck['status'], detail: string, fix?: string): AuditCheck => ({ id: ID, status, title: TITLE, detail, ...(fix ? { fix } : {}) });
  if (error) return { check: check('fail', `The MX lookup failed: ${error}.`, 'Make sure the domain\'s DNS servers answer for it.'), hosts: [], names: [], nullMx: false };
  if (records.length === 1 && (records[0]?.exchange === '' || records[0]?.exchange === '.')) {
    return { check: check('info', 'Null MX (RFC 7505): the domain says it accepts no mail.'), hosts: [], names: [], nullMx: true };
  }
  if (records.length === 0) {
    const address = await firstAddress(resolver, domain, signal);
    const fix = `Publish an MX record: ${domain}. 3600 IN MX 10 mail.${domain}.`;
    if (address) return { check: check('warn', `No MX record; the domain itself has an address (${address}) and receives mail there (implicit MX, RFC 5321 5.1).`, fix), hosts: [{ name: domain, address }], names: [domain], nullMx: false };
    return { check: check('fail', 'No MX record and no address: the domain cannot receive mail.', fix), hosts: [], names: [], nullMx: false };
  }
  const sorted = [...records].sort((a, b) => a.priority - b.priority);
  const hosts = await Promise.all(sorted.map(async (r) => ({ name: r.exchange, address: await firstAddress(resolver, r.exchange, signal) })));
  const listed = hosts.map((h, i) => `${sorted[i]?.priority} ${h.name} (${h.address ?? 'does not resolve'})`).join(', ');
  const resolving = hosts.filter((h) => h.address !== undefined);
  const names = hosts.map((h) => h.name);
  if (resolving.length === 0) return { check: check('fail', `No MX host resolves: ${listed}.`, 'Give each MX host name an A (or AAAA) record, or point the MX records at a host that has one.'), hosts: [], names, nullMx: false };
  if (resolving.length < hosts.length) return { check: check('warn', `Some MX hosts do not resolve: ${listed}.`, `Remove the MX records of the hosts that do not resolve, or give them addresses.`), hosts: resolving, names, nullMx: false };
  return { check: check('pass', `MX: ${listed}.`), hosts: resolving, names, nullMx: false };
}
