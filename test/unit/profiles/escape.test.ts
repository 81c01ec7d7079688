// The quoting helpers every exporter relies on, checked against the real parser
// where one is at hand (sh for shell words, JSON/TOML strings, XML).
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { headerName, jsString, oneLine, shellQuote, stripControls, tomlString, xmlEscape } from '../../../core/profiles/escape.js';
import { passwordCommand } from '../../../core/profiles/keychain-command.js';
import { parseXml } from './parse-back.js';

const NASTY = [`o'brien$x&y\`z@example.com`, `a "b" \\ c`, "it's", '$(id)', 'plain@example.com', '-n', 'x\ty', '日本語'];

describe('shellQuote', () => {
  it.each(NASTY)('sh reads %j back as one word, unexpanded', (word) => {
    const r = spawnSync('sh', ['-c', `printf '%s' ${shellQuote(word)}`], { encoding: 'utf8' });
    expect(r.stdout).toBe(word);
  });
});

describe('passwordCommand', () => {
  it('names the attributes @napi-rs/keyring writes (service, username) on Linux', () => {
    expect(passwordCommand('linux', 'jane@example.com')).toBe('secret-tool lookup service mailsetup username jane@example.com');
  });
  it('uses the generic-password item on macOS', () => {
    expect(passwordCommand('macos', 'jane@example.com')).toBe('security find-generic-password -s mailsetup -a jane@example.com -w');
    expect(passwordCommand('macos', "o'b@example.com")).toBe(`security find-generic-password -s mailsetup -a 'o'"'"'b@example.com' -w`);
  });
});

describe('text cleaning and string literals', () => {
  it('removes controls, keeps tabs/newlines only where allowed', () => {
    expect(stripControls('a\u0000b\u0007c\r\nd\u007f\u0085e\ufffe')).toBe('abc\nde');
    expect(oneLine(' a\nb\tc\u2028d ')).toBe('a b c d');
  });
  it('TOML/JSON strings escape quotes, backslashes, DEL and line separators', () => {
    const s = 'a"b\\c\u007fd\u2028e\n';
    expect(JSON.parse(tomlString(s))).toBe(stripControls(s));
    expect(tomlString(s)).not.toMatch(/[\u007f\u2028\n]/);
    expect(jsString('x\u2029y')).toBe('"x\\u2029y"');
  });
  it('XML escaping round-trips through a parser', () => {
    const s = `<a href="x">&amp; 'q'</a>`;
    expect((parseXml(`<r>${xmlEscape(s)}</r>`) as { r: string }).r).toBe(s);
  });
  it('header names are plain atoms or RFC 2047 words', () => {
    expect(headerName('Jane Doe')).toBe('Jane Doe');
    expect(headerName('Jöhn; #1')).toBe(`=?UTF-8?B?${Buffer.from('Jöhn; #1').toString('base64')}?=`);
  });
});
