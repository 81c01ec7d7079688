// SMTP inspection without credentials: greeting, EHLO, STARTTLS, EHLO again, and the
// relay test (MAIL FROM + RCPT TO an outside address, then RSET and QUIT; never DATA).
import { RELAY_PROBE_RECIPIENT } from '../../probe/relay-check.js';
import { parseEhlo } from '../../probe/smtp-capabilities.js';
import { quote, tlsFacts, type InjectionFacts, type PortFacts, type RelayFacts } from './facts.js';
import { injectionTest, inspectPort, INJECTION_SAFE } from './inspection.js';
import { SessionError, type Session, type SessionOptions } from './session.js';

const EHLO = 'EHLO mailsetup.invalid';

interface Reply {
  code: number;
  text: string;
}

async function reply(s: Session, what: string): Promise<Reply> {
  const lines: string[] = [];
  for (let i = 0; i < 200; i++) {
    const line = await s.line(what);
    lines.push(line);
    if (!/^\d{3}-/.test(line)) return { code: Number(line.slice(0, 3)) || 0, text: lines.join('\n') };
  }
  throw new SessionError('error', `${what}: reply too long`);
}

async function relayTest(s: Session, domain: string): Promise<RelayFacts> {
  s.write([`MAIL FROM:<postmaster@${domain}>`]);
  const mail = await reply(s, 'MAIL FROM');
  if (mail.code >= 400) return { outcome: 'refused', reply: `MAIL FROM refused: ${quote(mail.text)}` };
  if (mail.code < 200 || mail.code >= 300) return { outcome: 'inconclusive', reply: quote(mail.text) };
  s.write([`RCPT TO:<${RELAY_PROBE_RECIPIENT}>`]);
  const rcpt = await reply(s, 'RCPT TO');
  s.write(['RSET']);
  await reply(s, 'RSET').catch(() => undefined);
  if (rcpt.code >= 200 && rcpt.code < 300) return { outcome: 'accepted', reply: quote(rcpt.text) };
  if (rcpt.code >= 400) return { outcome: 'refused', reply: quote(rcpt.text) };
  return { outcome: 'inconclusive', reply: quote(rcpt.text) };
}

/** The main inspection of one SMTP port (587, 465, 25). */
export function inspectSmtp(opts: SessionOptions, domain: string, withRelay: boolean): Promise<PortFacts> {
  return inspectPort(opts, async (s, facts) => {
    const greet = await reply(s, 'greeting');
    facts.greeting = quote(greet.text);
    facts.answered = greet.code === 220;
    if (!facts.answered) return { ...facts, error: `greeting: ${quote(greet.text)}` };
    s.write([EHLO]);
    const first = parseEhlo((await reply(s, 'EHLO')).text);
    if (opts.implicitTls && s.tlsSocket) {
      facts.tls = tlsFacts(s.tlsSocket, opts.host);
      facts.authAfterTls = first.auth;
    } else {
      facts.authBeforeTls = first.auth;
      facts.starttlsOffered = first.starttls;
      if (first.starttls) {
        s.write(['STARTTLS']);
        const r = await reply(s, 'STARTTLS');
        if (r.code !== 220) {
          facts.tlsError = `STARTTLS refused: ${quote(r.text)}`;
        } else {
          try {
            facts.tls = tlsFacts(await s.upgrade(), opts.host);
          } catch (e) {
            facts.tlsError = (e as Error).message;
            return facts;
          }
          s.write([EHLO]);
          facts.authAfterTls = parseEhlo((await reply(s, 'EHLO after STARTTLS')).text).auth;
        }
      }
    }
    if (withRelay) facts.relay = await relayTest(s, domain);
    s.write(['QUIT']);
    return facts;
  });
}

/**
 * STARTTLS injection (CVE-2011-0411 class): we inject HELP behind STARTTLS, then send NOOP
 * over TLS; a safe server's first reply inside TLS is NOOP's 250.
 */
export function smtpInjection(opts: SessionOptions): Promise<InjectionFacts> {
  return injectionTest(
    opts,
    async (s) => {
      if ((await reply(s, 'greeting')).code !== 220) return { outcome: 'untested', detail: 'no SMTP greeting' };
      s.write([EHLO]);
      if (!parseEhlo((await reply(s, 'EHLO')).text).starttls) return { outcome: 'untested', detail: 'STARTTLS not offered' };
      s.write(['STARTTLS', 'HELP']);
      const r = await reply(s, 'STARTTLS');
      return r.code === 220 ? undefined : { outcome: 'untested', detail: `STARTTLS refused: ${quote(r.text)}` };
    },
    async (s) => {
      s.write(['NOOP']);
      const after = await reply(s, 'NOOP after STARTTLS');
      if (after.code === 250) return INJECTION_SAFE;
      return { outcome: 'vulnerable', detail: `a command sent in plaintext with STARTTLS was answered inside TLS: "${quote(after.text)}"` };
    },
  );
}
