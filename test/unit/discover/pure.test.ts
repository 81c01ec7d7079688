// Pure pieces of discovery: ranking, POX, SRV order, MX candidates, guards, parsing.
import { describe, expect, it } from 'vitest';
import { combineMisses, firstSuccessful, miss } from '../../../core/discover/attempt.js';
import { autoconfigUrls } from '../../../core/discover/autoconfig-fetch.js';
import { guessCandidates } from '../../../core/discover/guess/candidates.js';
import { authFromMechanisms } from '../../../core/discover/guess/dialogue.js';
import { parsePox, poxRequestBody, poxSecurity } from '../../../core/discover/pox.js';
import { orderServers, rankConfigs } from '../../../core/discover/rank.js';
import { isRegistrableOrBelow } from '../../../core/discover/sources/autodiscover.js';
import { mxCandidateDomains } from '../../../core/discover/sources/mx.js';
import { sortSrv } from '../../../core/discover/sources/srv.js';
import { parseDnsServer } from '../../../core/net/dns-server-spec.js';
import { validateQueryName } from '../../../core/net/dns.js';
import { renderResult } from '../../../cli/commands/discover.js';
import type { MailConfig } from '../../../shared/model.js';

const cfg = (source: MailConfig['source'], secure: boolean): MailConfig => ({ source, url: `t:${source}`, secure, incoming: [], outgoing: [] });

describe('ranking', () => {
  it('puts secure before insecure, then priority, keeping arrival order on ties', () => {
    const ranked = rankConfigs([
      { config: cfg('guess', false), priority: 7 },
      { config: cfg('autodiscover', false), priority: 6 },
      { config: cfg('mx', true), priority: 4 },
      { config: cfg('autoconfig', true), priority: 1 },
    ]);
    expect(ranked.map((c) => c.source)).toEqual(['autoconfig', 'mx', 'autodiscover', 'guess']);
  });

  it('orders servers IMAP above POP3 and encrypted above plaintext, otherwise as given', () => {
    const s = (protocol: 'imap' | 'pop3', security: 'tls' | 'starttls' | 'none', host: string) => ({ protocol, host, port: 1, security, username: 'u', auth: [] });
    const c = orderServers({ ...cfg('autoconfig', true), incoming: [s('pop3', 'tls', 'p'), s('imap', 'none', 'i0'), s('imap', 'starttls', 'i1'), s('imap', 'tls', 'i2')] });
    expect(c.incoming.map((x) => x.host)).toEqual(['i1', 'i2', 'i0', 'p']);
  });
});

describe('Autodiscover POX', () => {
  it('escapes the address in the request', () => {
    expect(poxRequestBody("o'x&y@example.com")).toContain('<EMailAddress>o&apos;x&amp;y@example.com</EMailAddress>');
  });

  it('maps SSL/Encryption to security like Thunderbird', () => {
    expect(poxSecurity({ SSL: 'on' }, 993)).toBe('tls');
    expect(poxSecurity({ SSL: 'on' }, 143)).toBe('starttls');
    expect(poxSecurity({ SSL: 'off' }, 143)).toBe('none');
    expect(poxSecurity({ Encryption: 'TLS' }, 587)).toBe('starttls');
    expect(poxSecurity({ Encryption: 'SSL' }, 143)).toBe('tls');
    expect(poxSecurity({ Encryption: 'Auto', SSL: 'off' }, 465)).toBe('tls');
  });

  it('reads redirects and refuses DTDs', () => {
    const wrap = (account: string) => `<Autodiscover xmlns="x"><Response xmlns="y"><Account>${account}</Account></Response></Autodiscover>`;
    expect(parsePox(wrap('<Action>redirectAddr</Action><RedirectAddr>a@b.example</RedirectAddr>'), 'x@y.z')).toEqual({ kind: 'redirectAddr', address: 'a@b.example' });
    expect(parsePox(wrap('<Action>redirectUrl</Action><RedirectUrl>https://h.example/a</RedirectUrl>'), 'x@y.z')).toEqual({ kind: 'redirectUrl', url: 'https://h.example/a' });
    expect(parsePox('<!DOCTYPE a [<!ENTITY e "x">]><Autodiscover/>', 'x@y.z').kind).toBe('error');
    expect(parsePox('<Autodiscover><Response', 'x@y.z').kind).toBe('error');
    const settings = parsePox(wrap('<Action>settings</Action><Protocol><Type>POP3</Type><Server>pop.example</Server><Port>995</Port></Protocol><Protocol><Type>EXCH</Type><Server>x</Server><Port>1</Port></Protocol>'), 'x@y.z');
    expect(settings).toEqual({ kind: 'settings', incoming: [{ protocol: 'pop3', host: 'pop.example', port: 995, security: 'tls', username: 'x@y.z', auth: ['password-cleartext'] }], outgoing: [] });
  });
});

describe('DNS-derived candidates', () => {
  it('sorts SRV by priority, then heavier weight', () => {
    const r = sortSrv([
      { name: 'c', port: 1, priority: 10, weight: 0 },
      { name: 'b', port: 1, priority: 5, weight: 1 },
      { name: 'a', port: 1, priority: 5, weight: 9 },
    ]);
    expect(r.map((x) => x.name)).toEqual(['a', 'b', 'c']);
  });

  it('derives MX candidates with the public suffix list and skips the domain itself', () => {
    expect(mxCandidateDomains('in1-smtp.messagingengine.com', 'example.org')).toEqual(['messagingengine.com']);
    expect(mxCandidateDomains('x.mail.protection.outlook.com', 'contoso.com')).toEqual(['mail.protection.outlook.com', 'outlook.com']);
    expect(mxCandidateDomains('mx.eu.bigmail.co.uk', 'shop.example')).toEqual(['eu.bigmail.co.uk', 'bigmail.co.uk']);
    // An address on a subdomain: the parent's hoster is asked; only D itself is never asked.
    expect(mxCandidateDomains('mx.example.co.uk', 'dept.example.co.uk')).toEqual(['example.co.uk']);
    expect(mxCandidateDomains('mx.dept.example.com', 'dept.example.com')).toEqual(['example.com']);
    expect(mxCandidateDomains('mail.example.com', 'example.com')).toEqual([]);
  });

  it('never treats a public suffix as a domain to derive autodiscover hosts from', () => {
    expect(isRegistrableOrBelow('co.uk')).toBe(false);
    expect(isRegistrableOrBelow('com')).toBe(false);
    expect(isRegistrableOrBelow('example.co.uk')).toBe(true);
    expect(isRegistrableOrBelow('dept.example.com')).toBe(true);
  });
});

describe('URLs and guessing', () => {
  it('sends the address only in the https autoconfig URL', () => {
    const u = autoconfigUrls('example.com', { email: 'jane@example.com', localPart: 'jane', domain: 'example.com' });
    expect(u.httpsA1).toBe('https://autoconfig.example.com/mail/config-v1.1.xml?emailaddress=jane%40example.com');
    expect(u.httpA1).not.toContain('jane');
    expect(u.httpsWellKnown).not.toContain('jane');
  });

  it('tries implicit TLS before STARTTLS, IMAP before POP3, never plaintext', () => {
    const c = guessCandidates('example.com');
    expect(c[0]).toEqual({ protocol: 'imap', host: 'imap.example.com', port: 993, security: 'tls' });
    expect(c.findIndex((x) => x.protocol === 'pop3')).toBeGreaterThan(c.map((x) => x.protocol).lastIndexOf('imap'));
    expect(c.every((x) => x.security === 'tls' || x.security === 'starttls')).toBe(true);
    expect(new Set(c.map((x) => x.port))).toEqual(new Set([993, 143, 995, 110, 465, 587]));
  });

  it('maps advertised SASL mechanisms to auth methods', () => {
    expect(authFromMechanisms(['CRAM-MD5', 'PLAIN', 'XOAUTH2'], false)).toEqual(['password-cleartext', 'password-encrypted', 'OAuth2']);
    expect(authFromMechanisms([], true)).toEqual(['password-cleartext']);
    expect(authFromMechanisms([], false)).toEqual([]);
  });
});

describe('attempts', () => {
  it('takes the first success in list order, not the fastest', async () => {
    const delay = <T>(ms: number, v: T) => new Promise<T>((r) => setTimeout(() => r(v), ms));
    const r = await firstSuccessful(
      [() => delay(30, miss<string>('not-found', 'a')), () => delay(20, { ok: true as const, value: 'b' }), () => delay(1, { ok: true as const, value: 'c' })],
      new AbortController().signal,
    );
    expect(r.ok && r.value).toBe('b');
  });

  it('reports the most telling failure', () => {
    expect(combineMisses([miss('not-found', 'x'), miss('invalid', 'y'), miss('timeout', 'z')]).status).toBe('invalid');
  });
});

describe('DNS input', () => {
  it('parses HOST[:PORT] with IPv6 in brackets', () => {
    expect(parseDnsServer('127.0.1.1:5353')).toEqual({ host: '127.0.1.1', port: 5353, family: 4 });
    expect(parseDnsServer('[::1]:53')).toEqual({ host: '::1', port: 53, family: 6 });
    expect(parseDnsServer('::1')).toEqual({ host: '::1', port: 53, family: 6 });
    expect(parseDnsServer('dns.example')).toBeNull();
    expect(parseDnsServer('1.2.3.4:99999')).toBeNull();
    expect(parseDnsServer('1.2.3.4\r\n')).toBeNull();
  });

  it('refuses query names with CR/LF or junk', () => {
    expect(() => validateQueryName('example.com\r\nx')).toThrow(/not a valid DNS name/);
    expect(() => validateQueryName('a b.example')).toThrow();
    expect(validateQueryName('_imaps._tcp.Example.COM.')).toBe('_imaps._tcp.example.com');
  });
});

describe('human output', () => {
  it('shows the recommendation, insecure marks and every source', () => {
    const text = renderResult({
      email: 'jane@example.com',
      domain: 'example.com',
      configs: [{ ...cfg('autoconfig', false), incoming: [{ protocol: 'imap', host: 'imap.example.com', port: 993, security: 'tls', username: 'jane', auth: ['password-cleartext'] }] }],
      sources: [{ source: 'autoconfig', status: 'found', ms: 12 }, { source: 'srv', status: 'not-found', ms: 3, detail: 'none' }],
    });
    expect(text).toContain('Recommended for jane@example.com from autoconfig (INSECURE');
    expect(text).toContain('IMAP imap.example.com:993  TLS');
    expect(text).toMatch(/srv\s+not-found/);
  });
});
