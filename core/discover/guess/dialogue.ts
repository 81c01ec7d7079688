// Speaks just enough IMAP, POP3 and SMTP to learn what a server offers: greeting,
// CAPABILITY / CAPA / EHLO, and STARTTLS when that is the candidate's security.
// Never sends a user name or password: discovery carries no credentials.
import net, { type LookupFunction, type Socket } from 'node:net';
import tls from 'node:tls';
import type { AuthMethod } from '../../../shared/model.js';
import { namesOfMismatchedCert } from './cert-name.js';
import { LineReader } from './line-reader.js';
import type { ConnectionGate } from '../../net/connection-gate.js';

export interface Candidate {
  protocol: 'imap' | 'pop3' | 'smtp';
  host: string;
  port: number;
  security: 'tls' | 'starttls';
}

export type ProbeResult =
  | { ok: true; auth: AuthMethod[]; greeting: string }
  /** certNames: a trusted certificate for other hosts was presented; these may be tried instead. */
  | { ok: false; reason: string; certNames?: string[] };

export interface ProbeOptions {
  lookup: LookupFunction;
  secureContext: tls.SecureContext | undefined;
  signal: AbortSignal;
  timeoutMs: number;
  /** Per-address connection limit shared with the rest of the command. */
  gate?: ConnectionGate;
}

class Conversation {
  reader: LineReader;
  constructor(public socket: Socket) {
    this.reader = new LineReader(socket);
  }
  send(line: string): void {
    if (/[\r\n]/.test(line)) throw new Error('refusing to send a line break');
    this.socket.write(`${line}\r\n`);
  }
  /** STARTTLS: hand the plain socket to TLS and validate the certificate for `host`. */
  async upgrade(host: string, secureContext: tls.SecureContext | undefined): Promise<void> {
    this.reader.detach();
    const secure = tls.connect({ socket: this.socket, servername: host, secureContext, rejectUnauthorized: true });
    await new Promise<void>((resolve, reject) => {
      secure.once('secureConnect', resolve);
      secure.once('error', reject);
    });
    this.socket = secure;
    this.reader = new LineReader(secure);
  }
}

const MECHANISMS: [RegExp, AuthMethod][] = [
  [/^(PLAIN|LOGIN)$/, 'password-cleartext'],
  [/^(CRAM-MD5|DIGEST-MD5|SCRAM-.*)$/, 'password-encrypted'],
  [/^(XOAUTH2|OAUTHBEARER)$/, 'OAuth2'],
  [/^NTLM$/, 'NTLM'],
  [/^GSSAPI$/, 'GSSAPI'],
];
// Cleartext first: over validated TLS it is what RFC 8314 expects and what works everywhere.
const AUTH_ORDER: AuthMethod[] = ['password-cleartext', 'password-encrypted', 'OAuth2', 'NTLM', 'GSSAPI'];

export function authFromMechanisms(mechs: readonly string[], plainLoginAllowed: boolean): AuthMethod[] {
  const found = new Set<AuthMethod>();
  if (plainLoginAllowed) found.add('password-cleartext');
  for (const m of mechs) {
    const hit = MECHANISMS.find(([re]) => re.test(m.toUpperCase()));
    if (hit) found.add(hit[1]);
  }
  return AUTH_ORDER.filter((a) => found.has(a));
}

async function imap(c: Conversation, cand: Candidate, ca: tls.SecureContext | undefined): Promise<ProbeResult> {
  const greeting = await c.reader.next();
  if (!/^\* (OK|PREAUTH)\b/i.test(greeting)) return { ok: false, reason: `not an IMAP greeting: ${greeting.slice(0, 80)}` };
  let tag = 0;
  const capabilities = async (): Promise<string[]> => {
    const t = `m${++tag}`;
    c.send(`${t} CAPABILITY`);
    const caps: string[] = [];
    for (;;) {
      const line = await c.reader.next();
      if (/^\* CAPABILITY /i.test(line)) caps.push(...line.slice(13).trim().split(/\s+/).map((s) => s.toUpperCase()));
      if (line.startsWith(`${t} `)) return caps;
    }
  };
  let caps = await capabilities();
  if (cand.security === 'starttls') {
    if (!caps.includes('STARTTLS')) return { ok: false, reason: 'STARTTLS not offered' };
    const t = `m${++tag}`;
    c.send(`${t} STARTTLS`);
    const reply = await c.reader.next();
    if (!reply.toUpperCase().startsWith(`${t.toUpperCase()} OK`)) return { ok: false, reason: `STARTTLS refused: ${reply.slice(0, 80)}` };
    await c.upgrade(cand.host, ca);
    caps = await capabilities();
  }
  c.send(`m${++tag} LOGOUT`);
  const mechs = caps.filter((x) => x.startsWith('AUTH=')).map((x) => x.slice(5));
  return { ok: true, greeting, auth: authFromMechanisms(mechs, !caps.includes('LOGINDISABLED')) };
}

async function pop3(c: Conversation, cand: Candidate, ca: tls.SecureContext | undefined): Promise<ProbeResult> {
  const greeting = await c.reader.next();
  if (!greeting.startsWith('+OK')) return { ok: false, reason: `not a POP3 greeting: ${greeting.slice(0, 80)}` };
  const capa = async (): Promise<string[]> => {
    c.send('CAPA');
    const first = await c.reader.next();
    if (!first.startsWith('+OK')) return [];
    const lines: string[] = [];
    for (let line = await c.reader.next(); line !== '.'; line = await c.reader.next()) lines.push(line.toUpperCase());
    return lines;
  };
  let caps = await capa();
  if (cand.security === 'starttls') {
    if (!caps.includes('STLS')) return { ok: false, reason: 'STLS not offered' };
    c.send('STLS');
    const reply = await c.reader.next();
    if (!reply.startsWith('+OK')) return { ok: false, reason: `STLS refused: ${reply.slice(0, 80)}` };
    await c.upgrade(cand.host, ca);
    caps = await capa();
  }
  c.send('QUIT');
  const sasl = caps.find((l) => l.startsWith('SASL '))?.slice(5).trim().split(/\s+/) ?? [];
  return { ok: true, greeting, auth: authFromMechanisms(sasl, caps.includes('USER')) };
}

async function smtpReply(c: Conversation): Promise<{ code: number; lines: string[] }> {
  const lines: string[] = [];
  for (;;) {
    const line = await c.reader.next();
    lines.push(line.slice(4));
    if (!/^\d{3}-/.test(line)) return { code: Number(line.slice(0, 3)), lines };
  }
}

async function smtp(c: Conversation, cand: Candidate, ca: tls.SecureContext | undefined): Promise<ProbeResult> {
  const greet = await smtpReply(c);
  if (greet.code !== 220) return { ok: false, reason: `not an SMTP greeting (${greet.code}): ${(greet.lines[0] ?? '').slice(0, 80)}` };
  const ehlo = async (): Promise<string[]> => {
    c.send('EHLO mailsetup.invalid');
    const r = await smtpReply(c);
    if (r.code !== 250) throw new Error(`EHLO refused (${r.code})`);
    return r.lines.slice(1).map((l) => l.toUpperCase());
  };
  let ext = await ehlo();
  if (cand.security === 'starttls') {
    if (!ext.includes('STARTTLS')) return { ok: false, reason: 'STARTTLS not offered' };
    c.send('STARTTLS');
    const r = await smtpReply(c);
    if (r.code !== 220) return { ok: false, reason: `STARTTLS refused (${r.code})` };
    await c.upgrade(cand.host, ca);
    ext = await ehlo();
  }
  c.send('QUIT');
  const auth = ext.find((l) => l.startsWith('AUTH ') || l.startsWith('AUTH='))?.slice(5).trim().split(/\s+/) ?? [];
  return { ok: true, greeting: greet.lines[0] ?? '', auth: authFromMechanisms(auth, false) };
}

/** Opens the connection; `onSocket` gets the socket at once, so it can be destroyed while the connect is pending. */
function open(cand: Candidate, opts: ProbeOptions, onSocket: (socket: Socket) => void): Promise<Socket> {
  const socket =
    cand.security === 'tls'
      ? tls.connect({ host: cand.host, port: cand.port, servername: cand.host, lookup: opts.lookup, secureContext: opts.secureContext, rejectUnauthorized: true })
      : net.connect({ host: cand.host, port: cand.port, lookup: opts.lookup });
  onSocket(socket);
  return new Promise<Socket>((resolve, reject) => {
    socket.once(cand.security === 'tls' ? 'secureConnect' : 'connect', () => resolve(socket));
    socket.once('error', reject);
    // Destroyed by us before it connected: settle, so nothing waits on it.
    socket.once('close', () => reject(new Error('cancelled')));
  });
}

/** With a gate: resolves the host, then waits for a slot of its address; the socket frees it when closed. */
async function connect(cand: Candidate, opts: ProbeOptions, onSocket: (socket: Socket) => void): Promise<Socket> {
  if (!opts.gate) return open(cand, opts, onSocket);
  const address = await new Promise<string>((resolve, reject) =>
    opts.lookup(cand.host, {}, (err, a) => (err ? reject(err) : resolve(typeof a === 'string' ? a : (a[0]?.address ?? '')))),
  );
  const release = await opts.gate.acquire(address, opts.signal);
  const family = net.isIP(address);
  // net.connect asks for every address (`all`) when it may race IPv4 and IPv6.
  const pinned = ((_h: string, o: { all?: boolean }, cb: (e: null, a: string | { address: string; family: number }[], f?: number) => void) =>
    o.all ? cb(null, [{ address, family }]) : cb(null, address, family)) as unknown as LookupFunction;
  try {
    return await open(cand, { ...opts, lookup: pinned }, (socket) => {
      socket.once('close', release);
      onSocket(socket);
    });
  } catch (e) {
    release();
    throw e;
  }
}

/** Probes one candidate within the timeout; the socket is always destroyed afterwards, even mid-connect. */
export async function probe(cand: Candidate, opts: ProbeOptions): Promise<ProbeResult> {
  let conv: Conversation | undefined;
  let socket: Socket | undefined;
  let finished = false;
  let timer: NodeJS.Timeout | undefined;
  let onAbort: () => void = () => undefined;
  const stop = new Promise<ProbeResult>((resolve) => {
    timer = setTimeout(() => resolve({ ok: false, reason: `no answer within ${opts.timeoutMs} ms` }), opts.timeoutMs);
    onAbort = () => resolve({ ok: false, reason: 'cancelled' });
    if (opts.signal.aborted) onAbort();
    opts.signal.addEventListener('abort', onAbort, { once: true });
  });
  const talk = (async (): Promise<ProbeResult> => {
    const ready = connect(cand, opts, (s) => {
      socket = s;
      // A slot granted after we gave up: close the late connection at once.
      if (finished) s.destroy();
    });
    conv = new Conversation(await ready);
    if (cand.protocol === 'imap') return imap(conv, cand, opts.secureContext);
    if (cand.protocol === 'pop3') return pop3(conv, cand, opts.secureContext);
    return smtp(conv, cand, opts.secureContext);
  })().catch((e: unknown): ProbeResult => {
    const certNames = namesOfMismatchedCert(e, cand.host);
    return certNames.length ? { ok: false, reason: describe(e), certNames } : { ok: false, reason: describe(e) };
  });
  try {
    return await Promise.race([talk, stop]);
  } finally {
    finished = true;
    clearTimeout(timer);
    opts.signal.removeEventListener('abort', onAbort);
    // The STARTTLS socket wraps the plain one: destroy both.
    conv?.socket.destroy();
    socket?.destroy();
  }
}

function describe(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  const code = err?.code ?? '';
  if (code === 'ENOTFOUND') return 'no such host';
  if (code === 'ECONNREFUSED') return 'connection refused';
  if (/CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ALTNAME/.test(code)) return `certificate not valid (${code})`;
  return err instanceof Error ? err.message : String(e);
}
