import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUNDLED_ISPDB_URL, loadBundledIspdb, lookupBundledIspdb, validateBundledIspdb } from '../../../core/discover/ispdb/bundled.js';
import { serializeBundledIspdb } from '../../../core/discover/ispdb/format.js';
import { dataDir, defaultSourceDir, generateBundledIspdb } from '../../../core/discover/ispdb/generate.js';
import { parseEmail, type ParsedEmail } from '../../../shared/email.js';
import { missingServer } from '../../support/require.js';

function email(address: string): ParsedEmail {
  const r = parseEmail(address);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

function lookup(address: string) {
  const r = lookupBundledIspdb(email(address));
  if (!r) throw new Error(`${address}: not in the bundled ISPDB`);
  return r;
}

describe('bundled ISPDB: committed data', () => {
  it('loads, validates cleanly, and covers about 960 domains of 163 providers', () => {
    const db = loadBundledIspdb();
    if (!db.ok) throw new Error(db.error.message);
    expect(db.value.skipped).toEqual([]);
    expect(db.value.providers).toHaveLength(163);
    expect(db.value.byDomain.size).toBeGreaterThanOrEqual(940);
    expect(db.value.byDomain.size).toBeLessThanOrEqual(980);
    expect(db.value.origin).toMatchObject({ repository: 'https://github.com/thunderbird/autoconfig', folder: 'ispdb/', license: 'MPL-2.0' });
    expect(db.value.origin.commit).toMatch(/^[0-9a-f]{40}$/);
  });

  it('keeps the MPL-2.0 licence and an origin note beside the data', () => {
    const dir = new URL('.', BUNDLED_ISPDB_URL);
    expect(readFileSync(new URL('LICENSE', dir), 'utf8')).toMatch(/^Mozilla Public License Version 2\.0/);
    expect(readFileSync(new URL('ORIGIN.md', dir), 'utf8')).toMatch(/thunderbird\/autoconfig.*ispdb\//s);
  });

  it('resolves gmail.com to Google Mail (IMAP 993 TLS, SMTP 465 TLS)', () => {
    const r = lookup('someone@gmail.com');
    expect(r.providerId).toBe('googlemail.com');
    expect(r.incoming[0]).toEqual({ protocol: 'imap', host: 'imap.gmail.com', port: 993, security: 'tls', username: 'someone@gmail.com', auth: ['OAuth2', 'password-cleartext'] });
    expect(r.outgoing[0]).toEqual({ protocol: 'smtp', host: 'smtp.gmail.com', port: 465, security: 'tls', username: 'someone@gmail.com', auth: ['OAuth2', 'password-cleartext'] });
  });

  it.each(['outlook.com', 'hotmail.com', 'hotmail.co.uk', 'live.co.jp'])('resolves %s to Outlook.com (OAuth2 only, as the ISPDB says)', (domain) => {
    const r = lookup(`someone@${domain}`);
    expect(r.providerId).toBe('hotmail.com');
    expect(r.incoming[0]).toEqual({ protocol: 'imap', host: 'outlook.office365.com', port: 993, security: 'tls', username: `someone@${domain}`, auth: ['OAuth2'] });
    expect(r.outgoing[0]).toEqual({ protocol: 'smtp', host: 'smtp-mail.outlook.com', port: 587, security: 'starttls', username: `someone@${domain}`, auth: ['OAuth2'] });
  });

  it('resolves a .co.uk provider (blueyonder.co.uk)', () => {
    const r = lookup('someone@blueyonder.co.uk');
    expect(r.incoming.map((s) => `${s.protocol}:${s.host}:${s.port}`)).toEqual(['imap:imap4.blueyonder.co.uk:993', 'pop3:pop3.blueyonder.co.uk:995']);
    expect(r.outgoing[0]).toMatchObject({ host: 'smtp.blueyonder.co.uk', port: 465, security: 'tls' });
  });

  it('resolves a .jp provider (biglobe.ne.jp, POP3 only)', () => {
    const r = lookup('someone@biglobe.ne.jp');
    expect(r.incoming).toEqual([{ protocol: 'pop3', host: 'mail.biglobe.ne.jp', port: 995, security: 'tls', username: 'someone@biglobe.ne.jp', auth: ['password-cleartext'] }]);
  });

  it('fills %EMAILLOCALPART% / %EMAILDOMAIN% per address', () => {
    const db = loadBundledIspdb();
    if (!db.ok) throw new Error(db.error.message);
    const provider = db.value.providers.find((p) => p.incoming.some((s) => s.host.includes('%EMAILDOMAIN%')));
    if (!provider) throw new Error('expected a provider with %EMAILDOMAIN% in a host name');
    const domain = provider.domains[0]!;
    const r = lookup(`someone@${domain}`);
    expect(JSON.stringify(r)).not.toContain('%');
    expect(r.incoming.some((s) => s.host.endsWith(domain))).toBe(true);
    expect(lookup(`someone@inbox.lv`).displayName).toBe('inbox.lv');
  });

  it('leaves out the Microsoft 365 sections MailSetup cannot use (EWS/OWA with the malformed %EMAILADDRESS placeholder)', () => {
    const r = lookup('someone@onmicrosoft.com');
    expect(r.incoming.map((s) => s.protocol)).toEqual(['imap', 'pop3']);
    expect(JSON.stringify(r)).not.toMatch(/%|ews|owa/i);
  });

  it('looks up another domain for the same address (an MX hoster\'s)', () => {
    const r = lookupBundledIspdb(email('jane@custom-domain.example'), 'mail.protection.outlook.com');
    expect(r?.providerId).toBe('office365.com');
    expect(r?.incoming[0]).toMatchObject({ host: 'outlook.office365.com', username: 'jane@custom-domain.example' });
  });

  it('answers null for a domain it does not know', () => {
    expect(lookupBundledIspdb(email('someone@no-such-provider.example'))).toBeNull();
  });

  it('has no placeholder other than the three known ones anywhere in its server lists', () => {
    const text = readFileSync(BUNDLED_ISPDB_URL, 'utf8');
    const placeholders = new Set(text.match(/%[A-Z]*%?/g));
    expect([...placeholders].sort()).toEqual(['%EMAILADDRESS%', '%EMAILDOMAIN%', '%EMAILLOCALPART%']);
  });
});

describe('bundled ISPDB: validation on load', () => {
  const good = { protocol: 'imap', host: 'imap.%EMAILDOMAIN%', port: 993, security: 'tls', username: '%EMAILADDRESS%', auth: ['password-cleartext'] };
  const smtp = { ...good, protocol: 'smtp', host: 'smtp.example.org', port: 465 };

  it('drops bad sections and domains, counts them, and keeps the rest', () => {
    const raw = {
      format: 1,
      origin: { repository: 'x', folder: 'ispdb/', license: 'MPL-2.0' },
      providers: [
        {
          file: 'example.org.xml',
          domains: ['example.org', 'Bad Domain', 'example.net'],
          incoming: [
            { ...good, username: '%EMAILADDRESS' },
            { ...good, port: 0 },
            { ...good, host: 'imap.example.org\r\nX' },
            { ...good, protocol: 'smtp' },
            { ...good, security: 'ssl' },
            { ...good, auth: [] },
            good,
          ],
          outgoing: [smtp, { ...smtp, protocol: 'imap' }],
        },
        { file: 'dup.xml', domains: ['example.org'], incoming: [good], outgoing: [] },
        'junk',
      ],
    };
    const r = validateBundledIspdb(raw);
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.providers).toHaveLength(1);
    expect(r.value.providers[0]?.incoming).toEqual([good]);
    expect(r.value.providers[0]?.outgoing).toEqual([smtp]);
    expect([...r.value.byDomain.keys()]).toEqual(['example.org', 'example.net']);
    expect(r.value.skipped).toHaveLength(11);
    expect(r.value.skipped.join('\n')).toMatch(/malformed or unknown placeholder/);
  });

  it('refuses data of an unknown format', () => {
    expect(validateBundledIspdb({ format: 99, providers: [] }).ok).toBe(false);
    expect(validateBundledIspdb(null).ok).toBe(false);
  });
});

describe('bundled ISPDB: generation', () => {
  const source = defaultSourceDir();
  const haveSource = existsSync(source) || missingServer('the ISPDB snapshot (../shared/data/ispdb)', `${source} does not exist`);

  it.runIf(haveSource)('the committed data equals a fresh generation from ../shared/data/ispdb', () => {
    const generated = generateBundledIspdb(source);
    if (!generated.ok) throw new Error(generated.error.message);
    const committed = readFileSync(join(dataDir(), 'ispdb.generated.json'), 'utf8');
    expect(serializeBundledIspdb(generated.value.data)).toBe(committed);
    expect(readFileSync(join(dataDir(), 'LICENSE'), 'utf8')).toBe(readFileSync(join(source, 'LICENSE'), 'utf8'));
    const { report } = generated.value;
    expect(report.files).toBe(163);
    expect(report.skipped.every((s) => s.startsWith('office365.com.xml: incomingServer'))).toBe(true);
  });

  it('reports a missing source folder instead of writing empty data', () => {
    const r = generateBundledIspdb(join(source, 'no-such-folder'));
    expect(!r.ok && r.error.code).toBe('NOT_FOUND');
  });
});
