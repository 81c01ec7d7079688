// The frame every inspection shares: open a session (gate, connect), run the dialogue,
// turn a broken session into facts instead of an exception, always close.
import type { InjectionFacts, PortFacts } from './facts.js';
import { Session, SessionError, type SessionOptions } from './session.js';

/** The main inspection of a port: a connection that never opens is a closed port (or a failed TLS handshake). */
export async function inspectPort(opts: SessionOptions, dialogue: (s: Session, facts: PortFacts) => Promise<PortFacts>): Promise<PortFacts> {
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
    return await dialogue(s, facts);
  } catch (e) {
    return { ...facts, error: (e as Error).message };
  } finally {
    s.close();
  }
}

/**
 * The STARTTLS-injection test on a connection of its own: `plaintext` greets and sends
 * STARTTLS with a command pipelined behind it (undefined: go on; facts: stop there), then
 * `insideTls` looks for an answer to that command. A server that drops the connection or
 * the handshake rather than carry the command into TLS is safe.
 */
export async function injectionTest(
  opts: SessionOptions,
  plaintext: (s: Session) => Promise<InjectionFacts | undefined>,
  insideTls: (s: Session) => Promise<InjectionFacts>,
): Promise<InjectionFacts> {
  let s: Session;
  try {
    s = await Session.open(opts);
  } catch (e) {
    return { outcome: 'untested', detail: (e as Error).message };
  }
  try {
    const stop = await plaintext(s);
    if (stop) return stop;
    try {
      await s.upgrade();
    } catch (e) {
      return { outcome: 'safe', detail: `the server ended the handshake when a command followed STARTTLS (${(e as Error).message})` };
    }
    return await insideTls(s);
  } catch (e) {
    const err = e as SessionError;
    if (err.kind === 'closed') return { outcome: 'safe', detail: 'the server closed the connection when a command followed STARTTLS' };
    return { outcome: 'untested', detail: err.message };
  } finally {
    s.close();
  }
}

export const INJECTION_SAFE: InjectionFacts = { outcome: 'safe', detail: 'the command sent with STARTTLS was discarded; only our own command was answered inside TLS' };
