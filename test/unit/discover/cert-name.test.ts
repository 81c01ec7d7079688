// Which names of a mismatched certificate guessing may try: concrete, few, never invented.
import { describe, expect, it } from 'vitest';
import { namesOfMismatchedCert, usableCertNames } from '../../../core/discover/guess/cert-name.js';

describe('usableCertNames', () => {
  it('keeps concrete DNS names in the certificate order', () => {
    expect(usableCertNames('DNS:server1.hoster.test, DNS:www.hoster.test', 'mail.customer.test')).toEqual(['server1.hoster.test', 'www.hoster.test']);
  });

  it('drops wildcards, IP addresses, public suffixes and single labels', () => {
    const san = 'DNS:*.hoster.test, IP Address:127.0.0.1, DNS:co.uk, DNS:herokuapp.com, DNS:localhost, DNS:10.0.0.1, DNS:host.hoster.test';
    expect(usableCertNames(san, 'mail.customer.test')).toEqual(['host.hoster.test']);
  });

  it('tries at most a couple of names, never the host that presented the certificate', () => {
    expect(usableCertNames('DNS:mail.customer.test, DNS:a.h.test, DNS:b.h.test, DNS:c.h.test', 'mail.customer.test')).toEqual(['a.h.test', 'b.h.test']);
  });
});

describe('namesOfMismatchedCert', () => {
  const cert = { subjectaltname: 'DNS:server1.hoster.test' };
  it('answers only for a name mismatch (the chain already validated)', () => {
    expect(namesOfMismatchedCert({ code: 'ERR_TLS_CERT_ALTNAME_INVALID', cert }, 'mail.customer.test')).toEqual(['server1.hoster.test']);
    expect(namesOfMismatchedCert({ code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', cert }, 'mail.customer.test')).toEqual([]);
    expect(namesOfMismatchedCert({ code: 'CERT_HAS_EXPIRED', cert }, 'mail.customer.test')).toEqual([]);
    expect(namesOfMismatchedCert(new Error('boom'), 'mail.customer.test')).toEqual([]);
  });
});
