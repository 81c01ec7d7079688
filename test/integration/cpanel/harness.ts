// What the cPanel suites share: the throw-away CA of the imitations, one trust file
// holding it and the mail stack's CA (for NODE_EXTRA_CA_CERTS of the built CLI), the
// imitations' fixed accounts, and a real gnome-keyring. Addresses: 127.0.14.0/24.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createTestCa, type TestCa } from '../../support/ca.js';
import type { ImitationAccount, ImitationAuthState } from '../../support/cpanel-imitation.js';
import { makeToken } from '../../support/cpanel-imitation.js';

export const IP = {
  main: '127.0.14.1',
  /** The host a redirect points to: it must never receive a request. */
  redirectTarget: '127.0.14.2',
  untrusted: '127.0.14.3',
  refuses403: '127.0.14.4',
  second: '127.0.14.5',
  noFeature: '127.0.14.6',
  wrongName: '127.0.14.7',
  redirecting: '127.0.14.8',
  ui: '127.0.14.9',
  expired: '127.0.14.12',
  uiUntrusted: '127.0.14.13',
} as const;

export const SPF_STATES = ['VALID', 'MISMATCHED', 'INVALID', 'MULTIPLE', 'MISSING', 'ERROR'];
export const DKIM_STATES = ['VALID', 'MALFORMED', 'MISMATCH', 'MISSING', 'MULTIPLE', 'NOPUB', 'ERROR'];
export const PTR_STATES = ['VALID', 'MISSING_PTR', 'PTR_MISMATCH', 'IP_IS_PRIVATE', 'HELO_MISMATCH', 'ERROR'];
export const EXPECTED_SPF = '+ip4:127.0.0.1 +include:relay.hoster.test';

/** cPanel's objects for one domain in the given states (fields as in cpanel-uapi.md §3). */
export function authState(domain: string, spf: string, dkim: string, ptr: string, currentSpf: string | null = 'v=spf1 +a +mx ~all'): ImitationAuthState {
  return {
    spf: {
      domain, ip_address: '127.0.0.1', ip_version: 4, expected: EXPECTED_SPF, state: spf,
      records: currentSpf === null ? [] : [{ current: currentSpf, state: spf === 'VALID' ? 'PASS' : 'SOFTFAIL' }],
    },
    dkim: {
      domain: `default._domainkey.${domain}`, expected: 'v=DKIM1; k=rsa; p=MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA',
      state: dkim, records: dkim === 'MISSING' ? [] : [{ current: 'v=DKIM1; k=rsa; p=OLD', state: dkim === 'VALID' ? 'VALID' : 'MISMATCH' }], validity_cache_update: 'none',
    },
    ptr: {
      domain, ip_address: '127.0.0.1', ip_version: 4, arpa_domain: '1.0.0.127.in-addr.arpa', helo: 'mail.example.test',
      nameservers: ['ns1.hoster.test'], ptr_records: [{ domain: 'mail.example.test', forward_records: ['127.0.0.1'], state: ptr }], state: ptr,
    },
  };
}

/** Domains s0.test … s6.test, together in every state cPanel reports. */
export const STATE_DOMAINS = DKIM_STATES.map((_, i) => `s${i}.test`);

export interface Fixture {
  ca: TestCa;
  /** PEM file trusting the imitations' CA and the mail stack's CA. */
  trustFile: string;
  trustPems: string[];
  main: ImitationAccount;
  second: ImitationAccount;
}

export function makeFixture(stackCaFile: string): Fixture {
  const ca = createTestCa('cPanel imitation CA');
  const dir = mkdtempSync(path.join(tmpdir(), 'mailsetup-cpanel-trust-'));
  const stackCa = readFileSync(stackCaFile, 'utf8');
  const trustFile = path.join(dir, 'trust.pem');
  writeFileSync(trustFile, `${ca.caPem}\n${stackCa}`);
  const emailAuth: Record<string, ImitationAuthState> = {
    'example.test': authState('example.test', 'INVALID', 'MISSING', 'HELO_MISMATCH'),
    'fixme.test': authState('fixme.test', 'MISSING', 'MISSING', 'VALID', null),
  };
  STATE_DOMAINS.forEach((d, i) => {
    emailAuth[d] = authState(d, SPF_STATES[i % SPF_STATES.length] as string, DKIM_STATES[i] as string, PTR_STATES[i % PTR_STATES.length] as string);
  });
  const main: ImitationAccount = {
    user: 'hoster1',
    token: makeToken(),
    domains: ['example.test', 'broken.test', 'fixme.test', ...STATE_DOMAINS],
    maxQuotaMb: null,
    defaultQuotaMb: 1024,
    clientSettings: {
      'example.test': { inboxHost: 'mail.example.test', smtpHost: 'mail.example.test', hasPlaintext: 1, smtpInsecurePort: '587' },
      // A mailbox whose servers present a certificate nobody trusts: its test must fail.
      'broken.test': { inboxHost: 'mail.untrusted.test', smtpHost: 'mail.untrusted.test', hasPlaintext: 0, smtpInsecurePort: 587 },
    },
    emailAuth,
    mailboxes: [{ email: 'alice@example.test', quotaBytes: 1024 * 1024 * 1024, usedBytes: 3 * 1024 * 1024 + 512 * 1024 }],
  };
  const second: ImitationAccount = {
    user: 'shopuser',
    token: makeToken(),
    domains: ['shop.test'],
    maxQuotaMb: 2048,
    clientSettings: { 'shop.test': { inboxHost: 'server1.hoster.test', smtpHost: 'server1.hoster.test', hasPlaintext: 0, smtpInsecurePort: 587 } },
    mailboxes: [],
  };
  return { ca, trustFile, trustPems: [ca.caPem, stackCa], main, second };
}
