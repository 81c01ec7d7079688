// Relay safety of a submission port: without logging in, MAIL FROM + RCPT TO an
// outside address must be refused. DATA is never sent; the transaction is reset.
import type { SMTPConnectionCustomAuthContext, SMTPConnectionCustomAuthResponse } from 'nodemailer/lib/smtp-connection';
import type { RelayReport } from '../../shared/probe.js';

/** A reserved outside domain (RFC 2606): nothing is ever delivered there. */
export const RELAY_PROBE_RECIPIENT = 'mailsetup-relay-check@example.com';

/** Name under which the check runs as a nodemailer "custom auth" handler: the one public way to send raw commands. */
export const RELAY_CHECK_METHOD = 'X-MAILSETUP-RELAY-CHECK';

export interface RelayCheckIo {
  /** Called with each command as it is sent (for the transcript). */
  sent(command: string): void;
  pipelining: boolean;
}

export function interpretRelay(mail: SMTPConnectionCustomAuthResponse, rcpt: SMTPConnectionCustomAuthResponse | undefined): RelayReport {
  if (mail.status >= 400) return { checked: true, open: false, response: mail.response.trim() };
  if (!rcpt || rcpt.status === 0) return { checked: false, open: false, response: (rcpt ?? mail).response.trim() };
  if (rcpt.status >= 200 && rcpt.status < 300) return { checked: true, open: true, response: rcpt.response.trim() };
  return { checked: true, open: false, response: rcpt.response.trim() };
}

/**
 * Builds the handler; `done` receives the verdict. MAIL, RCPT and RSET go out in one
 * write when the server offers PIPELINING (one round trip instead of three).
 */
export function relayCheckHandler(from: string, io: RelayCheckIo, done: (r: RelayReport) => void) {
  return async (ctx: SMTPConnectionCustomAuthContext): Promise<void> => {
    const send = (cmd: string): Promise<SMTPConnectionCustomAuthResponse> => {
      io.sent(cmd);
      return ctx.sendCommand(cmd);
    };
    const mailCmd = `MAIL FROM:<${from}>`;
    const rcptCmd = `RCPT TO:<${RELAY_PROBE_RECIPIENT}>`;
    if (io.pipelining) {
      const [mail, rcpt] = await Promise.all([send(mailCmd), send(rcptCmd), send('RSET')]);
      done(interpretRelay(mail, rcpt));
    } else {
      const mail = await send(mailCmd);
      const rcpt = mail.status < 400 ? await send(rcptCmd) : undefined;
      done(interpretRelay(mail, rcpt));
      await send('RSET');
    }
  };
}
