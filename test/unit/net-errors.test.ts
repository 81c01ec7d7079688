// DNS and HTTP failures are expected outcomes (dozens per audited domain), reported by
// kind and message: building them must not capture a stack trace, and must leave the
// stack-trace limit of everything else as it was.
import { describe, expect, it } from 'vitest';
import { DnsError, HttpError } from '../../core/net/types.js';

describe('expected network errors', () => {
  it('carry kind and message but no stack frames', () => {
    const before = Error.stackTraceLimit;
    const dns = new DnsError('NXDOMAIN', 'x.test', 'x.test does not exist (NXDOMAIN)');
    const http = new HttpError('DNS', 'https://x.test/', 'cannot resolve x.test');
    expect(dns).toBeInstanceOf(Error);
    expect([dns.kind, dns.message, http.kind]).toEqual(['NXDOMAIN', 'x.test does not exist (NXDOMAIN)', 'DNS']);
    expect(dns.stack ?? '').not.toMatch(/\n\s+at /);
    expect(http.stack ?? '').not.toMatch(/\n\s+at /);
    expect(Error.stackTraceLimit).toBe(before);
    expect(new Error('a bug').stack).toMatch(/\n\s+at /);
  });
});
