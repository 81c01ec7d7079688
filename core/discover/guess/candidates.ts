// Which host:port pairs guessing tries, in ranking order: IMAP before POP3, implicit
// TLS before STARTTLS, then the host order imap./mail./bare (Thunderbird's order).
// Plaintext is never a candidate (RFC 8314).
import type { Candidate } from './dialogue.js';

export function guessCandidates(domain: string): Candidate[] {
  const list: Candidate[] = [];
  const add = (protocol: Candidate['protocol'], hosts: string[], ports: [number, Candidate['security']][]): void => {
    for (const [port, security] of ports) for (const prefix of hosts) list.push({ protocol, host: `${prefix}${domain}`, port, security });
  };
  add('imap', ['imap.', 'mail.', ''], [[993, 'tls'], [143, 'starttls']]);
  add('pop3', ['pop3.', 'pop.', 'mail.', ''], [[995, 'tls'], [110, 'starttls']]);
  add('smtp', ['smtp.', 'mail.', ''], [[465, 'tls'], [587, 'starttls']]);
  return list;
}
