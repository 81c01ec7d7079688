import { describe, expect, it } from 'vitest';
import { parseServerSpec } from '../../../cli/server-spec.js';
import { UsageError } from '../../../cli/io.js';

describe('parseServerSpec (--imap / --smtp HOST:PORT:SECURITY)', () => {
  it('parses host names, IPv4 and bracketed IPv6', () => {
    expect(parseServerSpec('mail.example.com:993:tls', '--imap')).toEqual({ host: 'mail.example.com', port: 993, security: 'tls' });
    expect(parseServerSpec('127.0.4.1:587:STARTTLS', '--smtp')).toEqual({ host: '127.0.4.1', port: 587, security: 'starttls' });
    expect(parseServerSpec('[::1]:143:none', '--imap')).toEqual({ host: '::1', port: 143, security: 'none' });
    expect(parseServerSpec('smtp.example.com.:465:ssl', '--smtp')).toEqual({ host: 'smtp.example.com', port: 465, security: 'tls' });
  });

  it.each([
    ['mail.example.com', 'port and security are missing'],
    ['mail.example.com:993', 'security'],
    ['mail.example.com:99999:tls', 'outside 1–65535'],
    ['mail.example.com:0:tls', 'outside'],
    ['mail.example.com:abc:tls', 'not a port number'],
    ['mail.example.com:993:tsl', 'not a security mode'],
    ['::1:993:tls', 'not a host name'],
    ['[::1:993:tls', 'never closed'],
    ['mail.example.com:993:tls:x', 'too many'],
    ['mail example.com:993:tls', 'spaces'],
    ['mail.example.com\r\n:993:tls', 'control'],
    [':993:tls', 'not a host name'],
  ])('rejects %j with a usage error naming the option', (value, why) => {
    let caught: unknown;
    try {
      parseServerSpec(value, '--imap');
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(UsageError);
    expect((caught as Error).message).toContain('--imap');
    expect((caught as Error).message).toContain(why);
  });
});
