// The generator on a small synthetic ISPDB folder: independent of ../shared, so it runs
// from a fresh clone too.
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readBundledIspdb } from '../../../core/discover/ispdb/bundled.js';
import { generateBundledIspdb, runGenerator } from '../../../core/discover/ispdb/generate.js';

const imap = (host: string, user = '%EMAILADDRESS%') =>
  `<incomingServer type="imap"><hostname>${host}</hostname><port>993</port><socketType>SSL</socketType><username>${user}</username><authentication>password-cleartext</authentication></incomingServer>`;
const smtp = `<outgoingServer type="smtp"><hostname>smtp.%EMAILDOMAIN%</hostname><port>587</port><socketType>STARTTLS</socketType><authentication>password-cleartext</authentication></outgoingServer>`;
const file = (id: string, domains: string[], servers: string) =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<clientConfig version="1.1"><emailProvider id="${id}">${domains.map((d) => `<domain>${d}</domain>`).join('')}<displayName>${id}</displayName>${servers}</emailProvider></clientConfig>`;

describe('ISPDB generator', () => {
  let src: string;
  let out: string;
  beforeEach(() => {
    src = mkdtempSync(join(tmpdir(), 'mailsetup-ispdb-src-'));
    out = mkdtempSync(join(tmpdir(), 'mailsetup-ispdb-out-'));
    writeFileSync(join(src, 'a.example.xml'), file('a.example', ['a.example', 'A-alias.example', 'a.example'], imap('imap.a.example') + smtp));
    writeFileSync(join(src, 'b.example.xml'), file('b.example', ['b.example', 'a-alias.example'], imap('imap.b.example', '%EMAILADDRESS') + imap('mail.%EMAILDOMAIN%') + smtp));
    writeFileSync(join(src, 'broken.example.xml'), '<clientConfig><emailProvider>');
    writeFileSync(join(src, 'xxe.example.xml'), `<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>${file('xxe.example', ['xxe.example'], imap('&e;'))}`);
    writeFileSync(join(src, 'empty.example.xml'), file('empty.example', ['empty.example'], imap('bad host')));
    writeFileSync(join(src, 'README.md'), 'snapshot of folder ispdb/, commit 0123456789abcdef0123456789abcdef01234567 of today');
    writeFileSync(join(src, 'LICENSE'), 'Mozilla Public License Version 2.0\n(test copy)\n');
    mkdirSync(join(src, 'not-a-provider.xml.d'));
  });
  afterEach(() => {
    rmSync(src, { recursive: true, force: true });
    rmSync(out, { recursive: true, force: true });
  });

  it('keeps valid providers and sections, and reports every skipped one', () => {
    const r = generateBundledIspdb(src);
    if (!r.ok) throw new Error(r.error.message);
    const { data, report } = r.value;
    expect(data.origin.commit).toBe('0123456789abcdef0123456789abcdef01234567');
    expect(data.providers.map((p) => [p.file, p.domains])).toEqual([
      ['a.example.xml', ['a.example', 'a-alias.example']],
      ['b.example.xml', ['b.example']],
    ]);
    // Placeholders stay in the data; the malformed one took its section with it.
    expect(data.providers[1]?.incoming.map((s) => [s.host, s.username])).toEqual([['mail.%EMAILDOMAIN%', '%EMAILADDRESS%']]);
    expect(report).toMatchObject({ files: 5, providers: 2, domains: 3, servers: 4 });
    const skipped = report.skipped.join('\n');
    expect(skipped).toMatch(/b\.example\.xml: incomingServer #1 \(imap\): username "%EMAILADDRESS": malformed or unknown placeholder/);
    expect(skipped).toMatch(/b\.example\.xml: domain a-alias\.example already served by a\.example\.xml/);
    expect(skipped).toMatch(/broken\.example\.xml: .*not well-formed XML/);
    expect(skipped).toMatch(/xxe\.example\.xml: .*DOCTYPE/);
    expect(skipped).toMatch(/empty\.example\.xml: nothing usable/);
  });

  it('writes data, licence and origin note that the loader reads back', () => {
    const lines: string[] = [];
    const code = runGenerator([src, '--out', out], { log: (l) => lines.push(l), error: (l) => lines.push(`ERR ${l}`) });
    expect(code).toBe(0);
    expect(lines[0]).toBe('ISPDB: 5 files -> 2 providers, 3 domains, 4 server sections; 6 skipped');
    expect(lines.filter((l) => l.startsWith('  - '))).toHaveLength(6);
    expect(readFileSync(join(out, 'LICENSE'), 'utf8')).toMatch(/^Mozilla Public License Version 2\.0/);
    expect(readFileSync(join(out, 'ORIGIN.md'), 'utf8')).toContain('commit 0123456789abcdef0123456789abcdef01234567');
    const db = readBundledIspdb(join(out, 'ispdb.generated.json'));
    if (!db.ok) throw new Error(db.error.message);
    expect(db.value.skipped).toEqual([]);
    expect([...db.value.byDomain.entries()]).toEqual([['a.example', 0], ['a-alias.example', 0], ['b.example', 1]]);
  });

  it('fails with a message, writing nothing, when the source folder is missing', () => {
    const lines: string[] = [];
    expect(runGenerator([join(src, 'nope'), '--out', join(out, 'x')], { log: (l) => lines.push(l), error: (l) => lines.push(l) })).toBe(1);
    expect(lines.join('\n')).toMatch(/does not exist/);
  });

  it('reports a missing or corrupt data file as an error, not a crash', () => {
    expect(readBundledIspdb(join(out, 'missing.json')).ok).toBe(false);
    writeFileSync(join(out, 'bad.json'), '{"format":1,');
    const r = readBundledIspdb(join(out, 'bad.json'));
    expect(!r.ok && r.error.fix).toMatch(/build/);
  });
});
