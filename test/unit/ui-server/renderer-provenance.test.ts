// What the UI tells a user about who runs the servers of a discovered configuration.
import { describe, expect, it } from 'vitest';
import { foreignDomains, registrableDomains } from '../../../renderer/src/lib/provenance.js';
import type { MailConfig } from '../../../shared/model.js';

function config(...hosts: string[]): MailConfig {
  const [imap = 'imap.example.com', smtp = imap] = hosts;
  return {
    source: 'autoconfig',
    url: 'https://autoconfig.example.com/mail/config-v1.1.xml',
    secure: true,
    incoming: [{ protocol: 'imap', host: imap, port: 993, security: 'tls', username: 'u', auth: [] }],
    outgoing: [{ protocol: 'smtp', host: smtp, port: 587, security: 'starttls', username: 'u', auth: [] }],
  };
}

describe('server provenance in the UI', () => {
  it('names the registrable domain of each host once', () => {
    expect(registrableDomains(config('imap.gmail.com', 'smtp.gmail.com'))).toEqual(['gmail.com']);
  });

  it('understands multi-label public suffixes (co.uk)', () => {
    expect(registrableDomains(config('mail.shop.example.co.uk'))).toEqual(['example.co.uk']);
  });

  it('flags servers outside the address domain, and not subdomains of it', () => {
    expect(foreignDomains(config('mail.hoster.net', 'smtp.example.com'), 'example.com')).toEqual(['hoster.net']);
    expect(foreignDomains(config('imap.mail.example.com'), 'example.com')).toEqual([]);
    expect(foreignDomains(config('imap.example.com'), 'sub.example.com')).toEqual([]);
  });
});
