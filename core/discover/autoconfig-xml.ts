// Safe reader for Mail Autoconfig documents (config-v1.1.xml, clientConfig 1.1/1.2).
// The input is untrusted (any web server, any DNS answer can hand us one), so the
// document is size-capped, DTDs and entity declarations are refused outright (XXE,
// billion laughs), and each server section is validated on its own: a bad section is
// skipped with a reason, never fatal, the way the IETF draft asks.
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { toAsciiDomain, type ParsedEmail } from '../../shared/email.js';
import { fail, ok, type Result } from '../../shared/errors.js';
import type {
  AuthMethod,
  IncomingServer,
  OutgoingServer,
  Protocol,
  Security,
  ServerSettings,
} from '../../shared/model.js';

/** Largest document we read (bytes of UTF-8). Real files are a few kB. */
export const MAX_AUTOCONFIG_BYTES = 1024 * 1024;

export interface ParsedAutoconfig {
  providerId?: string;
  displayName?: string;
  /** Address domains the file says it serves, ASCII lower-case, deduplicated. */
  domains: string[];
  incoming: IncomingServer[];
  outgoing: OutgoingServer[];
  /** Why sections were left out ("incomingServer #3 (ews): unsupported type"), for status details. */
  skipped?: string[];
}

/**
 * The same shape with placeholders (%EMAILADDRESS% …) still in host and username, so
 * one parsed file serves every address of its domains (the bundled ISPDB stores this).
 */
export type AutoconfigTemplate = ParsedAutoconfig & { skipped: string[] };

/** Parse a document and fill its placeholders for one address. */
export function parseAutoconfigXml(xml: string, email: ParsedEmail): Result<ParsedAutoconfig> {
  const template = parseAutoconfigTemplate(xml);
  if (!template.ok) return template;
  return ok(fillAutoconfigTemplate(template.value, email));
}

/** Parse and validate a document, leaving placeholders in place. */
export function parseAutoconfigTemplate(xml: string): Result<AutoconfigTemplate> {
  const safe = checkDocumentSafety(xml);
  if (!safe.ok) return safe;
  const tree = parseTree(safe.value);
  if (!tree.ok) return tree;
  return readClientConfig(tree.value);
}

/** Fill placeholders for one address; sections whose filled host is invalid are skipped. */
export function fillAutoconfigTemplate(template: ParsedAutoconfig, email: ParsedEmail): ParsedAutoconfig {
  const skipped = [...(template.skipped ?? [])];
  const fillAll = <P extends Protocol>(list: ServerSettings<P>[], kind: string): ServerSettings<P>[] => {
    const out: ServerSettings<P>[] = [];
    list.forEach((server, i) => {
      const filled = fillServer(server, email);
      if (typeof filled === 'string') skipped.push(`${kind} #${i + 1}: ${filled}`);
      else out.push(filled);
    });
    return out;
  };
  const result: ParsedAutoconfig = {
    domains: [...template.domains],
    incoming: fillAll(template.incoming, 'incomingServer'),
    outgoing: fillAll(template.outgoing, 'outgoingServer'),
  };
  if (template.providerId !== undefined) result.providerId = template.providerId;
  // Thunderbird fills placeholders in the display name too (ISPDB names like "%EMAILDOMAIN%").
  if (template.displayName !== undefined) result.displayName = fillPlaceholders(template.displayName, email);
  if (skipped.length > 0) result.skipped = skipped;
  return result;
}

// ---------------------------------------------------------------------------
// Document-level checks

function checkDocumentSafety(xml: string): Result<string> {
  if (typeof xml !== 'string') return fail('BAD_INPUT', 'The autoconfig document is not text.');
  // Cheap length test first so a 100 MB string is refused without walking it.
  if (xml.length > MAX_AUTOCONFIG_BYTES || Buffer.byteLength(xml, 'utf8') > MAX_AUTOCONFIG_BYTES) {
    return fail('BAD_INPUT', `The autoconfig document is larger than ${MAX_AUTOCONFIG_BYTES / 1024} kB; refusing to read it.`);
  }
  const text = xml.replace(/^\uFEFF/, '');
  // Autoconfig never needs a DTD; refusing any declaration closes XXE and entity expansion
  // whatever the XML library would do with them.
  const decl = /<!\s*(DOCTYPE|ENTITY|ELEMENT|ATTLIST|NOTATION)\b/i.exec(text);
  if (decl) {
    return fail('BAD_INPUT', `The autoconfig document contains a <!${decl[1]!.toUpperCase()}> declaration; DTDs and entities are refused (XXE / entity expansion protection).`);
  }
  if (text.trim() === '') return fail('BAD_INPUT', 'The autoconfig document is empty.');
  return ok(text);
}

type XmlNode = Record<string, unknown>;

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  textNodeName: '#text',
  alwaysCreateTextNode: true,
  // Every element as an array: repeated elements (domain, socketType, authentication) and
  // single ones are read the same way.
  isArray: (_name, _jpath, _leaf, isAttribute) => !isAttribute,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  processEntities: false,
  htmlEntities: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  maxNestedTags: 32,
});

function parseTree(text: string): Result<XmlNode> {
  const valid = XMLValidator.validate(text);
  if (valid !== true) {
    const { msg, line, col } = valid.err;
    return fail('BAD_INPUT', `The autoconfig document is not well-formed XML (line ${line}, column ${col}): ${msg.replace(/\s+/g, ' ')}`);
  }
  try {
    return ok(parser.parse(text) as XmlNode);
  } catch (e) {
    return fail('BAD_INPUT', `The autoconfig document could not be read as XML: ${e instanceof Error ? e.message : String(e)}`);
  }
}

function readClientConfig(doc: XmlNode): Result<AutoconfigTemplate> {
  const root = first(doc, 'clientConfig');
  if (!root) return fail('BAD_INPUT', 'The document is not an autoconfig file: its root element is not <clientConfig>.');
  // The draft says a client must not reject a file for its version, so 1.1, 1.2 and later all pass.
  const provider = first(root, 'emailProvider');
  if (!provider) return fail('BAD_INPUT', 'The autoconfig document has no <emailProvider> element.');

  const skipped: string[] = [];
  const domains: string[] = [];
  for (const d of children(provider, 'domain')) {
    const ascii = toAsciiDomain(decodeXmlText(text(d)));
    if (ascii === null) skipped.push(`domain "${clip(text(d))}": not a valid domain name`);
    else if (!domains.includes(ascii)) domains.push(ascii);
  }

  const incoming: IncomingServer[] = [];
  children(provider, 'incomingServer').forEach((node, i) => {
    const type = attr(node, 'type').toLowerCase();
    if (type !== 'imap' && type !== 'pop3') {
      skipped.push(`incomingServer #${i + 1} (${clip(type) || 'no type'}): unsupported type`);
      return;
    }
    const server = readServer(node, type);
    if (typeof server === 'string') skipped.push(`incomingServer #${i + 1} (${type}): ${server}`);
    else incoming.push(server);
  });

  const outgoing: OutgoingServer[] = [];
  children(provider, 'outgoingServer').forEach((node, i) => {
    const type = attr(node, 'type').toLowerCase();
    if (type !== 'smtp') {
      skipped.push(`outgoingServer #${i + 1} (${clip(type) || 'no type'}): unsupported type`);
      return;
    }
    const server = readServer(node, 'smtp');
    if (typeof server === 'string') skipped.push(`outgoingServer #${i + 1} (smtp): ${server}`);
    else outgoing.push(server);
  });

  const result: AutoconfigTemplate = { domains, incoming, outgoing, skipped };
  const id = decodeXmlText(attr(provider, 'id')).trim();
  if (id !== '') result.providerId = clip(id, 255);
  const name = cleanLabel(decodeXmlText(text(first(provider, 'displayName'))));
  if (name !== '') result.displayName = name;
  return ok(result);
}

// ---------------------------------------------------------------------------
// Server sections

const SOCKET_TYPES: Record<string, Security> = { ssl: 'tls', starttls: 'starttls', plain: 'none' };

const AUTH_VALUES: Record<string, AuthMethod> = {
  'password-cleartext': 'password-cleartext',
  plain: 'password-cleartext', // legacy alias
  'password-encrypted': 'password-encrypted',
  secure: 'password-encrypted', // legacy alias
  oauth2: 'OAuth2',
  ntlm: 'NTLM',
  gssapi: 'GSSAPI',
  'tls-client-cert': 'TLS-client-cert',
  'client-ip-address': 'client-IP-address',
  'smtp-after-pop': 'smtp-after-pop',
  none: 'none',
};

// The draft's system="sasl" names a SASL mechanism; fold it into the generic vocabulary.
function saslToAuth(mech: string): AuthMethod | undefined {
  const m = mech.toUpperCase();
  if (m === 'PLAIN' || m === 'LOGIN') return 'password-cleartext';
  if (m === 'CRAM-MD5' || m === 'DIGEST-MD5' || m.startsWith('SCRAM-')) return 'password-encrypted';
  if (m === 'XOAUTH2' || m === 'OAUTHBEARER') return 'OAuth2';
  if (m === 'GSSAPI') return 'GSSAPI';
  if (m === 'NTLM') return 'NTLM';
  if (m === 'EXTERNAL') return 'TLS-client-cert';
  return undefined;
}

function readServer<P extends Protocol>(node: XmlNode, protocol: P): ServerSettings<P> | string {
  const hostNode = first(node, 'hostname');
  const portNode = first(node, 'port');
  if (!hostNode) return 'no <hostname>';
  if (!portNode) return 'no <port>';

  // Several socketType elements may appear; the first one we support wins.
  let security: Security | undefined;
  for (const s of children(node, 'socketType')) {
    security = SOCKET_TYPES[decodeXmlText(text(s)).trim().toLowerCase()];
    if (security) break;
  }
  if (!security) return 'no supported <socketType> (SSL, STARTTLS or plain)';

  const auth: AuthMethod[] = [];
  for (const a of children(node, 'authentication')) {
    const value = decodeXmlText(text(a)).trim();
    const system = attr(a, 'system').toLowerCase();
    const method = system === 'sasl' ? saslToAuth(value) : system === '' ? AUTH_VALUES[value.toLowerCase()] : undefined;
    if (method && !auth.includes(method)) auth.push(method);
  }
  if (auth.length === 0) return 'no supported <authentication>';

  const usernameNode = first(node, 'username');
  // No <username>: the address itself is the usual login (and what Thunderbird offers).
  const username = usernameNode ? decodeXmlText(text(usernameNode)).trim() : '%EMAILADDRESS%';
  const portText = decodeXmlText(text(portNode)).trim();
  if (!/^\d{1,5}$/.test(portText)) return `port "${clip(portText)}" is not a number between 1 and 65535`;
  const port = Number(portText);

  const server: ServerSettings<P> = {
    protocol,
    host: decodeXmlText(text(hostNode)).trim(),
    port,
    security,
    username,
    auth,
  };
  return validateServerTemplate(server) ?? server;
}

const SAMPLE_EMAIL: ParsedEmail = { email: 'user@example.com', localPart: 'user', domain: 'example.com' };
const PLACEHOLDER = /%(EMAILADDRESS|EMAILLOCALPART|EMAILDOMAIN)%/g;
const PROTOCOLS: readonly Protocol[] = ['imap', 'pop3', 'smtp'];
const SECURITIES: readonly Security[] = ['tls', 'starttls', 'none'];
const AUTH_METHODS = new Set<string>(Object.values(AUTH_VALUES));

/**
 * Checks one server entry whose host/username may still hold placeholders. Returns why
 * it is unusable, or null when it is fine. Used by the XML reader and again when the
 * bundled ISPDB is loaded, so data that was edited by hand cannot slip past.
 */
export function validateServerTemplate(s: unknown): string | null {
  if (typeof s !== 'object' || s === null) return 'not an object';
  const v = s as Record<string, unknown>;
  if (!PROTOCOLS.includes(v.protocol as Protocol)) return `unknown protocol ${clip(String(v.protocol))}`;
  if (typeof v.port !== 'number' || !Number.isInteger(v.port) || v.port < 1 || v.port > 65535) {
    return `port ${clip(String(v.port))} is not between 1 and 65535`;
  }
  if (!SECURITIES.includes(v.security as Security)) return `unknown security ${clip(String(v.security))}`;
  if (!Array.isArray(v.auth) || v.auth.length === 0 || !v.auth.every((a) => AUTH_METHODS.has(a as string))) {
    return 'no supported authentication';
  }
  if (typeof v.host !== 'string' || v.host === '') return 'empty <hostname>';
  if (typeof v.username !== 'string') return 'username is not text';
  for (const [field, value] of [['hostname', v.host], ['username', v.username]] as const) {
    const bad = placeholderProblem(value);
    if (bad) return `${field} "${clip(value)}": ${bad}`;
  }
  if (/[\u0000-\u001f\u007f]/.test(v.username) || v.username.length > 320) {
    return `username "${clip(v.username)}" contains control characters or is too long`;
  }
  if (validHost(fillPlaceholders(v.host, SAMPLE_EMAIL)) === null) return `hostname "${clip(v.host)}" is not a valid host name`;
  return null;
}

/** Any % left after removing the known placeholders is a broken one (e.g. "%EMAILADDRESS"). */
function placeholderProblem(value: string): string | null {
  return value.replace(PLACEHOLDER, '').includes('%') ? 'malformed or unknown placeholder' : null;
}

export function fillPlaceholders(value: string, email: ParsedEmail): string {
  // One pass with a callback, so a "%" inside the address is never expanded again.
  return value.replace(PLACEHOLDER, (_m, name: string) =>
    name === 'EMAILADDRESS' ? email.email : name === 'EMAILLOCALPART' ? email.localPart : email.domain,
  );
}

const PLAIN_HOST = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/** ASCII lower-case host name, or null when it is not one (spaces, CR/LF, IP literals, junk). */
export function validHost(host: string): string | null {
  // Fast path for the usual already-ASCII name; the URL-based IDN conversion costs ~5 µs a call.
  if (PLAIN_HOST.test(host)) return host;
  if (/[\s\u0000-\u001f\u007f]/.test(host)) return null;
  return toAsciiDomain(host);
}

function fillServer<P extends Protocol>(server: ServerSettings<P>, email: ParsedEmail): ServerSettings<P> | string {
  const problem = validateServerTemplate(server);
  if (problem) return problem;
  const host = validHost(fillPlaceholders(server.host, email));
  if (host === null) return `hostname "${clip(server.host)}" is not a valid host name for ${email.domain}`;
  return { ...server, host, username: fillPlaceholders(server.username, email), auth: [...server.auth] };
}

// ---------------------------------------------------------------------------
// Tree helpers (every element is an array of nodes, see parser options)

function children(node: XmlNode | undefined, name: string): XmlNode[] {
  const v = node?.[name];
  return Array.isArray(v) ? (v.filter((x) => typeof x === 'object' && x !== null) as XmlNode[]) : [];
}

function first(node: XmlNode | undefined, name: string): XmlNode | undefined {
  return children(node, name)[0];
}

function text(node: XmlNode | undefined): string {
  const t = node?.['#text'];
  return typeof t === 'string' ? t : typeof t === 'number' ? String(t) : '';
}

function attr(node: XmlNode, name: string): string {
  const v = node[`@_${name}`];
  return typeof v === 'string' ? v : '';
}

const NAMED_ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** Entity processing is off in the parser; decode just XML's five names and character references. */
function decodeXmlText(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(/&(#x[0-9a-fA-F]{1,6}|#[0-9]{1,7}|lt|gt|amp|quot|apos);/g, (m, ref: string) => {
    if (ref.startsWith('#')) {
      const code = ref[1] === 'x' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : m;
    }
    return NAMED_ENTITIES[ref] ?? m;
  });
}

function cleanLabel(s: string): string {
  return clip(s.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim(), 200);
}

function clip(s: string, max = 60): string {
  const visible = s.replace(/[\u0000-\u001f\u007f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
  return visible.length > max ? `${visible.slice(0, max)}…` : visible;
}
