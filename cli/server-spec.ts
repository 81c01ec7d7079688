// Parses the HOST:PORT:SECURITY value of --imap / --smtp (shared by `test` and `save`).
import type { Security } from '../shared/model.js';
import type { ServerSpec } from '../shared/probe.js';
import { UsageError } from './io.js';

const SECURITY_WORDS: Record<string, Security> = {
  tls: 'tls',
  ssl: 'tls', // what many mail clients call implicit TLS
  starttls: 'starttls',
  none: 'none',
  plain: 'none',
};

const HOST_NAME = /^(?=.{1,253}$)[A-Za-z0-9_](?:[A-Za-z0-9_.-]*[A-Za-z0-9_])?\.?$/;
const IPV6 = /^[0-9A-Fa-f:.]+$/;

/**
 * "mail.example.com:993:tls", "[::1]:587:starttls" → { host, port, security }.
 * Throws a UsageError naming the option on anything else.
 */
export function parseServerSpec(value: string, optionName: string): ServerSpec {
  const example = `${optionName} HOST:PORT:SECURITY, e.g. ${optionName} mail.example.com:${optionName.includes('smtp') ? '587:starttls' : '993:tls'}`;
  const bad = (why: string): UsageError => new UsageError(`${optionName} "${shown(value)}": ${why}. Expected ${example} (SECURITY is tls, starttls or none).`);

  if (/[\s\u0000-\u001f\u007f]/.test(value)) throw bad('contains spaces or control characters');
  let host: string;
  let rest: string;
  if (value.startsWith('[')) {
    const close = value.indexOf(']');
    if (close < 0) throw bad('an IPv6 address opened with [ is never closed');
    host = value.slice(1, close);
    if (!IPV6.test(host) || !host.includes(':')) throw bad(`"${shown(host)}" is not an IPv6 address`);
    if (value[close + 1] !== ':') throw bad('a port must follow the address');
    rest = value.slice(close + 2);
  } else {
    const first = value.indexOf(':');
    if (first < 0) throw bad('the port and security are missing');
    host = value.slice(0, first);
    rest = value.slice(first + 1);
    if (!HOST_NAME.test(host)) throw bad(`"${shown(host)}" is not a host name or IPv4 address`);
  }

  const parts = rest.split(':');
  if (parts.length !== 2) throw bad(parts.length < 2 ? 'the security (tls, starttls or none) is missing' : 'too many ":" separators (write IPv6 addresses in [brackets])');
  const [portText = '', securityText = ''] = parts;
  if (!/^\d{1,5}$/.test(portText)) throw bad(`"${shown(portText)}" is not a port number`);
  const port = Number(portText);
  if (port < 1 || port > 65535) throw bad(`port ${port} is outside 1–65535`);
  const security = SECURITY_WORDS[securityText.toLowerCase()];
  if (security === undefined) throw bad(`"${shown(securityText)}" is not a security mode`);
  return { host: host.replace(/\.$/, ''), port, security };
}

function shown(s: string): string {
  const cleaned = s.replace(/[\u0000-\u001f\u007f]/g, '?');
  return cleaned.length > 80 ? `${cleaned.slice(0, 80)}…` : cleaned;
}
