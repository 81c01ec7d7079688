// Parses the "HOST[:PORT]" form of a DNS server (--resolver, dns.getServers()).
import net from 'node:net';

export interface DnsServer {
  host: string;
  port: number;
  family: 4 | 6;
}

/** "1.2.3.4", "1.2.3.4:5353", "::1", "[::1]:5353" → server, or null when unusable. */
export function parseDnsServer(spec: string): DnsServer | null {
  if (/[\r\n\0]/.test(spec)) return null;
  const s = spec.trim();
  if (s === '' || /\s/.test(s)) return null;
  let host = s;
  let port = 53;
  const bracketed = /^\[([^\]]+)\](?::(\d{1,5}))?$/.exec(s);
  if (bracketed) {
    host = bracketed[1] ?? '';
    if (bracketed[2] !== undefined) port = Number(bracketed[2]);
  } else if (net.isIPv6(s)) {
    host = s;
  } else {
    const m = /^([^:]+)(?::(\d{1,5}))?$/.exec(s);
    if (!m) return null;
    host = m[1] ?? '';
    if (m[2] !== undefined) port = Number(m[2]);
  }
  if (port < 1 || port > 65535) return null;
  const family = net.isIP(host);
  // A DNS server must be an address: resolving its name would need a resolver first.
  if (family !== 4 && family !== 6) return null;
  return { host, port, family };
}

export function formatDnsServer(s: DnsServer): string {
  return s.family === 6 ? `[${s.host}]:${s.port}` : `${s.host}:${s.port}`;
}
