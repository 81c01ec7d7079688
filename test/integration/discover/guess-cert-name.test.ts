// Guessing in the shared-hosting case (cPanel, Plesk): mail.<customer> presents a trusted
// certificate issued for the hoster's own name. Addresses: 127.0.1.40 (DNS), .41 (web),
// .42 (the hoster's server), .43 (untrusted certificate), .44 (wildcard-only certificate).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestCa, type TestCa } from '../../support/ca.js';
import type { Zone } from '../../support/dns-server.js';
import { startMailGreeter, type GreeterService, type MailGreeter } from '../../support/mail-greeter.js';
import { startNetwork, type Network } from './harness.js';

const HOSTER = '127.0.1.42';
const UNTRUSTED = '127.0.1.43';
const WILDCARD = '127.0.1.44';
const at = (address: string): { A: string[] } => ({ A: [address] });

const zone: Zone = {
  'server1.hoster.test': at(HOSTER),
  'imap.customer.test': at(HOSTER),
  'mail.customer.test': at(HOSTER),
  'smtp.customer.test': at(HOSTER),
  // Presents an untrusted certificate naming the good server: must not lead there.
  'imap.untrusted.test': at(UNTRUSTED),
  'mail.untrusted.test': at(UNTRUSTED),
  'smtp.untrusted.test': at(UNTRUSTED),
  'imap.wild.test': at(WILDCARD),
  'mail.wild.test': at(WILDCARD),
  'smtp.wild.test': at(WILDCARD),
};

const SERVICES: GreeterService[] = ['imap-tls', 'imap-starttls', 'pop3-tls', 'smtp-tls', 'smtp-starttls'];

let net: Network;
let otherCa: TestCa;
const greeters: MailGreeter[] = [];

beforeAll(async () => {
  net = await startNetwork({ dnsHost: '127.0.1.40', webHost: '127.0.1.41', zone, certNames: ['web.certname.test'] });
  otherCa = createTestCa('Not Trusted CA');
  const hoster = net.ca.issue(['server1.hoster.test']);
  const untrusted = otherCa.issue(['server1.hoster.test']);
  const wildcard = net.ca.issue(['*.hoster.test']);
  for (const [host, leaf] of [[HOSTER, hoster], [UNTRUSTED, untrusted], [WILDCARD, wildcard]] as const) {
    greeters.push(await startMailGreeter({ host, cert: leaf.cert, key: leaf.key, services: SERVICES }));
  }
});

afterAll(async () => {
  await Promise.all(greeters.map((g) => g.close()));
  await net?.close();
  otherCa?.cleanup();
});

const guess = (r: { sources: { source: string; status: string; detail?: string }[] }): { status?: string; detail: string } => {
  const s = r.sources.find((x) => x.source === 'guess');
  return { status: s?.status, detail: s?.detail ?? '' };
};

describe('guessing with a certificate issued for the hoster', () => {
  it('re-probes the certificate name and builds the guess with it, saying so', async () => {
    const { result } = await net.run('jane@customer.test', { timeoutMs: 8000 }, { guessDelayMs: 0 });
    const c = result.configs[0];
    expect(c).toMatchObject({ source: 'guess', secure: false, url: 'probe:customer.test' });
    expect(c?.incoming.map((s) => `${s.protocol}:${s.host}:${s.port}:${s.security}`)).toEqual([
      'imap:server1.hoster.test:993:tls',
      'imap:server1.hoster.test:143:starttls',
      'pop3:server1.hoster.test:995:tls',
    ]);
    expect(c?.outgoing.map((s) => `${s.host}:${s.port}:${s.security}`)).toEqual(['server1.hoster.test:465:tls', 'server1.hoster.test:587:starttls']);
    expect(c?.incoming[0]?.username).toBe('jane@customer.test');
    const { status, detail } = guess(result);
    expect(status).toBe('found');
    expect(detail).toContain('mail.customer.test presents a certificate for server1.hoster.test; using that name');
    expect(detail).toContain('imap.customer.test presents a certificate for server1.hoster.test; using that name');
    // The certificate's name was resolved through the same resolver.
    expect(net.dns.queries.some((q) => q.name === 'server1.hoster.test')).toBe(true);
    // Still no credentials on the wire, on the first hop or the second.
    const lines = greeters[0]?.received.map((r) => r.line.toUpperCase()) ?? [];
    expect(lines.length).toBeGreaterThan(0);
    for (const l of lines) expect(l).not.toMatch(/\b(LOGIN|AUTHENTICATE|AUTH|USER|PASS|APOP)\b/);
  });

  it('still refuses a certificate that does not validate, without following its name', async () => {
    const before = net.dns.queries.length;
    const { result } = await net.run('jane@untrusted.test', { timeoutMs: 8000 }, { guessDelayMs: 0 });
    expect(result.configs).toEqual([]);
    const { status, detail } = guess(result);
    expect(status).toBe('not-found');
    expect(detail).toMatch(/imap\.untrusted\.test:993 certificate not valid/);
    expect(detail).not.toContain('server1.hoster.test');
    expect(net.dns.queries.slice(before).some((q) => q.name.endsWith('hoster.test'))).toBe(false);
  });

  it('refuses a wildcard-only certificate and invents no name from it', async () => {
    const before = net.dns.queries.length;
    const { result } = await net.run('jane@wild.test', { timeoutMs: 8000 }, { guessDelayMs: 0 });
    expect(result.configs).toEqual([]);
    const { status, detail } = guess(result);
    expect(status).toBe('not-found');
    expect(detail).toMatch(/imap\.wild\.test:993 certificate not valid/);
    expect(net.dns.queries.slice(before).some((q) => q.name.endsWith('hoster.test'))).toBe(false);
  });
});
