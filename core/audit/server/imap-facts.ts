// IMAP inspection without credentials: greeting (OK / PREAUTH), CAPABILITY before and
// after STARTTLS, LOGINDISABLED; and the STARTTLS-injection test on its own connection.
import { quote, tlsFacts, type InjectionFacts, type PortFacts } from './facts.js';
import { injectionTest, inspectPort, INJECTION_SAFE } from './inspection.js';
import { SessionError, type Session, type SessionOptions } from './session.js';

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

export function inspectImap(opts: SessionOptions): Promise<PortFacts> {
  return inspectPort(opts, async (s, facts) => {
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
  });
}

/** STARTTLS with a NOOP pipelined behind it: its answer must never come inside TLS. */
export function imapInjection(opts: SessionOptions): Promise<InjectionFacts> {
  return injectionTest(
    opts,
    async (s) => {
      const greeting = await s.line('greeting');
      if (!/^\* OK\b/i.test(greeting)) return { outcome: 'untested', detail: `greeting: ${quote(greeting)}` };
      s.write(['i1 CAPABILITY']);
      if (!capsOf((await tagged(s, 'i1', 'CAPABILITY')).untagged).includes('STARTTLS')) return { outcome: 'untested', detail: 'STARTTLS not offered' };
      s.write(['i2 STARTTLS', 'i3 NOOP']);
      const r = await tagged(s, 'i2', 'STARTTLS');
      return /^i2 OK\b/i.test(r.done) ? undefined : { outcome: 'untested', detail: `STARTTLS refused: ${quote(r.done)}` };
    },
    async (s) => {
      s.write(['i4 NOOP']);
      const injected = (await tagged(s, 'i4', 'NOOP after STARTTLS')).untagged.find((l) => /^i3 /i.test(l));
      if (injected) return { outcome: 'vulnerable', detail: `a command sent in plaintext with STARTTLS was answered inside TLS: "${quote(injected)}"` };
      return INJECTION_SAFE;
    },
  );
}
