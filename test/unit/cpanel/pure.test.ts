// The pure parts of the cPanel connection: cPanel's strength scale and the generator,
// the SPF record --install-spf installs, get_client_settings → MailConfig, the UAPI
// envelope and its error texts, connection names.
import { describe, expect, it } from 'vitest';
import { clientSettingsToConfig } from '../../../core/cpanel/client-settings.js';
import { parseConnectionUrl } from '../../../core/cpanel/connection-url.js';
import { pickConnection, type StoredConnection } from '../../../core/cpanel/connection-store.js';
import { generatePassword, passwordStrength } from '../../../core/cpanel/password.js';
import { composeSpfRecord, currentSpfRecord } from '../../../core/cpanel/spf-record.js';
import { formBody } from '../../../core/cpanel/uapi-client.js';
import { readEnvelope } from '../../../core/cpanel/uapi-envelope.js';
import { toMailbox } from '../../../core/cpanel/connection-handlers.js';

describe('cPanel password strength (cpanel-uapi.md §5)', () => {
  it('matches the consequences the reference computed', () => {
    expect(passwordStrength('')).toBe(0);
    expect(passwordStrength('aB3')).toBe(1);
    expect(passwordStrength('Xq7Lm2Pz9Wr4')).toBe(100); // 12 of upper+lower+digits
    expect(passwordStrength('Xq7Lm2Pz')).toBe(68); // 8 of them
    expect(passwordStrength('0f3a9c2e7b5d1f4a')).toBe(91); // 16 hex
    expect(passwordStrength('0f3a9c2e7b5d1f4a8c')).toBe(100); // 18 hex
    expect(passwordStrength('a'.repeat(22))).toBe(51);
    expect(passwordStrength('abcdefghij')).toBeLessThan(40); // consecutive characters are a pattern
  });

  it('generates passwords that meet any required strength, from all three classes, never twice the same', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const pw = generatePassword(100);
      expect(pw.length).toBeGreaterThanOrEqual(20);
      expect(passwordStrength(pw)).toBe(100);
      expect(pw).toMatch(/[A-Z]/);
      expect(pw).toMatch(/[a-z]/);
      expect(pw).toMatch(/[0-9]/);
      for (let j = 1; j < pw.length; j++) expect(Math.abs(pw.charCodeAt(j) - pw.charCodeAt(j - 1))).toBeGreaterThan(1);
      seen.add(pw);
    }
    expect(seen.size).toBe(200);
  });
});

describe('the SPF record --install-spf installs', () => {
  it('adds the expected terms before the all term of the current record', () => {
    expect(composeSpfRecord('v=spf1 +a +mx include:_spf.example.net ~all', '+ip4:192.0.2.1 +include:relay.hoster.test')).toBe(
      'v=spf1 +a +mx include:_spf.example.net +ip4:192.0.2.1 +include:relay.hoster.test ~all',
    );
  });
  it('keeps terms that are already there (with or without +) and appends when there is no all', () => {
    expect(composeSpfRecord('v=spf1 ip4:192.0.2.1 -all', '+ip4:192.0.2.1 +include:x.test')).toBe('v=spf1 ip4:192.0.2.1 +include:x.test -all');
    expect(composeSpfRecord('v=spf1 mx', 'ip4:192.0.2.1')).toBe('v=spf1 mx ip4:192.0.2.1');
  });
  it('builds v=spf1 +a +mx + terms + ~all when there is none', () => {
    expect(composeSpfRecord(null, '+ip4:192.0.2.1')).toBe('v=spf1 +a +mx +ip4:192.0.2.1 ~all');
  });
  it('reads the current record from cPanel\'s records list', () => {
    expect(currentSpfRecord({ records: [{ current: 'google-site-verification=x' }, { current: 'v=spf1 mx ~all', state: 'SOFTFAIL' }] })).toBe('v=spf1 mx ~all');
    expect(currentSpfRecord({ records: [] })).toBeNull();
  });
});

describe('get_client_settings → MailConfig', () => {
  const data = {
    account: 'jane@example.test', inbox_host: 'server1.hoster.test', inbox_port: 993, inbox_insecure_port: 143, inbox_service: 'imap',
    smtp_host: 'server1.hoster.test', smtp_port: '465', smtp_insecure_port: '587', has_plaintext_authentication: 1, mail_domain: 'mail.example.test',
    inbox_username: 'jane@example.test', smtp_username: 'jane@example.test',
  };
  it('puts the SSL/TLS ports first and the STARTTLS variants after, on the same hosts (never mail.DOMAIN)', () => {
    const c = clientSettingsToConfig(data, 'https://127.0.14.1:2083', 'jane@example.test');
    expect(c.ok).toBe(true);
    if (!c.ok) return;
    expect(c.value).toMatchObject({ source: 'cpanel', url: 'https://127.0.14.1:2083', secure: true });
    expect(c.value.incoming.map((s) => `${s.host}:${s.port}:${s.security}`)).toEqual(['server1.hoster.test:993:tls', 'server1.hoster.test:143:starttls']);
    expect(c.value.outgoing.map((s) => `${s.host}:${s.port}:${s.security}`)).toEqual(['server1.hoster.test:465:tls', 'server1.hoster.test:587:starttls']);
    expect(JSON.stringify(c.value)).not.toContain('mail.example.test');
  });
  it('offers no STARTTLS variant when plaintext login is off', () => {
    const c = clientSettingsToConfig({ ...data, has_plaintext_authentication: '0' }, 'u', 'jane@example.test');
    expect(c.ok && c.value.incoming.length === 1 && c.value.outgoing.length === 1).toBe(true);
  });
  it('refuses settings without hosts', () => {
    expect(clientSettingsToConfig({ inbox_port: 993 }, 'u', 'jane@example.test').ok).toBe(false);
  });
});

describe('the UAPI envelope', () => {
  it('passes data of status 1 and maps status 0 texts to codes with cPanel\'s words', () => {
    expect(readEnvelope('{"data":[1],"errors":null,"warnings":null,"messages":null,"metadata":{"transformed":1},"status":1}', 'M::f')).toEqual({ ok: true, value: { data: [1], messages: [], warnings: [] } });
    const feature = readEnvelope('{"data":null,"errors":["You do not have the feature “emailauth”."],"status":0,"metadata":{}}', 'EmailAuth::validate_current_spfs');
    expect(feature.ok === false && feature.error.code).toBe('CPANEL_FEATURE_MISSING');
    expect(feature.ok === false && feature.error.message).toContain('emailauth');
    const other = readEnvelope('{"data":null,"errors":["You do not control the “x.org” domain."],"status":"0","metadata":{}}', 'M::f');
    expect(other.ok === false && other.error).toMatchObject({ code: 'CPANEL_API_ERROR', serverSays: 'You do not control the “x.org” domain.' });
    expect(readEnvelope('<html>', 'M::f').ok).toBe(false);
  });
  it('encodes lists as repeated keys', () => {
    expect(formBody({ name: ['user', 'domain'], app: 'pop', skip: undefined, quota: 0 })).toBe('name=user&name=domain&app=pop&quota=0');
  });
  it('normalises mailbox rows whose numbers are strings; 0 quota is unlimited', () => {
    expect(toMailbox({ email: 'a@b.test', _diskused: '2048', _diskquota: '52428800' })).toEqual({ email: 'a@b.test', diskUsedBytes: 2048, diskQuotaBytes: 52428800 });
    expect(toMailbox({ email: 'a@b.test', _diskused: 0, _diskquota: 0 })).toEqual({ email: 'a@b.test', diskUsedBytes: 0, diskQuotaBytes: null });
    expect(toMailbox({ email: 'cpuser', login: 'Main Account' })).toBeNull();
  });
});

describe('connection names', () => {
  it('defaults to port 2083 and refuses anything but https host[:port]', () => {
    expect(parseConnectionUrl('https://Server1.Example.com')).toEqual({ ok: true, value: { url: 'https://server1.example.com:2083', host: 'server1.example.com', port: 2083, name: 'server1.example.com:2083' } });
    expect(parseConnectionUrl('server1.example.com:2096').ok && parseConnectionUrl('server1.example.com:2096')).toMatchObject({ value: { name: 'server1.example.com:2096' } });
    for (const bad of ['http://x.example', 'https://u:p@x.example', 'https://x.example/path', 'https://x.example/?q=1']) expect(parseConnectionUrl(bad).ok, bad).toBe(false);
  });
  it('accepts the bare host only when one connection has it', () => {
    const c = (name: string): StoredConnection => ({ url: `https://${name}`, name, user: 'u', domains: [], createdAt: '', updatedAt: '' });
    const list = [c('a.test:2083'), c('b.test:2083'), c('b.test:2096')];
    expect(pickConnection(list, 'a.test').ok).toBe(true);
    expect(pickConnection(list, 'b.test').ok).toBe(false);
    expect(pickConnection(list, 'b.test:2096').ok).toBe(true);
    expect(pickConnection(list).ok).toBe(false);
    expect(pickConnection([], 'a.test')).toMatchObject({ ok: false, error: { code: 'CPANEL_NOT_CONNECTED' } });
  });
});
