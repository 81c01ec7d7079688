import { describe, expect, it } from 'vitest';
import { parseEmail } from '../../shared/email.js';

describe('parseEmail', () => {
  it('lower-cases the domain and keeps the local part', () => {
    const r = parseEmail('  Jane.Doe@Example.COM ');
    expect(r).toEqual({ ok: true, value: { email: 'Jane.Doe@example.com', localPart: 'Jane.Doe', domain: 'example.com' } });
  });
  it('converts IDN domains to punycode', () => {
    const r = parseEmail('jörg@bücher.example');
    expect(r.ok && r.value.domain).toBe('xn--bcher-kva.example');
  });
  it('accepts subdomain addresses', () => {
    const r = parseEmail('a@mail.dept.example.co.uk');
    expect(r.ok && r.value.domain).toBe('mail.dept.example.co.uk');
  });
  it.each([
    ['no at', 'jane.example.com'],
    ['two ats', 'a@b@example.com'],
    ['CRLF injection', 'jane@example.com\r\nRCPT TO:<x@y>'],
    ['LF in domain', 'jane@exa\nmple.com'],
    ['empty domain', 'jane@'],
    ['IP literal', 'jane@127.0.0.1'],
    ['single label', 'jane@localhost'],
    ['path chars', 'jane@example.com/evil'],
    ['space', 'ja ne@example.com'],
    ['bad label', 'jane@-example.com'],
    ['right-to-left override', 'jane\u202E@example.com'],
    ['zero-width space in the local part', 'ja\u200Bne@example.com'],
    ['zero-width space in the domain (IDN mapping would drop it)', 'jane@exa\u200Bmple.com'],
    ['bidi isolate', 'jane@example.com\u2066'],
    ['byte order mark', '\uFEFFjane@example.com'],
  ])('refuses %s', (_name, input) => {
    const r = parseEmail(input);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('BAD_INPUT');
      expect(r.error.message).not.toMatch(/[\r\n]/);
    }
  });
});
