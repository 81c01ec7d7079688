// Diagnosis mapping: library errors and TLS facts → codes, and every code's human text.
import { describe, expect, it } from 'vitest';
import { classifyConnectionError, tlsDiagnoses } from '../../../core/probe/diagnose.js';
import { interpretRelay } from '../../../core/probe/relay-check.js';
import { chooseMechanism, parseEhlo } from '../../../core/probe/smtp-capabilities.js';
import { normalizeFingerprint } from '../../../core/probe/tls-inspect.js';
import { DnsError } from '../../../core/net/types.js';
import { describeDiagnosis, DIAGNOSIS_CODES, suggestHostFromCert, type DiagnosisFacts } from '../../../shared/diagnosis.js';
import type { TlsReport } from '../../../shared/probe.js';

const smtp587: DiagnosisFacts = { protocol: 'smtp', host: 'mail.example.com', port: 587 };

describe('diagnosis texts', () => {
  it('every code has a message, and every error a fix', () => {
    for (const code of DIAGNOSIS_CODES) {
      const t = describeDiagnosis(code, smtp587);
      expect(t.message.length).toBeGreaterThan(20);
      if (t.severity === 'error') expect(t.fix, code).toBeTruthy();
    }
  });

  it('CONNECTION_TIMEOUT: the network may block the port, and which port to try', () => {
    const s = describeDiagnosis('CONNECTION_TIMEOUT', smtp587);
    expect(s.fix).toMatch(/may block port 587/);
    expect(s.fix).toMatch(/Try port 465/);
    expect(describeDiagnosis('CONNECTION_TIMEOUT', { protocol: 'smtp', host: 'h', port: 465 }).fix).toMatch(/Try port 587/);
    expect(describeDiagnosis('CONNECTION_TIMEOUT', { protocol: 'imap', host: 'h', port: 993 }).fix).toMatch(/Try port 143/);
    expect(describeDiagnosis('CONNECTION_TIMEOUT', { ...smtp587, noGreeting: true }).message).toMatch(/never answered/);
  });

  it('CERT_HOSTNAME_MISMATCH names the certificate’s names and offers the one that fits (cPanel)', () => {
    const t = describeDiagnosis('CERT_HOSTNAME_MISMATCH', { ...smtp587, host: 'mail.shop.example', certNames: ['server1.hoster.example', 'www.hoster.example'] });
    expect(t.message).toContain('server1.hoster.example, www.hoster.example');
    expect(t.fix).toMatch(/^Use server1\.hoster\.example/);
    expect(suggestHostFromCert('mail.hoster.example', ['other.example', 'server1.hoster.example'])).toBe('server1.hoster.example');
    expect(suggestHostFromCert('mail.example.com', ['*.hosting.example'])).toBe('mail.hosting.example');
    expect(suggestHostFromCert('mail.example.com', [])).toBeUndefined();
  });

  it('AUTH_FAILED quotes the server and names app passwords / OAuth2 for the providers that need them', () => {
    const say = '535-5.7.8 Username and Password not accepted';
    const gmail = describeDiagnosis('AUTH_FAILED', { ...smtp587, host: 'smtp.gmail.com', emailDomain: 'gmail.com', serverSays: say });
    expect(gmail.message).toContain(say);
    expect(gmail.fix).toMatch(/app password/);
    expect(describeDiagnosis('AUTH_FAILED', { ...smtp587, emailDomain: 'icloud.com' }).fix).toMatch(/app-specific password/);
    expect(describeDiagnosis('IMAP_LOGIN_FAILED', { ...smtp587, protocol: 'imap', emailDomain: 'yahoo.co.uk' }).fix).toMatch(/app password/);
    expect(describeDiagnosis('AUTH_FAILED', { ...smtp587, emailDomain: 'hotmail.com' }).fix).toMatch(/OAuth2/);
    expect(describeDiagnosis('AUTH_FAILED', { ...smtp587, emailDomain: 'example.org' }).fix).toMatch(/Check the password/);
  });

  it('certificate problems: expired, untrusted, mismatch, trusted by fingerprint', () => {
    const leaf = { subject: 'CN=x', subjectAltNames: ['x.example'], issuer: 'CN=ca', validFrom: '', validTo: '2020-01-01T00:00:00.000Z', fingerprint256: 'AA:BB' };
    const base: TlsReport = { chain: [leaf], validated: false, hostnameMatches: false, trustedByFingerprint: false, error: 'CERT_HAS_EXPIRED' };
    expect(tlsDiagnoses(base, smtp587).map((d) => d.code)).toEqual(['CERT_EXPIRED', 'CERT_HOSTNAME_MISMATCH']);
    expect(tlsDiagnoses({ ...base, error: 'SELF_SIGNED_CERT_IN_CHAIN', hostnameMatches: true }, smtp587).map((d) => d.code)).toEqual(['CERT_UNTRUSTED']);
    expect(tlsDiagnoses({ ...base, trustedByFingerprint: true }, smtp587).map((d) => [d.code, d.severity])).toEqual([['CERT_TRUSTED_BY_FINGERPRINT', 'info']]);
    expect(tlsDiagnoses({ ...base, validated: true, hostnameMatches: true }, smtp587)).toEqual([]);
    expect(tlsDiagnoses(base, smtp587)[0]?.message).toMatch(/No password was sent/);
  });
});

describe('error classification', () => {
  const cases: Array<[string, unknown, string]> = [
    ['refused (nodemailer)', { code: 'ESOCKET', originalCode: 'ECONNREFUSED', message: 'connect ECONNREFUSED 127.0.0.7:587' }, 'CONNECTION_REFUSED'],
    ['refused (imapflow)', { code: 'ECONNREFUSED', message: 'connect ECONNREFUSED' }, 'CONNECTION_REFUSED'],
    ['connect timeout', { code: 'ETIMEDOUT', timeoutType: 'CONNECT_TIMEOUT', message: 'Connection timeout' }, 'CONNECTION_TIMEOUT'],
    ['imapflow connect timeout', { code: 'CONNECT_TIMEOUT', message: 'x' }, 'CONNECTION_TIMEOUT'],
    ['no greeting', { code: 'ETIMEDOUT', timeoutType: 'GREETING_TIMEOUT', message: 'Greeting never received' }, 'CONNECTION_TIMEOUT'],
    ['TLS to a plaintext port', { code: 'ESOCKET', message: '80:error:0A00010B:SSL routines:ssl3_get_record:wrong version number:../ssl.c:350:' }, 'TLS_HANDSHAKE_FAILED'],
    ['STARTTLS upgrade failed', { code: 'ETLS', message: 'Error initiating TLS - boom' }, 'TLS_HANDSHAKE_FAILED'],
    ['imapflow no STARTTLS', { tlsFailed: true, message: 'Server does not support STARTTLS' }, 'STARTTLS_UNAVAILABLE'],
    ['NXDOMAIN', new DnsError('NXDOMAIN', 'x.test', 'no such name'), 'DNS_NOT_FOUND'],
    ['SERVFAIL', new DnsError('SERVFAIL', 'x.test', 'server failure'), 'DNS_FAILED'],
    ['ENOTFOUND', { code: 'ENOTFOUND', message: 'getaddrinfo ENOTFOUND' }, 'DNS_NOT_FOUND'],
    ['closed', { code: 'ECONNECTION', message: 'Connection closed unexpectedly' }, 'PROTOCOL_ERROR'],
  ];
  it.each(cases)('%s', (_name, err, code) => {
    expect(classifyConnectionError(err).code).toBe(code);
  });

  it('explains "wrong version number" as a security mismatch', () => {
    const c = classifyConnectionError({ message: 'x:error:0A00010B:SSL routines:ssl3_get_record:wrong version number:y' });
    expect(c.detail).toMatch(/^wrong version number .*STARTTLS/);
  });
});

describe('SMTP facts', () => {
  it('parses EHLO and picks the best mechanism nodemailer can run', () => {
    const e = parseEhlo('250-mail.example.com\n250-PIPELINING\n250-STARTTLS\n250-AUTH LOGIN PLAIN XOAUTH2\n250-AUTH=LOGIN\n250 SMTPUTF8');
    expect(e).toMatchObject({ starttls: true, pipelining: true, auth: ['LOGIN', 'PLAIN', 'XOAUTH2'] });
    expect(e.extensions).not.toContain('mail.example.com');
    expect(chooseMechanism(e.auth)).toBe('PLAIN');
    expect(chooseMechanism(['CRAM-MD5', 'LOGIN'])).toBe('LOGIN');
    expect(chooseMechanism(['XOAUTH2'])).toBeUndefined();
    expect(parseEhlo(undefined)).toMatchObject({ starttls: false, auth: [] });
  });

  it('relay verdicts: refused MAIL or RCPT is safe, an accepted RCPT is an open relay', () => {
    const reply = (status: number, text = '') => ({ command: '', response: `${status} ${text}`, status, text });
    expect(interpretRelay(reply(250), reply(554, 'Relay access denied'))).toMatchObject({ checked: true, open: false });
    expect(interpretRelay(reply(530, 'Must issue a STARTTLS command first'), undefined)).toMatchObject({ checked: true, open: false });
    expect(interpretRelay(reply(250), reply(250, '2.1.5 Ok'))).toMatchObject({ checked: true, open: true });
    expect(interpretRelay(reply(250), reply(451, 'try later'))).toMatchObject({ open: false });
  });

  it('normalizes fingerprints however they are written', () => {
    const hex = 'ab'.repeat(32);
    expect(normalizeFingerprint(hex)).toBe(hex.toUpperCase());
    expect(normalizeFingerprint(`SHA256:${hex.match(/../g)?.join(':')}`)).toBe(hex.toUpperCase());
  });
});
