// Source: RFC 6186 / RFC 8314 SRV records. "." means the service is decidedly not offered.
import { getDomain } from 'tldts';
import type { IncomingServer, OutgoingServer, Security } from '../../../shared/model.js';
import { compareSrv } from '../../net/dns.js';
import type { SrvRecord } from '../../net/types.js';
import { fromError, type Attempt } from '../attempt.js';
import type { Source } from '../source.js';

interface SrvService {
  label: string;
  protocol: 'imap' | 'pop3' | 'smtp';
  security: Security;
}

// Order = our preference: IMAP above POP3, implicit TLS above STARTTLS (RFC 8314).
export const SRV_SERVICES: readonly SrvService[] = [
  { label: '_imaps._tcp', protocol: 'imap', security: 'tls' },
  { label: '_imap._tcp', protocol: 'imap', security: 'starttls' },
  { label: '_pop3s._tcp', protocol: 'pop3', security: 'tls' },
  { label: '_pop3._tcp', protocol: 'pop3', security: 'starttls' },
  { label: '_submissions._tcp', protocol: 'smtp', security: 'tls' },
  { label: '_submission._tcp', protocol: 'smtp', security: 'starttls' },
];

/** RFC 2782 order: priority ascending; among equals, heavier weight first (deterministic). */
export function sortSrv(records: readonly SrvRecord[]): SrvRecord[] {
  return [...records].sort(compareSrv);
}

interface ServiceAnswer {
  service: SrvService;
  records: SrvRecord[];
  authenticated: boolean;
}

export const srvSource: Source = {
  name: 'srv',
  priority: 5,
  mayBeSecure: true,
  timeoutMs: 4000,
  async run({ email, resolver, signal }) {
    const answers = await Promise.all(
      SRV_SERVICES.map(async (service): Promise<Attempt<ServiceAnswer>> => {
        const name = `${service.label}.${email.domain}`;
        try {
          const r = await resolver.srv(name, signal);
          return { ok: true, value: { service, records: sortSrv(r.records), authenticated: r.authenticated } };
        } catch (e) {
          return fromError(e, name);
        }
      }),
    );
    const incoming: IncomingServer[] = [];
    const outgoing: OutgoingServer[] = [];
    const notes: string[] = [];
    let authenticated = true;
    const base = getDomain(email.domain) ?? email.domain;
    for (const a of answers) {
      if (!a.ok) {
        if (a.status !== 'not-found') notes.push(a.detail);
        continue;
      }
      const { service, records } = a.value;
      const usable = records.filter((r) => r.name !== '.' && r.name !== '' && r.port > 0);
      if (usable.length === 0) {
        notes.push(`${service.label}.${email.domain}: not offered (".")`);
        continue;
      }
      authenticated &&= a.value.authenticated;
      for (const r of usable) {
        // RFC 6186 §6: without DNSSEC a target outside the domain needs the user's consent.
        if (!a.value.authenticated && getDomain(r.name) !== base) notes.push(`${service.label}: target ${r.name} is outside ${base}`);
        const server = { host: r.name, port: r.port, security: service.security, username: email.email, auth: ['password-cleartext' as const] };
        if (service.protocol === 'smtp') outgoing.push({ protocol: 'smtp', ...server });
        else incoming.push({ protocol: service.protocol, ...server });
      }
    }
    if (incoming.length + outgoing.length === 0) {
      const failures = answers.filter((a) => !a.ok && a.status !== 'not-found');
      if (failures.length === answers.length && failures[0] && !failures[0].ok) return { status: failures[0].status, detail: notes.join('; ') };
      return { status: 'not-found', detail: notes.length > 0 ? notes.join('; ') : `no SRV records for ${email.domain}` };
    }
    const detail = [authenticated ? 'DNSSEC-validated' : 'plain DNS (not DNSSEC-validated): confirm before use', ...notes].join('; ');
    return { status: 'found', config: { source: 'srv', url: `dns:${email.domain}?type=SRV`, secure: authenticated, incoming, outgoing }, detail };
  },
};
