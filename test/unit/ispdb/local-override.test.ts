import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { lookupLocalOverride, localOverridePath } from '../../../core/discover/ispdb/local-override.js';
import { parseEmail, type ParsedEmail } from '../../../shared/email.js';

function email(address: string): ParsedEmail {
  const r = parseEmail(address);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

const OVERRIDE = `<?xml version="1.0"?>
<clientConfig version="1.1"><emailProvider id="corp.example">
  <domain>corp.example</domain>
  <incomingServer type="imap"><hostname>imap.%EMAILDOMAIN%</hostname><port>993</port><socketType>SSL</socketType>
    <username>%EMAILLOCALPART%</username><authentication>password-cleartext</authentication></incomingServer>
  <outgoingServer type="smtp"><hostname>smtp.corp.example</hostname><port>587</port><socketType>STARTTLS</socketType>
    <username>%EMAILLOCALPART%</username><authentication>password-cleartext</authentication></outgoingServer>
</emailProvider></clientConfig>`;

describe('lookupLocalOverride', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'mailsetup-override-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function put(domain: string, xml: string): Promise<string> {
    const file = localOverridePath(dir, domain);
    await mkdir(join(dir, 'isp'), { recursive: true });
    await writeFile(file, xml);
    return file;
  }

  it('returns ok(null) when there is no override file (or not even an isp/ folder)', async () => {
    expect(await lookupLocalOverride(dir, email('a@corp.example'))).toEqual({ ok: true, value: null });
    await mkdir(join(dir, 'isp'));
    expect(await lookupLocalOverride(dir, email('a@corp.example'))).toEqual({ ok: true, value: null });
  });

  it('reads <configDir>/isp/<domain>.xml with the same parser, placeholders filled', async () => {
    await put('corp.example', OVERRIDE);
    const r = await lookupLocalOverride(dir, email('Jane@Corp.Example'));
    expect(r.ok && r.value?.incoming).toEqual([
      { protocol: 'imap', host: 'imap.corp.example', port: 993, security: 'tls', username: 'Jane', auth: ['password-cleartext'] },
    ]);
    expect(r.ok && r.value?.outgoing[0]?.host).toBe('smtp.corp.example');
  });

  it('looks the file up by the punycode domain for IDN addresses', async () => {
    await put('xn--bcher-kva.example', OVERRIDE);
    const r = await lookupLocalOverride(dir, email('jörg@bücher.example'));
    expect(r.ok && r.value?.incoming[0]?.host).toBe('imap.xn--bcher-kva.example');
  });

  it('reports a broken file with a clear error naming it', async () => {
    const file = await put('corp.example', '<clientConfig><emailProvider>');
    const r = await lookupLocalOverride(dir, email('a@corp.example'));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('BAD_INPUT');
    expect(r.error.message).toContain(file);
    expect(r.error.message).toMatch(/not well-formed XML/);
    expect(r.error.fix).toMatch(/delete/);
  });

  it('refuses an override with a DOCTYPE like any other document', async () => {
    await put('corp.example', OVERRIDE.replace('<clientConfig', '<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><clientConfig'));
    const r = await lookupLocalOverride(dir, email('a@corp.example'));
    expect(!r.ok && r.error.message).toMatch(/DOCTYPE/);
  });

  it('refuses an oversized override file', async () => {
    await put('corp.example', OVERRIDE + `<!--${'x'.repeat(1024 * 1024)}-->`);
    const r = await lookupLocalOverride(dir, email('a@corp.example'));
    expect(!r.ok && r.error.message).toMatch(/larger than/);
  });

  it('reports an unreadable override (a folder in its place) instead of ignoring it', async () => {
    await mkdir(join(dir, 'isp', 'corp.example.xml'), { recursive: true });
    const r = await lookupLocalOverride(dir, email('a@corp.example'));
    expect(!r.ok && r.error.code).toBe('STORAGE_ERROR');
    expect(!r.ok && r.error.message).toContain('corp.example.xml');
  });
});
