// Small readers for the text formats, so tests can parse an export back and compare
// the settings. Each follows the target tool's own quoting rules (checked against the
// real tools in test/integration/profiles).
import { runInNewContext } from 'node:vm';
import { XMLParser } from 'fast-xml-parser';

/** NeoMutt `set var = "value"` lines → var → unescaped value. */
export function parseMuttrc(text: string): Map<string, string> {
  const vars = new Map<string, string>();
  for (const line of text.split('\n')) {
    if (line.startsWith('#') || line.trim() === '') continue;
    const m = /^set (\w+) = (.*)$/.exec(line);
    if (!m) throw new Error(`not a set line: ${line}`);
    const raw = m[2]!;
    if (raw.startsWith('"')) {
      if (!raw.endsWith('"')) throw new Error(`unterminated: ${line}`);
      const body = raw.slice(1, -1);
      if (/(^|[^\\])(\\\\)*"/.test(body)) throw new Error(`unescaped quote: ${line}`);
      vars.set(m[1]!, body.replace(/\\(.)/g, '$1'));
    } else vars.set(m[1]!, raw);
  }
  return vars;
}

/** INI (aerc): section → key → value. Throws on anything that is not a key line. */
export function parseIni(text: string): Map<string, Map<string, string>> {
  const sections = new Map<string, Map<string, string>>();
  let current: Map<string, string> | undefined;
  for (const line of text.split('\n')) {
    if (line.startsWith('#') || line.trim() === '') continue;
    const sec = /^\[(.+)\]$/.exec(line);
    if (sec) {
      current = new Map();
      sections.set(sec[1]!, current);
      continue;
    }
    const kv = /^([a-z-]+)\s*=\s*(.*)$/.exec(line);
    if (!kv || !current) throw new Error(`not a key line: ${line}`);
    current.set(kv[1]!, kv[2]!);
  }
  return sections;
}

/** msmtp: account → key → value (one pair of enclosing quotes stripped, like msmtp). */
export function parseMsmtprc(text: string): Map<string, Map<string, string>> {
  const accounts = new Map<string, Map<string, string>>();
  let current: Map<string, string> | undefined;
  for (const line of text.split('\n')) {
    if (line.startsWith('#') || line.trim() === '') continue;
    const m = /^(\S+) (.*)$/.exec(line);
    if (!m) throw new Error(`bad line: ${line}`);
    const [, key, rawValue] = m as unknown as [string, string, string];
    const value = rawValue.length >= 2 && rawValue.startsWith('"') && rawValue.endsWith('"') ? rawValue.slice(1, -1) : rawValue;
    if (key === 'account') {
      current = new Map();
      accounts.set(value, current);
    } else if (current) current.set(key, value);
    else throw new Error(`key outside an account: ${line}`);
  }
  return accounts;
}

/** mbsync: list of [keyword, value] with quoted strings unescaped. */
export function parseMbsyncrc(text: string): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const line of text.split('\n')) {
    if (line.startsWith('#') || line.trim() === '') continue;
    const m = /^(\w+) (.*)$/.exec(line);
    if (!m) throw new Error(`bad line: ${line}`);
    const raw = m[2]!;
    out.push([m[1]!, raw.startsWith('"') ? raw.slice(1, -1).replace(/\\(.)/g, '$1') : raw]);
  }
  return out;
}

/** The subset of TOML himalaya exports use: [table] headers and dotted keys with JSON-compatible values. */
export function parseSimpleToml(text: string): Map<string, Map<string, string | number | boolean>> {
  const tables = new Map<string, Map<string, string | number | boolean>>();
  let current: Map<string, string | number | boolean> | undefined;
  for (const line of text.split('\n')) {
    if (line.startsWith('#') || line.trim() === '') continue;
    const t = /^\[accounts\.(".*")\]$/.exec(line);
    if (t) {
      current = new Map();
      tables.set(JSON.parse(t[1]!) as string, current);
      continue;
    }
    const kv = /^([a-z.-]+) = (.*)$/.exec(line);
    if (!kv || !current) throw new Error(`bad line: ${line}`);
    current.set(kv[1]!, JSON.parse(kv[2]!) as string | number | boolean);
  }
  return tables;
}

/** Evaluates a user.js with a stub user_pref, in an empty context. */
export function evalUserJs(text: string): Map<string, string | number | boolean> {
  const prefs = new Map<string, string | number | boolean>();
  runInNewContext(text, {
    user_pref: (k: string, v: string | number | boolean) => {
      if (prefs.has(k)) throw new Error(`duplicate pref ${k}`);
      prefs.set(k, v);
    },
  });
  return prefs;
}

export function parseXml(text: string): Record<string, unknown> {
  return new XMLParser({ ignoreAttributes: false, parseTagValue: false, processEntities: true, trimValues: false }).parse(text, true) as Record<string, unknown>;
}

/** Decodes an RFC 2047 B-encoded UTF-8 word, or returns the text as is. */
export function decodeHeaderName(s: string): string {
  const m = /^=\?UTF-8\?B\?([A-Za-z0-9+/=]*)\?=$/.exec(s);
  return m ? Buffer.from(m[1]!, 'base64').toString('utf8') : s;
}
