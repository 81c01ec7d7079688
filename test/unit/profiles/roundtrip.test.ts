// Round trip: parse each export back and get the account's settings again, for
// implicit TLS, STARTTLS and a separate SMTP password.
import { parse as parsePlist } from 'plist';
import { describe, expect, it } from 'vitest';
import type { Account } from '../../../shared/accounts.js';
import { parseEmail } from '../../../shared/email.js';
import { exportAccount } from '../../../core/profiles/export-account.js';
import { parseAutoconfigXml } from '../../../core/discover/autoconfig-xml.js';
import type { ExportFormat } from '../../../shared/profiles.js';
import type { ExportOptions } from '../../../core/profiles/types.js';
import { referenceAccount } from './reference-account.js';
import { evalUserJs, parseIni, parseMbsyncrc, parseMsmtprc, parseMuttrc, parseSimpleToml, parseXml } from './parse-back.js';

const options: ExportOptions = { platform: 'linux', client: 'apple' };

const starttlsAccount: Account = {
  ...referenceAccount,
  email: 'bob@example.org',
  displayName: 'Bob',
  incoming: { protocol: 'imap', host: 'imap.example.org', port: 143, security: 'starttls', username: 'bob', auth: ['password-encrypted'] },
  outgoing: { protocol: 'smtp', host: 'smtp.example.org', port: 587, security: 'starttls', username: 'bob', auth: ['password-cleartext'] },
  separateSmtpPassword: true,
};

async function text(account: Account, format: ExportFormat, name?: string): Promise<string> {
  const r = await exportAccount(account, format, options);
  if (!r.ok) throw new Error(r.error.message);
  const file = name ? r.value.files.find((f) => f.name === name) : r.value.files[0];
  return file!.content;
}

describe.each([
  ['implicit TLS', referenceAccount],
  ['STARTTLS, own SMTP password', starttlsAccount],
])('round trip (%s)', (_label, account) => {
  const inc = account.incoming;
  const out = account.outgoing;
  const sslFlag = (s: string) => s !== 'none';

  it('apple: plist keys give back hosts, ports, SSL flags and user names', async () => {
    const p = parsePlist(await text(account, 'apple')) as Record<string, unknown>;
    const payload = (p.PayloadContent as Array<Record<string, unknown>>)[0]!;
    expect(payload).toMatchObject({
      EmailAddress: account.email,
      EmailAccountName: account.displayName,
      IncomingMailServerHostName: inc.host,
      IncomingMailServerPortNumber: inc.port,
      IncomingMailServerUseSSL: sslFlag(inc.security),
      IncomingMailServerUsername: inc.username,
      OutgoingMailServerHostName: out.host,
      OutgoingMailServerPortNumber: out.port,
      OutgoingMailServerUseSSL: sslFlag(out.security),
      OutgoingMailServerUsername: out.username,
      OutgoingPasswordSameAsIncomingPassword: !account.separateSmtpPassword,
    });
  });

  it('thunderbird-autoconfig: parseAutoconfigXml reads the same servers', async () => {
    const email = parseEmail(account.email);
    if (!email.ok) throw new Error('bad email');
    const parsed = parseAutoconfigXml(await text(account, 'thunderbird-autoconfig'), email.value);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.value.domains).toEqual([email.value.domain]);
    expect(parsed.value.incoming[0]).toMatchObject({ protocol: inc.protocol, host: inc.host, port: inc.port, security: inc.security, username: inc.username, auth: [inc.auth[0]] });
    expect(parsed.value.outgoing[0]).toMatchObject({ protocol: 'smtp', host: out.host, port: out.port, security: out.security, username: out.username, auth: [out.auth[0]] });
  });

  it('thunderbird-user-js: evaluates to a consistent account with the right codes', async () => {
    const prefs = evalUserJs(await text(account, 'thunderbird-user-js'));
    const socket = { tls: 3, starttls: 2, none: 0 };
    const auth = { 'password-cleartext': 3, 'password-encrypted': 4 } as Record<string, number>;
    expect(prefs.get('mail.server.server1.hostname')).toBe(inc.host);
    expect(prefs.get('mail.server.server1.port')).toBe(inc.port);
    expect(prefs.get('mail.server.server1.socketType')).toBe(socket[inc.security]);
    expect(prefs.get('mail.server.server1.authMethod')).toBe(auth[inc.auth[0]!]);
    expect(prefs.get('mail.server.server1.userName')).toBe(inc.username);
    expect(prefs.get('mail.smtpserver.smtp1.hostname')).toBe(out.host);
    expect(prefs.get('mail.smtpserver.smtp1.try_ssl')).toBe(socket[out.security]);
    expect(prefs.get('mail.smtpserver.smtp1.authMethod')).toBe(auth[out.auth[0]!]);
    expect(prefs.get('mail.smtpserver.smtp1.username')).toBe(out.username);
    expect(prefs.get('mail.identity.id1.fullName')).toBe(account.displayName);
    // referential integrity
    const accounts = String(prefs.get('mail.accountmanager.accounts')).split(',');
    for (const a of accounts) expect(prefs.has(`mail.server.${String(prefs.get(`mail.account.${a}.server`))}.type`)).toBe(true);
    expect(String(prefs.get('mail.smtpservers')).split(',')).toContain(prefs.get('mail.identity.id1.smtpServer'));
  });

  it('thunderbird-mobile-qr: the payload follows format version 1', async () => {
    const payload = JSON.parse(await text(account, 'thunderbird-mobile-qr', 'thunderbird-mobile-qr.json')) as unknown[];
    const sec = { tls: 3, starttls: 2, none: 0 };
    const authCode = { 'password-cleartext': 1, 'password-encrypted': 2 } as Record<string, number>;
    expect(payload[0]).toBe(1);
    expect(payload[1]).toEqual([1, 1]);
    expect(payload[2]).toEqual([0, inc.host, inc.port, sec[inc.security], authCode[inc.auth[0]!], inc.username, account.email]);
    expect(payload[3]).toEqual([[[0, out.host, out.port, sec[out.security], authCode[out.auth[0]!], out.username], [account.email, account.displayName]]]);
  });

  it('k9s: XML gives back servers, and has no password element', async () => {
    const xml = await text(account, 'k9s');
    const doc = parseXml(xml) as { k9settings: { account?: unknown; accounts: { account: Record<string, Record<string, string>> } } };
    const acct = doc.k9settings.accounts.account;
    const k9sec = { tls: 'SSL_TLS_REQUIRED', starttls: 'STARTTLS_REQUIRED', none: 'NONE' };
    expect(acct['incoming-server']).toMatchObject({ host: inc.host, port: String(inc.port), 'connection-security': k9sec[inc.security], username: inc.username });
    expect(acct['outgoing-server']).toMatchObject({ host: out.host, port: String(out.port), 'connection-security': k9sec[out.security], username: out.username });
    expect(acct['@_uuid']).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(xml).not.toMatch(/<password/);
  });

  it('outlook-autodiscover: protocols give back servers and Encryption', async () => {
    const doc = parseXml(await text(account, 'outlook-autodiscover')) as { Autodiscover: { Response: { Account: { Protocol: Array<Record<string, string>> } } } };
    const [imap, smtp] = doc.Autodiscover.Response.Account.Protocol;
    const enc = { tls: 'SSL', starttls: 'TLS', none: 'None' };
    expect(imap).toMatchObject({ Type: 'IMAP', Server: inc.host, Port: String(inc.port), LoginName: inc.username, Encryption: enc[inc.security], SPA: 'off' });
    expect(smtp).toMatchObject({ Type: 'SMTP', Server: out.host, Port: String(out.port), LoginName: out.username, Encryption: enc[out.security] });
  });

  it('mutt: folder and smtp_url give back the servers; the password is a keychain command', async () => {
    const vars = parseMuttrc(await text(account, 'mutt'));
    const folder = new URL(vars.get('folder')!);
    expect(folder.protocol).toBe(inc.security === 'tls' ? 'imaps:' : 'imap:');
    expect([folder.hostname, Number(folder.port)]).toEqual([inc.host, inc.port]);
    expect(vars.get('imap_user')).toBe(inc.username);
    const smtp = new URL(vars.get('smtp_url')!);
    expect([smtp.protocol, smtp.hostname, Number(smtp.port), decodeURIComponent(smtp.username)]).toEqual([out.security === 'tls' ? 'smtps:' : 'smtp:', out.host, out.port, out.username]);
    expect(vars.get('imap_pass')).toBe(`\`secret-tool lookup service mailsetup username ${account.email}\``);
    expect(vars.get('smtp_pass')).toBe(account.separateSmtpPassword ? `\`secret-tool lookup service mailsetup username '${account.email}#smtp'\`` : '$imap_pass');
    expect(vars.get('ssl_force_tls')).toBe('yes');
  });

  it('aerc: source and outgoing URLs give back the servers', async () => {
    const section = parseIni(await text(account, 'aerc')).get(account.email)!;
    const source = new URL(section.get('source')!);
    expect([source.protocol, source.hostname, Number(source.port), decodeURIComponent(source.username)]).toEqual([inc.security === 'tls' ? 'imaps:' : 'imap:', inc.host, inc.port, inc.username]);
    const outgoing = new URL(section.get('outgoing')!);
    expect([outgoing.protocol, outgoing.hostname, Number(outgoing.port), decodeURIComponent(outgoing.username)]).toEqual([out.security === 'tls' ? 'smtps:' : 'smtp:', out.host, out.port, out.username]);
    expect(section.get('smtp-starttls')).toBe(out.security === 'starttls' ? 'true' : undefined);
    expect(section.get('from')).toBe(`${account.displayName} <${account.email}>`);
  });

  it('msmtp: the account gives back host, port, TLS mode and user', async () => {
    const accounts = parseMsmtprc(await text(account, 'msmtp'));
    const a = accounts.get(account.email)!;
    expect(Object.fromEntries(a)).toMatchObject({ host: out.host, port: String(out.port), tls: 'on', tls_starttls: out.security === 'starttls' ? 'on' : 'off', user: out.username, from: account.email });
    expect(a.get('passwordeval')).toContain(account.separateSmtpPassword ? `'${account.email}#smtp'` : account.email);
    expect(accounts.get('default')).toBeUndefined();
  });

  it('mbsync: IMAPAccount gives back host, port, SSLType and user', async () => {
    const kv = new Map(parseMbsyncrc(await text(account, 'mbsync')));
    expect(Object.fromEntries(kv)).toMatchObject({ Host: inc.host, Port: String(inc.port), User: inc.username, SSLType: inc.security === 'tls' ? 'IMAPS' : 'STARTTLS' });
    expect(kv.has('TLSType')).toBe(false);
  });

  it('himalaya: TOML gives back both servers', async () => {
    const t = parseSimpleToml(await text(account, 'himalaya')).get(account.email)!;
    const enc = { tls: 'tls', starttls: 'start-tls', none: 'none' };
    expect(Object.fromEntries(t)).toMatchObject({
      email: account.email,
      'display-name': account.displayName,
      'backend.host': inc.host,
      'backend.port': inc.port,
      'backend.encryption.type': enc[inc.security],
      'backend.login': inc.username,
      'message.send.backend.host': out.host,
      'message.send.backend.port': out.port,
      'message.send.backend.encryption.type': enc[out.security],
      'message.send.backend.login': out.username,
    });
  });

  it('dns-srv: the offered services point at the servers, the rest is "0 0 0 ."', async () => {
    const lines = (await text(account, 'dns-srv')).split('\n').filter((l) => l.startsWith('_'));
    const records = new Map(lines.map((l) => { const f = l.split(/\s+/); return [f[0]!.split('.')[0]!, f.slice(4).join(' ')]; }));
    const inLabel = inc.security === 'tls' ? '_imaps' : '_imap';
    const outLabel = out.security === 'tls' ? '_submissions' : '_submission';
    expect(records.get(inLabel)).toBe(`0 1 ${inc.port} ${inc.host}.`);
    expect(records.get(outLabel)).toBe(`0 1 ${out.port} ${out.host}.`);
    expect(records.get('_pop3s')).toBe('0 0 0 .');
    expect(records.size).toBe(6);
  });
});

describe('publish kit', () => {
  it('holds a generic Apple profile (the device asks for address and login) and the admin files', async () => {
    const r = await exportAccount(referenceAccount, 'publish-kit', options);
    if (!r.ok) throw new Error(r.error.message);
    const names = r.value.files.map((f) => f.name).sort();
    expect(names).toEqual(['README.txt', 'apple/example.com.mobileconfig', 'autoconfig/mail/config-v1.1.xml', 'autodiscover/autodiscover.xml', 'dns/example.com.srv.zone']);
    const profile = parsePlist(r.value.files.find((f) => f.name.endsWith('.mobileconfig'))!.content) as { PayloadIdentifier: string; PayloadContent: Array<Record<string, unknown>> };
    expect(profile.PayloadContent[0]!.EmailAddress).toBeUndefined();
    expect(profile.PayloadContent[0]!.IncomingMailServerUsername).toBeUndefined();
    expect(profile.PayloadIdentifier).toBe('com.example.mailsetup.domain');
    expect(r.value.files.find((f) => f.name === 'autodiscover/autodiscover.xml')!.content).not.toContain('<LoginName>');
  });
});

describe('apple identifiers', () => {
  it('are stable per account and differ between accounts, so a re-import replaces', async () => {
    const ids = async (a: Account) => {
      const p = parsePlist(await text(a, 'apple')) as { PayloadIdentifier: string; PayloadUUID: string; PayloadContent: Array<{ PayloadUUID: string }> };
      return [p.PayloadIdentifier, p.PayloadUUID, p.PayloadContent[0]!.PayloadUUID];
    };
    expect(await ids(referenceAccount)).toEqual(await ids({ ...referenceAccount, displayName: 'Other name' }));
    expect(await ids({ ...referenceAccount, email: 'JANE@Example.com' })).toEqual(await ids(referenceAccount));
    const other = await ids(starttlsAccount);
    (await ids(referenceAccount)).forEach((id, i) => expect(id).not.toBe(other[i]));
  });

  it('warns that STARTTLS is inferred from the port', async () => {
    const r = await exportAccount(starttlsAccount, 'apple', options);
    expect(r.ok && r.value.warnings.join(' ')).toMatch(/cannot say STARTTLS/);
  });
});
