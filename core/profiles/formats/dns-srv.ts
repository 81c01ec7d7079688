// RFC 6186 / RFC 8314 SRV records for the account's domain (profiles §7). What the
// account does not use is published as "0 0 0 ." (decidedly not available, RFC 2782)
// so clients stop probing; the comment tells the admin to replace it if it is offered.
import { ok, type Result } from '../../../shared/errors.js';
import type { ServerSettings } from '../../../shared/model.js';
import type { PreparedAccount } from '../prepared-account.js';
import type { ExportOptions, ExportOutput } from '../types.js';
import { textFile } from '../types.js';

const LABELS = ['_submissions', '_submission', '_imaps', '_imap', '_pop3s', '_pop3'] as const;
type Label = (typeof LABELS)[number];

function labelFor(server: ServerSettings): Label {
  if (server.protocol === 'smtp') return server.security === 'tls' ? '_submissions' : '_submission';
  if (server.protocol === 'pop3') return server.security === 'tls' ? '_pop3s' : '_pop3';
  return server.security === 'tls' ? '_imaps' : '_imap';
}

export interface SrvRecord {
  name: string;
  priority: number;
  weight: number;
  port: number;
  target: string;
}

export function srvRecords(account: PreparedAccount): SrvRecord[] {
  const offered = new Map<Label, ServerSettings>([
    [labelFor(account.incoming), account.incoming],
    [labelFor(account.outgoing), account.outgoing],
  ]);
  return LABELS.map((label) => {
    const s = offered.get(label);
    const name = `${label}._tcp.${account.domain}.`;
    return s ? { name, priority: 0, weight: 1, port: s.port, target: `${s.host}.` } : { name, priority: 0, weight: 0, port: 0, target: '.' };
  });
}

export function srvZoneLines(account: PreparedAccount): string {
  const lines = [
    `; RFC 6186 / RFC 8314 mail service records for ${account.domain} (written by MailSetup).`,
    '; Target "." means "not offered" (RFC 2782). If you do offer one of those services,',
    '; replace its line with the real host and port. Targets need A/AAAA records (no CNAME)',
    '; and a TLS certificate that covers the target name.',
  ];
  for (const r of srvRecords(account)) {
    lines.push(`${r.name.padEnd(Math.max(32, r.name.length + 1))} 3600 IN SRV ${r.priority} ${r.weight} ${r.port} ${r.target}`);
  }
  lines.push('');
  return lines.join('\n');
}

export async function exportDnsSrv(account: PreparedAccount, _options: ExportOptions): Promise<Result<ExportOutput>> {
  const warnings = [account.incoming.host, account.outgoing.host]
    .filter((h, i, all) => all.indexOf(h) === i && (/^[\d.]+$/.test(h) || h.includes(':')))
    .map((h) => `${h} is an IP address: an SRV target must be a host name with an A/AAAA record.`);
  return ok({ files: [textFile(`${account.domain}.srv.zone`, 'text/plain', srvZoneLines(account))], warnings });
}
