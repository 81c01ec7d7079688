// IMAP inspection without credentials: greeting (OK / PREAUTH), CAPABILITY before and
// after STARTTLS, LOGINDISABLED; and the STARTTLS-injection test on its own connection.
import { quote, tlsFacts, type InjectionFacts, type PortFacts } from './facts.js';
import { Session, SessionError, type SessionOptions } from './session.js';

/** Reads until the tagged reply; returns the untagged lines and the tagged one. */
async function tagged(s: Session, tag: string, what: string): Promise<{ untagged: string[]; done: string }> {
  const untagged: string[] = [];
  for (let i = 0; i < 200; i++) {
    const line = await s.line(what);
    if (line.startsWith(`${tag} `)) return { untagged, done: line };
    untagged.push(line);
  }
  throw new SessionError('error', `${what}: reply too long`);
}

function capsOf(lines: string[]): string[] {
  const caps: string[] = [];
  for (const l of lines) {
    const m = /^\* (?:OK \[)?CAPABILITY ([^\]]*)/i.exec(l) ?? /\[CAPABILITY ([^\]]*)\]/i.exec(l);
    if (m?.[1]) caps.push(...m[1].trim().split(/\s+/).map((c) => c.toUpperCase()));
  }
  return caps;
}

const authMechs = (caps: string[]): string[] => caps.filter((c) => c.startsWith('AUTH=')).map((c) => c.slice(5));

export async function inspectImap(opts: SessionOptions): Promise<PortFacts> {
  const facts: PortFacts = { answered: false, authBeforeTls: [] };
  let s: Session;
  try {
    s = await Session.open(opts);
  } catch (e) {
    const err = e as SessionError;
    if (err.kind === 'tls') return { ...facts, answered: true, tlsError: err.message, error: err.message };
    return { ...facts, error: err.message };
  }
  try {
    const greeting = await s.line('greeting');
    facts.greeting = quote(greeting);
    if (!/^\* (OK|PREAUTH)\b/i.test(greeting)) return { ...facts, error: `not an IMAP greeting: ${quote(greeting)}` };
    facts.answered = true;
    facts.preauth = /^\* PREAUTH\b/i.test(greeting);
    s.write(['a1 CAPABILITY']);
    const caps = capsOf((await tagged(s, 'a1', 'CAPABILITY')).untagged);
    if (opts.implicitTls && s.tlsSocket) {
      facts.tls = tlsFacts(s.tlsSocket, opts.host);
      facts.authAfterTls = authMechs(caps);
    } else {
      facts.loginDisabled = caps.includes('LOGINDISABLED');
      facts.authBeforeTls = facts.loginDisabled ? authMechs(caps) : [...new Set(['LOGIN', ...authMechs(caps)])];
      // RFC 3501: STARTTLS is only valid before authentication, so PREAUTH leaves none.
      facts.starttlsOffered = caps.includes('STARTTLS') && !facts.preauth;
      if (facts.starttlsOffered) {
        s.write(['a2 STARTTLS']);
        const r = await tagged(s, 'a2', 'STARTTLS');
        if (!/^a2 OK\b/i.test(r.done)) facts.tlsError = `STARTTLS refused: ${quote(r.done)}`;
        else {
          try {
            facts.tls = tlsFacts(await s.upgrade(), opts.host);
          } catch (e) {
            facts.tlsError = (e as Error).message;
            return facts;
          }
          s.write(['a3 CAPABILITY']);
          facts.authAfterTls = authMechs(capsOf((await tagged(s, 'a3', 'CAPABILITY after STARTTLS')).untagged));
        }
      }
    }
    s.write(['a9 LOGOUT']);
    return facts;
  } catch (e) {
    return { ...facts, error: (e as Error).message };
  } finally {
    s.close();
  }
}

/** STARTTLS with a CAPABILITY pipelined behind it: its answer must never come inside TLS. */
export async function imapInjection(opts: SessionOptions): Promise<InjectionFacts> {
  let s: Session;
  try {
    s = await Session.open(opts);
  } catch (e) {
    return { outcome: 'untested', detail: (e as Error).message };
  }
  try {
    const greeting = await s.line('greeting');
    if (!/^\* OK\b/i.test(greeting)) return { outcome: 'untested', detail: `greeting: ${quote(greeting)}` };
    s.write(['i1 CAPABILITY']);
    if (!capsOf((await tagged(s, 'i1', 'CAPABILITY')).untagged).includes('STARTTLS')) return { outcome: 'untested', detail: 'STARTTLS not offered' };
    s.write(['i2 STARTTLS', 'i3 NOOP']);
    const r = await tagged(s, 'i2', 'STARTTLS');
    if (!/^i2 OK\b/i.test(r.done)) return { outcome: 'untested', detail: `STARTTLS refused: ${quote(r.done)}` };
    try {
      await s.upgrade();
    } catch (e) {
      return { outcome: 'safe', detail: `the server ended the handshake when a command followed STARTTLS (${(e as Error).message})` };
    }
    s.write(['i4 NOOP']);
    const after = await tagged(s, 'i4', 'NOOP after STARTTLS');
    const injected = after.untagged.find((l) => /^i3 /i.test(l));
    if (injected) return { outcome: 'vulnerable', detail: `a command sent in plaintext with STARTTLS was answered inside TLS: "${quote(injected)}"` };
    return { outcome: 'safe', detail: 'the command sent with STARTTLS was discarded; only our own NOOP was answered inside TLS' };
  } catch (e) {
    const err = e as SessionError;
    if (err.kind === 'closed') return { outcome: 'safe', detail: 'the server closed the connection when a command followed STARTTLS' };
    return { outcome: 'untested', detail: err.message };
  } finally {
    s.close();
  }
}
