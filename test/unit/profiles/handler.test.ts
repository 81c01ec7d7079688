// The export handler through the dispatcher: account from given settings, the
// password rule (never in an export unless named, Apple only, signed only).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import forge from 'node-forge';
import { describe, expect, it } from 'vitest';
import { createHandlers, dispatch } from '../../../core/handlers.js';
import type { Deps } from '../../../core/deps.js';
import type { SecretStore } from '../../../core/keychain/secret-store.js';
import { ok } from '../../../shared/errors.js';
import { EXPORT_FORMATS } from '../../../shared/profiles.js';
import { throwAwayCert } from './cert.js';

const PASSWORD = 'S3cr3t-Pässword!';

/** An in-memory keychain (the real one is exercised in the integration suite). */
function fakeKeychain(items: Record<string, string>): SecretStore {
  const map = new Map(Object.entries(items));
  return {
    get: async (user) => ok(map.get(user) ?? null),
    set: async (user, secret) => ok(void map.set(user, secret)),
    delete: async (user) => ok(map.delete(user)),
  };
}

function deps(items: Record<string, string> = {}): Deps {
  const never = (): never => {
    throw new Error('export must not touch the network');
  };
  return {
    clock: { now: () => 0 },
    makeResolver: never,
    makeHttp: never,
    extraCa: [],
    keychain: fakeKeychain(items),
    configDir: mkdtempSync(join(tmpdir(), 'mailsetup-export-')),
    ispdbUrl: 'http://127.0.0.1:9/',
  };
}

const settings = {
  email: 'jane@example.com',
  imap: { host: 'mail.example.com', port: 993, security: 'tls' as const },
  smtp: { host: 'mail.example.com', port: 465, security: 'tls' as const },
  displayName: 'Jane Doe',
};

const allText = (files: Array<{ content: string; encoding: string }>): string =>
  files.map((f) => (f.encoding === 'base64' ? Buffer.from(f.content, 'base64').toString('latin1') : f.content)).join('\n');

describe('export handler', () => {
  it('exports every format from settings given with the request', async () => {
    const handlers = createHandlers(deps());
    for (const format of EXPORT_FORMATS) {
      const reply = await dispatch(handlers, 'export', { ...settings, format, profileUrl: 'https://example.com/p.mobileconfig' });
      expect(reply.ok, `${format}: ${reply.ok ? '' : reply.error.message}`).toBe(true);
    }
  });

  it('never puts the keychain password in any export unless asked (security rule)', async () => {
    const handlers = createHandlers(deps({ 'jane@example.com': PASSWORD }));
    const b64 = Buffer.from(PASSWORD).toString('base64');
    for (const format of EXPORT_FORMATS) {
      const reply = await dispatch(handlers, 'export', { ...settings, format });
      if (!reply.ok) throw new Error(reply.error.message);
      const text = allText(reply.value.files);
      expect(text).not.toContain(PASSWORD);
      expect(text).not.toContain(b64);
      expect(text).not.toMatch(/<key>(Incoming|Outgoing)Password<\/key>|<password/i);
    }
  });

  it('refuses a password for any format but apple, and an unsigned apple profile with a password', async () => {
    const handlers = createHandlers(deps({ 'jane@example.com': PASSWORD }));
    const msmtp = await dispatch(handlers, 'export', { ...settings, format: 'msmtp', includePassword: true });
    expect(msmtp.ok ? 'ok' : msmtp.error.code).toBe('BAD_USAGE');
    const unsigned = await dispatch(handlers, 'export', { ...settings, format: 'apple', includePassword: true });
    expect(unsigned.ok ? 'ok' : unsigned.error.code).toBe('BAD_USAGE');
    const stray = await dispatch(handlers, 'export', { ...settings, format: 'apple', password: PASSWORD });
    expect(stray.ok ? 'ok' : stray.error.code).toBe('BAD_USAGE');
  });

  it('includes the keychain password in a signed apple profile when asked, with a warning', async () => {
    const { certPem, keyPem } = throwAwayCert();
    const handlers = createHandlers(deps({ 'jane@example.com': PASSWORD }));
    const reply = await dispatch(handlers, 'export', { ...settings, format: 'apple', includePassword: true, signCertPem: certPem, signKeyPem: keyPem });
    if (!reply.ok) throw new Error(reply.error.message);
    const file = reply.value.files[0]!;
    expect(file.encoding).toBe('base64');
    expect(file.mode).toBe(0o600);
    // The plist is embedded as-is in the SignedData (openssl verifies it in the integration suite).
    const der = Buffer.from(file.content, 'base64');
    expect(der.includes(Buffer.from('<key>IncomingPassword</key>'))).toBe(true);
    expect(der.includes(Buffer.from(PASSWORD))).toBe(true);
    expect(forge.asn1.fromDer(der.toString('binary')).tagClass).toBe(forge.asn1.Class.UNIVERSAL);
    expect(reply.value.warnings.join(' ')).toMatch(/contains the password/);
  });

  it('rejects a key that does not belong to the certificate', async () => {
    const a = throwAwayCert('a');
    const b = throwAwayCert('b');
    const reply = await dispatch(createHandlers(deps()), 'export', { ...settings, format: 'apple', signCertPem: a.certPem, signKeyPem: b.keyPem });
    expect(reply.ok ? 'ok' : reply.error.code).toBe('BAD_INPUT');
  });

  it('asks for settings when there is no saved account', async () => {
    const reply = await dispatch(createHandlers(deps()), 'export', { email: 'nobody@example.com', format: 'mutt' });
    expect(reply.ok).toBe(false);
    if (!reply.ok) expect(reply.error.fix ?? '').toMatch(/--imap/);
  });

  it('exports an unencrypted server only with a warning', async () => {
    const reply = await dispatch(createHandlers(deps()), 'export', { ...settings, format: 'msmtp', smtp: { host: 'mail.example.com', port: 587, security: 'none' } });
    if (!reply.ok) throw new Error(reply.error.message);
    expect(reply.value.warnings.join(' ')).toMatch(/WITHOUT encryption/);
  });
});

describe('certificate checks', () => {
  it('no format ever turns certificate verification off, even for an unencrypted account', async () => {
    const handlers = createHandlers(deps());
    const plain = { ...settings, imap: { host: 'mail.example.com', port: 143, security: 'none' as const }, smtp: { host: 'mail.example.com', port: 587, security: 'none' as const } };
    for (const params of [settings, plain]) {
      for (const format of EXPORT_FORMATS) {
        const reply = await dispatch(handlers, 'export', { ...params, format });
        if (!reply.ok) throw new Error(reply.error.message);
        expect(allText(reply.value.files)).not.toMatch(/imaps\+insecure|smtps\+insecure|tls_certcheck\s+off|ssl_verify_(host|dates)\s*=\s*no|CertificateCheck|accept.?invalid|danger/i);
      }
    }
  });
});

describe('saved account with its own SMTP password', () => {
  it('text configs look up EMAIL#smtp for sending; a signed profile carries both passwords', async () => {
    const handlers = createHandlers(deps());
    const saved = await dispatch(handlers, 'save', { ...settings, password: 'in-pass-1', smtpPassword: 'out-pass-2' });
    if (!saved.ok) throw new Error(saved.error.message);
    expect(saved.value.separateSmtpPassword).toBe(true);
    const mutt = await dispatch(handlers, 'export', { email: 'jane@example.com', format: 'mutt', platform: 'linux' });
    if (!mutt.ok) throw new Error(mutt.error.message);
    expect(mutt.value.files[0]!.content).toContain("set smtp_pass = \"`secret-tool lookup service mailsetup username 'jane@example.com#smtp'`\"");
    const { certPem, keyPem } = throwAwayCert();
    const apple = await dispatch(handlers, 'export', { email: 'jane@example.com', format: 'apple', includePassword: true, signCertPem: certPem, signKeyPem: keyPem });
    if (!apple.ok) throw new Error(apple.error.message);
    const der = Buffer.from(apple.value.files[0]!.content, 'base64');
    expect(der.includes(Buffer.from('<string>in-pass-1</string>'))).toBe(true);
    expect(der.includes(Buffer.from('<string>out-pass-2</string>'))).toBe(true);
    expect(der.includes(Buffer.from('<key>OutgoingPasswordSameAsIncomingPassword</key>\n        <false/>'))).toBe(true);
  });
});
