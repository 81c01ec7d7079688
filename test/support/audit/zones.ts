// DNS zones for the audit suites: one domain per verdict of every DNS check, and domains
// whose servers are the audit personalities (addresses.ts) or the shared stack's good ones.
import { generateKeyPairSync } from 'node:crypto';
import type { Zone, ZoneEntry } from '../dns-server.js';
import { AUDIT_ADDR as A, EXPIRED_NAME } from './addresses.js';

/** The base64 SubjectPublicKeyInfo of a fresh key, as a DKIM p= value. */
function rsaKey(bits: number): string {
  return generateKeyPairSync('rsa', { modulusLength: bits }).publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
}
function ed25519Key(): string {
  const der = generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'der' });
  return der.subarray(der.length - 32).toString('base64');
}

export interface DomainSpec {
  mx?: string;
  submission?: string;
  imap?: string;
  spf?: string[];
  dmarc?: string[];
  dkim?: Record<string, string>;
  mtaSts?: string[];
  tlsRpt?: string[];
}

/** Keys made once per run (RSA key generation takes a moment). */
export interface Keys {
  rsa2048: string;
  rsa1024: string;
  rsa512: string;
  ed25519: string;
}

export function makeKeys(): Keys {
  return { rsa2048: rsaKey(2048), rsa1024: rsaKey(1024), rsa512: rsaKey(512), ed25519: ed25519Key() };
}

function add(zone: Zone, name: string, entry: ZoneEntry): void {
  const cur = zone[name] ?? {};
  zone[name] = {
    ...cur, ...entry,
    ...(cur.TXT || entry.TXT ? { TXT: [...(cur.TXT ?? []), ...(entry.TXT ?? [])] } : {}),
    ...(cur.MX || entry.MX ? { MX: [...(cur.MX ?? []), ...(entry.MX ?? [])] } : {}),
  };
}

/** A domain: MX, SRV for submission and IMAP, and whatever records the spec gives. */
export function domain(zone: Zone, d: string, s: DomainSpec): void {
  if (s.mx) add(zone, d, { MX: [{ priority: 10, exchange: s.mx }] });
  if (s.spf) add(zone, d, { TXT: s.spf });
  if (!zone[d]) add(zone, d, {});
  if (s.dmarc) add(zone, `_dmarc.${d}`, { TXT: s.dmarc });
  for (const [sel, rec] of Object.entries(s.dkim ?? {})) add(zone, `${sel}._domainkey.${d}`, { TXT: [rec] });
  if (s.mtaSts) add(zone, `_mta-sts.${d}`, { TXT: s.mtaSts });
  if (s.tlsRpt) add(zone, `_smtp._tls.${d}`, { TXT: s.tlsRpt });
  if (s.submission) add(zone, `_submission._tcp.${d}`, { SRV: [{ priority: 0, weight: 1, port: 587, target: s.submission }] });
  if (s.imap) add(zone, `_imaps._tcp.${d}`, { SRV: [{ priority: 0, weight: 1, port: 993, target: s.imap }] });
}

/** The shared stack's good Postfix (127.0.0.1). */
const GOOD_HOST = 'mail.example.test';
/** The audit Dovecot as it should be (not on 127.0.0.1: Dovecot trusts same-address clients as secure). */
const GOOD_IMAP = 'imap.good.audit.test';

/** Domains hosted together on the one-box address (the batch's threads share its 2 slots). */
export const SHARED_DOMAINS = Array.from({ length: 6 }, (_, i) => `shared${i + 1}.audit.test`);

/** Every zone the audit suites use. `good` is example.test on the shared stack's 127.0.0.1. */
export function auditZone(k: Keys): Zone {
  const z: Zone = {};
  const hosts: Record<string, string> = {
    [GOOD_HOST]: '127.0.0.1', [GOOD_IMAP]: A.goodImap,
    'mail.relay.audit.test': A.openRelay, 'mail.authplain.audit.test': A.authPlain, 'mail.noauth.audit.test': A.noAuth,
    [EXPIRED_NAME]: A.expired, 'mail.mismatch.audit.test': A.mismatch, 'mail.nostarttls.audit.test': A.noStarttls,
    'mail.plainimap.audit.test': A.plainImap, 'mail.inject.audit.test': A.injectable, 'mail.preauth.audit.test': A.preauth,
    'mail.oldtls.audit.test': A.oldTls, 'mail.closed.audit.test': A.closed, 'mail.onebox.audit.test': A.onebox,
    'mail.named.audit.test': A.named, 'imap.guess.audit.test': A.goodImap, 'smtp.guess.audit.test': A.noAuth,
  };
  for (const [h, a] of Object.entries(hosts)) add(z, h, { A: [a] });
  const dmarcOk = (d: string): string[] => [`v=DMARC1; p=reject; rua=mailto:postmaster@${d}`];
  const dkimOk = { default: `v=DKIM1; k=rsa; p=${k.rsa2048}` };
  const base = (d: string, s: DomainSpec = {}): void => domain(z, d, { mx: GOOD_HOST, submission: GOOD_HOST, imap: GOOD_IMAP, spf: ['v=spf1 mx -all'], dmarc: dmarcOk(d), dkim: dkimOk, ...s });

  // The good domain: every check passes.
  base('good.audit.test', { mtaSts: ['v=STSv1; id=20260101T01'], tlsRpt: ['v=TLSRPTv1; rua=mailto:tls@good.audit.test'], spf: ['v=spf1 mx include:_spf.good.audit.test -all'] });
  add(z, '_spf.good.audit.test', { TXT: ['v=spf1 ip4:127.0.0.0/8 -all'] });
  add(z, 'mta-sts.good.audit.test', { A: [A.web] });

  // The broken domain: open relay on 25 and 587, IMAP without TLS, +all, p=none, 1024-bit key, …
  domain(z, 'broken.audit.test', {
    mx: 'mail.relay.audit.test', submission: 'mail.relay.audit.test', spf: ['v=spf1 a mx +all'], dmarc: ['v=DMARC1; p=none'],
    dkim: { default: `v=DKIM1; k=rsa; p=${k.rsa1024}` }, mtaSts: ['v=STSv1; id=1'], tlsRpt: ['v=TLSRPTv1'],
  });
  add(z, '_imap._tcp.broken.audit.test', { SRV: [{ priority: 0, weight: 1, port: 143, target: 'mail.plainimap.audit.test' }] });

  // SPF verdicts
  base('spf-soft.audit.test', { spf: ['v=spf1 mx ~all'] });
  base('spf-redirect.audit.test', { spf: ['v=spf1 redirect=_spf.good.audit.test'] });
  base('spf-neutral.audit.test', { spf: ['v=spf1 mx ?all'] });
  base('spf-noall.audit.test', { spf: ['v=spf1 mx'] });
  base('spf-ptr.audit.test', { spf: ['v=spf1 ptr -all'] });
  base('spf-none.audit.test', { spf: ['some other text'] });
  base('spf-two.audit.test', { spf: ['v=spf1 mx -all', 'v=spf1 a -all'] });
  base('spf-syntax.audit.test', { spf: ['v=spf1 mx foo:bar -all'] });
  base('spf-plusall.audit.test', { spf: ['v=spf1 +all'] });
  base('spf-bareall.audit.test', { spf: ['v=spf1 mx all'] });
  base('spf-toomany.audit.test', { spf: [`v=spf1 ${Array.from({ length: 6 }, (_, i) => `include:i${i}.spf-toomany.audit.test`).join(' ')} -all`] });
  for (let i = 0; i < 6; i++) add(z, `i${i}.spf-toomany.audit.test`, { TXT: ['v=spf1 a mx -all'] });

  // DMARC verdicts
  base('dmarc-quarantine.audit.test', { dmarc: ['v=DMARC1; p=quarantine'] });
  base('dmarc-none.audit.test', { dmarc: ['v=DMARC1; p=none; rua=mailto:x@dmarc-none.audit.test'] });
  base('dmarc-nop.audit.test', { dmarc: ['v=DMARC1; rua=mailto:x@dmarc-nop.audit.test'] });
  base('dmarc-missing.audit.test', { dmarc: [] });
  base('dmarc-two.audit.test', { dmarc: ['v=DMARC1; p=reject', 'v=DMARC1; p=none'] });
  base('dmarc-notfirst.audit.test', { dmarc: ['p=reject; v=DMARC1'] });
  base('dmarc-badp.audit.test', { dmarc: ['v=DMARC1; p=block'] });

  // DKIM verdicts
  base('dkim-ed.audit.test', { dkim: { s1: `v=DKIM1; k=ed25519; p=${k.ed25519}` } });
  base('dkim-1024.audit.test', { dkim: { google: `v=DKIM1; k=rsa; p=${k.rsa1024}` } });
  base('dkim-none.audit.test', { dkim: {} });
  base('dkim-custom.audit.test', { dkim: { mx2026: `v=DKIM1; k=rsa; p=${k.rsa2048}` } });
  base('dkim-revoked.audit.test', { dkim: { default: 'v=DKIM1; k=rsa; p=' } });
  base('dkim-short.audit.test', { dkim: { default: `v=DKIM1; k=rsa; p=${k.rsa512}` } });
  base('dkim-garbage.audit.test', { dkim: { default: 'v=DKIM1; k=rsa; p=bm90IGEga2V5' } });

  // MTA-STS verdicts (policies served by the suite's HTTPS server on A.web)
  for (const d of ['sts-testing', 'sts-invalid', 'sts-uncovered']) {
    base(`${d}.audit.test`, { mtaSts: ['v=STSv1; id=2026'] });
    add(z, `mta-sts.${d}.audit.test`, { A: [A.web] });
  }
  base('sts-unreachable.audit.test', { mtaSts: ['v=STSv1; id=2026'] });
  base('sts-badtxt.audit.test', { mtaSts: ['v=STSv1'] });

  // TLS-RPT
  base('rpt-ok.audit.test', { tlsRpt: ['v=TLSRPTv1; rua=mailto:tls@rpt-ok.audit.test'] });
  base('rpt-bad.audit.test', { tlsRpt: ['v=TLSRPTv1; ruf=nothing'] });

  // MX verdicts
  base('mx-partial.audit.test', {});
  add(z, 'mx-partial.audit.test', { MX: [{ priority: 20, exchange: 'gone.mx-partial.audit.test' }] });
  domain(z, 'mx-implicit.audit.test', { spf: ['v=spf1 a -all'], dmarc: dmarcOk('mx-implicit.audit.test'), dkim: dkimOk });
  add(z, 'mx-implicit.audit.test', { A: [A.closed] });
  domain(z, 'mx-nothing.audit.test', { spf: ['v=spf1 -all'], dmarc: dmarcOk('mx-nothing.audit.test') });
  domain(z, 'mx-unresolved.audit.test', { spf: ['v=spf1 -all'] });
  add(z, 'mx-unresolved.audit.test', { MX: [{ priority: 10, exchange: 'nowhere.mx-unresolved.audit.test' }] });
  domain(z, 'mx-null.audit.test', { spf: ['v=spf1 -all'], dmarc: dmarcOk('mx-null.audit.test') });
  add(z, 'mx-null.audit.test', { MX: [{ priority: 0, exchange: '.' }] });

  // Server personalities (submission / IMAP via SRV; MX the good server unless the personality has port 25)
  const server = (name: string, s: DomainSpec): void => base(`${name}.audit.test`, s);
  server('authplain', { submission: 'mail.authplain.audit.test' });
  server('noauth', { submission: 'mail.noauth.audit.test' });
  server('expired', { submission: EXPIRED_NAME });
  server('mismatch', { submission: 'mail.mismatch.audit.test' });
  server('nostarttls', { submission: 'mail.nostarttls.audit.test' });
  server('inject', { submission: 'mail.inject.audit.test' });
  server('oldtls', { submission: 'mail.oldtls.audit.test', imap: 'mail.oldtls.audit.test' });
  server('preauth', { imap: 'mail.preauth.audit.test' });
  server('plainimap', { imap: 'mail.plainimap.audit.test' });
  server('closedsub', { submission: 'mail.closed.audit.test' });
  server('onebox', { mx: 'mail.onebox.audit.test', submission: 'mail.onebox.audit.test', imap: 'mail.onebox.audit.test' });
  // …and its web names too: discovery's autoconfig and Autodiscover fetches share the box's two slots
  for (const web of ['onebox.audit.test', 'autoconfig.onebox.audit.test', 'autodiscover.onebox.audit.test']) add(z, web, { A: [A.onebox] });
  // Shared hosting: six domains, each with its own host names, all on the one-box address
  for (const d of SHARED_DOMAINS) {
    const host = `mail.${d}`;
    add(z, host, { A: [A.onebox] });
    base(d, { mx: host, submission: host, imap: host });
  }
  // MX certificate problems: a warning, unless MTA-STS enforces (then a failure)
  server('mxcert', { mx: EXPIRED_NAME });
  server('mxcert-sts', { mx: EXPIRED_NAME, mtaSts: ['v=STSv1; id=2026'] });
  add(z, 'mta-sts.mxcert-sts.audit.test', { A: [A.web] });
  // Settings only guessing finds (imap./smtp. answer; nothing published)
  domain(z, 'guess.audit.test', { mx: GOOD_HOST, spf: ['v=spf1 mx -all'], dmarc: dmarcOk('guess.audit.test'), dkim: dkimOk });
  return z;
}

/** MTA-STS policy bodies by host (served at /.well-known/mta-sts.txt). */
export const STS_POLICIES: Record<string, string> = {
  'mta-sts.good.audit.test': 'version: STSv1\nmode: enforce\nmx: mail.example.test\nmax_age: 604800\n',
  'mta-sts.sts-testing.audit.test': 'version: STSv1\nmode: testing\nmx: mail.example.test\nmax_age: 86400\n',
  'mta-sts.sts-invalid.audit.test': 'version: STSv1\nmode: sometimes\nmx: mail.example.test\nmax_age: 86400\n',
  'mta-sts.mxcert-sts.audit.test': 'version: STSv1\nmode: enforce\nmx: mail.expired.audit.test\nmax_age: 86400\n',
  'mta-sts.sts-uncovered.audit.test': 'version: STSv1\nmode: enforce\nmx: other.example.test\nmax_age: 86400\n',
};
