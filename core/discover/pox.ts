// Microsoft Autodiscover "POX" (plain old XML): the request we POST and a safe reader
// for the answer (settings, redirectAddr or redirectUrl). No DTDs, no entities.
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { AuthMethod, IncomingServer, OutgoingServer, Security } from '../../shared/model.js';

const REQUEST_NS = 'http://schemas.microsoft.com/exchange/autodiscover/outlook/requestschema/2006';
const RESPONSE_SCHEMA = 'http://schemas.microsoft.com/exchange/autodiscover/outlook/responseschema/2006a';

function escapeXml(s: string): string {
  return s.replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c] ?? c);
}

export function poxRequestBody(email: string): string {
  return (
    '<?xml version="1.0" encoding="utf-8"?>\n' +
    `<Autodiscover xmlns="${REQUEST_NS}">\n` +
    '  <Request>\n' +
    `    <EMailAddress>${escapeXml(email)}</EMailAddress>\n` +
    `    <AcceptableResponseSchema>${RESPONSE_SCHEMA}</AcceptableResponseSchema>\n` +
    '  </Request>\n' +
    '</Autodiscover>\n'
  );
}

export type PoxAnswer =
  | { kind: 'settings'; incoming: IncomingServer[]; outgoing: OutgoingServer[] }
  | { kind: 'redirectAddr'; address: string }
  | { kind: 'redirectUrl'; url: string }
  | { kind: 'error'; message: string };

type Node = Record<string, unknown>;

const parser = new XMLParser({
  ignoreAttributes: true,
  removeNSPrefix: true,
  processEntities: false,
  parseTagValue: false,
  trimValues: true,
  isArray: (name) => name === 'Protocol' || name === 'Account',
});

function str(v: unknown): string {
  return typeof v === 'string' ? v.trim() : typeof v === 'number' ? String(v) : '';
}

/** SSL on + Encryption: Thunderbird's reading (ports 143/110/25/587 mean STARTTLS). */
export function poxSecurity(p: Node, port: number): Security {
  const enc = str(p.Encryption).toLowerCase();
  if (enc === 'none') return 'none';
  if (enc === 'ssl') return 'tls';
  if (enc === 'tls') return 'starttls';
  if (enc !== 'auto' && str(p.SSL).toLowerCase() === 'off') return 'none';
  return [143, 110, 25, 587].includes(port) ? 'starttls' : 'tls';
}

function readProtocol(p: Node, email: string): { type: string; server: Omit<IncomingServer, 'protocol'> } | null {
  const type = str(p.Type).toUpperCase();
  const host = str(p.Server).toLowerCase();
  const port = Number(str(p.Port));
  if (!host || !/^[a-z0-9.-]+$/.test(host) || !Number.isInteger(port) || port < 1 || port > 65535) return null;
  const auth: AuthMethod[] = str(p.SPA).toLowerCase() === 'on' ? ['NTLM'] : ['password-cleartext'];
  const login = str(p.LoginName);
  const username = login && !/[\r\n]/.test(login) ? login : email;
  return { type, server: { host, port, security: poxSecurity(p, port), username, auth } };
}

export function parsePox(xml: string, email: string): PoxAnswer {
  if (xml.length > 1024 * 1024) return { kind: 'error', message: 'answer larger than 1 MiB' };
  const decl = /<!\s*(DOCTYPE|ENTITY|ELEMENT|ATTLIST|NOTATION)\b/i.exec(xml);
  if (decl) return { kind: 'error', message: `answer contains a <!${(decl[1] ?? '').toUpperCase()}> declaration; DTDs and entities are refused` };
  const valid = XMLValidator.validate(xml);
  if (valid !== true) return { kind: 'error', message: `answer is not well-formed XML (line ${valid.err.line}): ${valid.err.msg}` };
  let tree: Node;
  try {
    tree = parser.parse(xml) as Node;
  } catch (e) {
    return { kind: 'error', message: `answer could not be read: ${e instanceof Error ? e.message : String(e)}` };
  }
  const response = (tree.Autodiscover as Node | undefined)?.Response as Node | undefined;
  if (!response) return { kind: 'error', message: 'not an Autodiscover answer' };
  const err = response.Error as Node | undefined;
  const account = (response.Account as Node[] | undefined)?.[0];
  if (!account) return { kind: 'error', message: err ? `server error ${str(err.ErrorCode)}: ${str(err.Message)}` : 'no Account element' };
  const action = str(account.Action);
  if (action === 'redirectAddr') return { kind: 'redirectAddr', address: str(account.RedirectAddr) };
  if (action === 'redirectUrl') return { kind: 'redirectUrl', url: str(account.RedirectUrl) };
  const incoming: IncomingServer[] = [];
  const outgoing: OutgoingServer[] = [];
  for (const p of (account.Protocol as Node[] | undefined) ?? []) {
    const read = readProtocol(p, email);
    if (!read) continue;
    if (read.type === 'IMAP') incoming.push({ protocol: 'imap', ...read.server });
    else if (read.type === 'POP3') incoming.push({ protocol: 'pop3', ...read.server });
    else if (read.type === 'SMTP') outgoing.push({ protocol: 'smtp', ...read.server });
  }
  if (incoming.length + outgoing.length === 0) return { kind: 'error', message: 'no IMAP, POP3 or SMTP settings in the answer' };
  return { kind: 'settings', incoming, outgoing };
}
