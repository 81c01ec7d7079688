// A display name and login name built to break out of every syntax (quotes, &, <>,
// newlines, $(…), backticks, TOML/INI/pref syntax, placeholders, non-ASCII) must give
// a valid file that carries the name as data, never a new key, tag or command.
import { parse as parsePlist } from 'plist';
import { describe, expect, it } from 'vitest';
import { exportAccount } from '../../../core/profiles/export-account.js';
import { oneLine } from '../../../core/profiles/escape.js';
import type { ExportOptions } from '../../../core/profiles/types.js';
import type { ExportFormat } from '../../../shared/profiles.js';
import { HOSTILE_NAME, hostileAccount } from './reference-account.js';
import { decodeHeaderName, evalUserJs, parseIni, parseMbsyncrc, parseMsmtprc, parseMuttrc, parseSimpleToml, parseXml } from './parse-back.js';

const options: ExportOptions = { platform: 'linux', client: 'thunderbird', profileUrl: 'https://example.com/p?a=1&b="<x>"' };
const NAME = oneLine(HOSTILE_NAME);
const USER = hostileAccount.incoming.username;

async function files(format: ExportFormat): Promise<Map<string, string>> {
  const r = await exportAccount(hostileAccount, format, options);
  if (!r.ok) throw new Error(`${format}: ${r.error.message}`);
  return new Map(r.value.files.map((f) => [f.name, f.content]));
}
const first = async (format: ExportFormat): Promise<string> => [...(await files(format)).values()][0]!;

describe('hostile names give valid files', () => {
  it('the cleaned name keeps its characters but no control characters or line breaks', () => {
    expect(NAME).toContain('"Q" O\'Brien & <Co>');
    expect(NAME).toContain('日本');
    expect(NAME).not.toMatch(/[\u0000-\u001f]/);
  });

  it('apple: plist parses and carries the name and login as strings', async () => {
    const p = parsePlist(await first('apple')) as { PayloadContent: Array<Record<string, unknown>> };
    expect(p.PayloadContent[0]!.EmailAccountName).toBe(NAME);
    expect(p.PayloadContent[0]!.IncomingMailServerUsername).toBe(USER);
    expect(p.PayloadContent[0]!.EmailAddress).toBe(hostileAccount.email);
  });

  it('thunderbird-autoconfig and outlook-autodiscover: well-formed XML with the login as text', async () => {
    const ac = parseXml(await first('thunderbird-autoconfig')) as { clientConfig: { emailProvider: { incomingServer: { username: string } } } };
    expect(ac.clientConfig.emailProvider.incomingServer.username).toBe(USER);
    const ad = parseXml(await first('outlook-autodiscover')) as { Autodiscover: { Response: { Account: { Protocol: Array<{ LoginName: string }> } } } };
    expect(ad.Autodiscover.Response.Account.Protocol[0]!.LoginName).toBe(USER);
  });

  it('k9s: well-formed XML with the name as text', async () => {
    const doc = parseXml(await first('k9s')) as { k9settings: { accounts: { account: { identities: { identity: { name: string; email: string } } } } } };
    expect(doc.k9settings.accounts.account.identities.identity).toMatchObject({ name: NAME, email: hostileAccount.email });
  });

  it('thunderbird-user-js: evaluates to exactly the expected pref names', async () => {
    const prefs = evalUserJs(await first('thunderbird-user-js'));
    expect(prefs.get('mail.identity.id1.fullName')).toBe(NAME);
    expect(prefs.has('x')).toBe(false);
    expect([...prefs.keys()].every((k) => k.startsWith('mail.'))).toBe(true);
  });

  it('thunderbird-mobile-qr: JSON with the name as one string, ASCII only', async () => {
    const text = (await files('thunderbird-mobile-qr')).get('thunderbird-mobile-qr.json')!;
    expect(text.trim()).toMatch(/^[\x20-\x7e]+$/);
    const payload = JSON.parse(text) as [number, unknown, unknown, Array<[unknown, [string, string]]>];
    expect(payload[3][0]![1]).toEqual([hostileAccount.email, NAME]);
  });

  it('mutt: every line is one quoted set; nothing is expanded', async () => {
    const vars = parseMuttrc(await first('mutt'));
    expect(vars.get('real_name')).toBe(NAME);
    expect(vars.get('imap_user')).toBe(USER);
    expect([...vars.keys()].sort()).toEqual(['folder', 'from', 'imap_pass', 'imap_user', 'postponed', 'real_name', 'record', 'smtp_pass', 'smtp_url', 'spool_file', 'ssl_force_tls', 'ssl_starttls']);
  });

  it('aerc: one section, known keys, the name RFC 2047-encoded', async () => {
    const ini = parseIni(await first('aerc'));
    expect([...ini.keys()]).toEqual([hostileAccount.email]);
    const from = ini.get(hostileAccount.email)!.get('from')!;
    const m = /^(\S+) <(.*)>$/.exec(from)!;
    expect(decodeHeaderName(m[1]!)).toBe(NAME);
    expect(decodeURIComponent(new URL(ini.get(hostileAccount.email)!.get('source')!).username)).toBe(USER);
  });

  it('msmtp: one account plus default, the user as one value', async () => {
    const accounts = parseMsmtprc(await first('msmtp'));
    expect(accounts.size).toBe(2);
    expect([...accounts.values()][0]!.get('user')).toBe(USER);
  });

  it('mbsync: the user is one quoted value and no unknown keywords appear', async () => {
    const kv = parseMbsyncrc(await first('mbsync'));
    expect(kv.find(([k]) => k === 'User')![1]).toBe(USER);
    const known = new Set(['IMAPAccount', 'Host', 'Port', 'User', 'PassCmd', 'SSLType', 'AuthMechs', 'IMAPStore', 'Account', 'MaildirStore', 'Path', 'Inbox', 'SubFolders', 'Channel', 'Far', 'Near', 'Patterns', 'Create', 'SyncState']);
    expect(kv.every(([k]) => known.has(k))).toBe(true);
  });

  it('himalaya: TOML strings carry the name and login', async () => {
    const t = parseSimpleToml(await first('himalaya'));
    const table = t.get(hostileAccount.email)!;
    expect(table.get('display-name')).toBe(NAME);
    expect(table.get('backend.login')).toBe(USER);
  });

  it('dns-srv and publish-kit: only SRV lines and comments, all XML well-formed', async () => {
    for (const line of (await first('dns-srv')).split('\n')) expect(line === '' || line.startsWith(';') || / IN SRV \d+ \d+ \d+ \S+$/.test(line)).toBe(true);
    const kit = await files('publish-kit');
    for (const [name, content] of kit) if (name.endsWith('.xml') || name.endsWith('.mobileconfig')) expect(() => parseXml(content)).not.toThrow();
  });

  it('helpdesk-sheet: the name and URL appear only escaped; no script, no remote content', async () => {
    const html = await first('helpdesk-sheet');
    expect(html).not.toContain('<Co>');
    expect(html).toContain('&lt;Co&gt;');
    expect(html).not.toMatch(/<script|javascript:|\son\w+=/i);
    expect(html).not.toMatch(/(src|href)="https?:/i);
    const tags = new Set([...html.matchAll(/<\/?([a-zA-Z][a-zA-Z0-9]*)/g)].map((m) => m[1]!.toLowerCase()));
    const allowed = ['html', 'head', 'meta', 'title', 'style', 'body', 'h1', 'h2', 'table', 'tr', 'th', 'td', 'ol', 'li', 'p', 'figure', 'figcaption', 'br', 'code', 'svg', 'path'];
    expect([...tags].filter((t) => !allowed.includes(t))).toEqual([]);
  });
});
