// SMTP submission test with nodemailer's connection layer: connect (implicit TLS, or
// STARTTLS that must succeed), EHLO before/after TLS, certificate gate, relay check,
// AUTH with the best shared mechanism. No message is ever sent.
import tls from 'node:tls';
import SMTPConnection from 'nodemailer/lib/smtp-connection';
import type { AuthReport, Diagnosis, RelayReport, ServerTestReport, TlsReport } from '../../shared/probe.js';
import type { DiagnosisFacts } from '../../shared/diagnosis.js';
import { serverName, StepRecorder, withTimeout, type ProbeContext, type ServerInput } from './context.js';
import { classifyConnectionError, makeDiagnosis, tlsDiagnoses, type Classified, type LibError } from './diagnose.js';
import { Transcript } from './redact.js';
import { resolveStep } from './resolve-step.js';
import { relayCheckHandler, RELAY_CHECK_METHOD } from './relay-check.js';
import { chooseMechanism, parseEhlo, type EhloFacts } from './smtp-capabilities.js';
import { inspectTls } from './tls-inspect.js';

/** The EHLO name we announce: no local host name leaks to the server. */
const EHLO_NAME = 'mailsetup.invalid';

interface Wire {
  transcript: Transcript;
  ehloBeforeTls?: string;
  ehloAfterTls?: string;
  startTlsSent: boolean;
  tlsHandshakes: number;
}

/** A bunyan-style logger that feeds nodemailer's transaction log into our transcript. */
function wireLogger(w: Wire): Record<'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal', (entry: { tnx?: string }, msg?: unknown) => void> {
  let lastCommand = '';
  const log = (entry: { tnx?: string }, msg?: unknown): void => {
    const text = typeof msg === 'string' ? msg : '';
    if (entry.tnx === 'client') {
      // Commands sent by the relay check appear here masked; the check records them itself.
      if (text === '/* secret */') return;
      lastCommand = text;
      if (/^STARTTLS/i.test(text)) w.startTlsSent = true;
      w.transcript.client(text);
    } else if (entry.tnx === 'server') {
      w.transcript.server(text);
      if (/^EHLO /i.test(lastCommand)) {
        if (w.startTlsSent) w.ehloAfterTls = text;
        else w.ehloBeforeTls = text;
      }
    }
  };
  const ignore = (): void => undefined;
  return { trace: ignore, debug: log, info: ignore, warn: ignore, error: ignore, fatal: ignore };
}

export async function testSmtp(input: ServerInput, ctx: ProbeContext): Promise<ServerTestReport> {
  const { spec } = input;
  const rec = new StepRecorder('smtp', ctx.onStep);
  const w: Wire = { transcript: new Transcript(ctx.redactor, () => rec.elapsed()), startTlsSent: false, tlsHandshakes: 0 };
  const facts: DiagnosisFacts = { protocol: 'smtp', host: spec.host, port: spec.port, emailDomain: input.email.split('@')[1] };
  const diagnosis: Diagnosis[] = [];
  const auth: AuthReport = { offeredBeforeTls: [], offeredAfterTls: [], ok: false, attempted: false };
  let tlsReport: TlsReport | undefined;
  let relay: RelayReport | undefined;
  let capabilities: string[] | undefined;
  let quitSent = false;
  const finish = (ok: boolean): ServerTestReport => ({
    protocol: 'smtp', host: spec.host, port: spec.port, security: spec.security, ok,
    steps: rec.steps, ...(tlsReport ? { tls: tlsReport } : {}), auth, diagnosis, transcript: w.transcript.render(),
    ...(capabilities ? { capabilities } : {}), ...(relay ? { relay } : {}),
    // TCP + TLS handshakes + every wait for a reply; the final QUIT is not waited for.
    roundTrips: 1 + w.tlsHandshakes + w.transcript.turns - (quitSent ? 1 : 0),
  });
  const red = (s: string | undefined): string | undefined => (s ? ctx.redactor.text(s) : undefined);

  // 1. resolve
  const address = await resolveStep(spec, ctx, rec, facts, diagnosis);
  if (address === null) return finish(false);

  // 2. connect: TCP, greeting, EHLO, STARTTLS (required, never skipped), EHLO again
  const servername = serverName(spec.host);
  let relayResult: RelayReport | undefined;
  const conn = new SMTPConnection({
    host: address,
    port: spec.port,
    secure: spec.security === 'tls',
    requireTLS: spec.security === 'starttls',
    ignoreTLS: spec.security === 'none',
    opportunisticTLS: false,
    ...(servername ? { servername } : {}),
    name: EHLO_NAME,
    connectionTimeout: ctx.timeoutMs,
    greetingTimeout: ctx.timeoutMs,
    socketTimeout: ctx.timeoutMs,
    socketCloseTimeout: 1000,
    transactionLog: true,
    logger: wireLogger(w),
    // Validation is done by inspectTls below, before any credential: a bad certificate
    // must still be shown to the user, and a fingerprint the user trusted must work.
    tls: { rejectUnauthorized: false, ...(ctx.secureContext ? { secureContext: ctx.secureContext } : {}), ...(servername ? { servername } : {}) },
    customAuth: {
      [RELAY_CHECK_METHOD]: relayCheckHandler(input.email, {
        sent: (cmd) => w.transcript.client(cmd),
        get pipelining() {
          return parseEhlo(w.ehloAfterTls ?? w.ehloBeforeTls).pipelining;
        },
      }, (r) => (relayResult = r)),
    },
  });
  let connError: unknown;
  conn.on('error', (e: unknown) => (connError ??= e));
  const onAbort = (): void => conn.close();
  ctx.signal?.addEventListener('abort', onAbort, { once: true });
  let t = rec.elapsed();
  try {
    try {
      // nodemailer reports connection failures as 'error' events, not through the callback.
      const connected = new Promise<void>((resolve, reject) => {
        conn.once('error', reject);
        conn.connect((err) => (err ? reject(err) : resolve()));
      });
      await withTimeout(connected, ctx.timeoutMs * 3, 'SMTP connect', ctx.signal);
    } catch (e) {
      const before = parseEhlo(w.ehloBeforeTls);
      auth.offeredBeforeTls = before.auth;
      if (w.ehloBeforeTls) capabilities = before.extensions;
      const c = classifySmtpConnectFailure(connError ?? e, before, {
        sawPlainEhlo: spec.security === 'starttls' && w.ehloBeforeTls !== undefined,
        duringStartTls: w.startTlsSent && w.ehloAfterTls === undefined,
      });
      rec.record('connect', false, t, red(c.detail ?? c.serverSays));
      if (before.auth.length > 0) diagnosis.push(makeDiagnosis('AUTH_OFFERED_WITHOUT_TLS', facts));
      diagnosis.unshift(makeDiagnosis(c.code, { ...facts, detail: red(c.detail), serverSays: red(c.serverSays), noGreeting: c.noGreeting }));
      return finish(false);
    }
    const socket = conn._socket;
    // The relay check pipelines small writes; Nagle + delayed ACK would hold them ~40 ms.
    if (socket) socket.setNoDelay(true);
    if (socket instanceof tls.TLSSocket) w.tlsHandshakes = socket.getProtocol() === 'TLSv1.3' ? 1 : 2;
    const before = parseEhlo(w.ehloBeforeTls);
    const after = parseEhlo(spec.security === 'none' ? w.ehloBeforeTls : w.ehloAfterTls ?? w.ehloBeforeTls);
    capabilities = after.extensions;
    auth.offeredBeforeTls = spec.security === 'tls' ? [] : before.auth;
    auth.offeredAfterTls = spec.security === 'none' ? [] : after.auth;
    const greeting = w.transcript.lines.find((l) => l.dir === 'S')?.text ?? '';
    rec.record('connect', true, t, [greeting, socket instanceof tls.TLSSocket ? `${socket.getProtocol()}` : 'no encryption'].join('; '));
    if (before.auth.length > 0 && spec.security !== 'tls') diagnosis.push(makeDiagnosis('AUTH_OFFERED_WITHOUT_TLS', facts));

    // 3. certificate gate: nothing secret is sent unless it passes
    let mayAuthenticate = false;
    if (socket instanceof tls.TLSSocket) {
      t = rec.elapsed();
      const verdict = inspectTls(socket, servername ?? address, ctx.trustedFingerprints);
      tlsReport = verdict.report;
      diagnosis.push(...tlsDiagnoses(verdict.report, facts));
      rec.record('certificate', verdict.acceptable, t, describeCert(verdict.report));
      mayAuthenticate = verdict.acceptable;
    } else {
      diagnosis.push(makeDiagnosis('PLAINTEXT_REFUSED', facts));
    }

    // 4. relay check (no login yet, never DATA)
    t = rec.elapsed();
    try {
      await withTimeout(new Promise<void>((resolve, reject) => conn.login({ method: RELAY_CHECK_METHOD }, (err) => (err ? reject(err) : resolve()))), ctx.timeoutMs, 'relay check', ctx.signal);
      relay = relayResult ?? { checked: false, open: false };
    } catch (e) {
      relay = { checked: false, open: false, response: red((e as LibError).response ?? (e as Error).message) };
    }
    rec.record('relay-check', relay.checked && !relay.open, t, red(relay.response));
    if (relay.open) diagnosis.push(makeDiagnosis('OPEN_RELAY', { ...facts, serverSays: red(relay.response) }));
    else if (!relay.checked) diagnosis.push(makeDiagnosis('RELAY_CHECK_INCONCLUSIVE', { ...facts, serverSays: red(relay.response) }));

    // 5. AUTH
    if (mayAuthenticate) {
      const mechanism = chooseMechanism(auth.offeredAfterTls);
      t = rec.elapsed();
      if (!mechanism) {
        rec.record('auth', false, t, auth.offeredAfterTls.length > 0 ? `offered: ${auth.offeredAfterTls.join(' ')}` : 'no AUTH offered');
        diagnosis.push(makeDiagnosis('AUTH_MECHANISM_UNSUPPORTED', { ...facts, mechanisms: auth.offeredAfterTls }));
      } else {
        auth.mechanism = mechanism;
        auth.attempted = true;
        try {
          await withTimeout(
            new Promise<void>((resolve, reject) => conn.login({ user: input.username, pass: input.password, method: mechanism }, (err) => (err ? reject(err) : resolve()))),
            ctx.timeoutMs, 'SMTP AUTH', ctx.signal,
          );
          auth.ok = true;
          auth.response = red(typeof conn.lastServerResponse === 'string' ? conn.lastServerResponse.trim() : undefined);
          rec.record('auth', true, t, `${mechanism}: ${auth.response ?? 'accepted'}`);
        } catch (e) {
          const err = e as LibError;
          auth.response = red(err.response?.trim() ?? err.message);
          rec.record('auth', false, t, auth.response);
          if (err.code === 'EAUTH' && err.response) diagnosis.push(makeDiagnosis('AUTH_FAILED', { ...facts, serverSays: auth.response }));
          else {
            const c = classifyConnectionError(e);
            diagnosis.push(makeDiagnosis(c.code, { ...facts, detail: red(c.detail), serverSays: red(c.serverSays) }));
          }
        }
      }
    }

    // 6. QUIT, then close at once: the socket end flushes it, and the 221 would cost a round trip.
    conn.quit();
    quitSent = true;
    conn.close();
    return finish(auth.ok && !diagnosis.some((d) => d.severity === 'error'));
  } finally {
    ctx.signal?.removeEventListener('abort', onAbort);
    conn.close();
  }
}

/**
 * Why connecting failed. A refused STARTTLS is STARTTLS_UNAVAILABLE when the server never
 * offered it, TLS_HANDSHAKE_FAILED when it offered it and then failed: both are errors,
 * never a reason to carry on in plaintext.
 */
function classifySmtpConnectFailure(e: unknown, before: EhloFacts, at: { sawPlainEhlo: boolean; duringStartTls: boolean }): Classified {
  const c = classifyConnectionError(e);
  const err = e as LibError;
  if (err.command === 'STARTTLS' && err.response) {
    return { code: before.starttls ? 'TLS_HANDSHAKE_FAILED' : 'STARTTLS_UNAVAILABLE', serverSays: err.response, detail: 'STARTTLS was refused' };
  }
  if (at.sawPlainEhlo && !before.starttls && c.code !== 'CONNECTION_TIMEOUT') return { code: 'STARTTLS_UNAVAILABLE', serverSays: err.response };
  // Silence after "220 Ready to start TLS" is a failed handshake, not an unreachable server.
  if (at.duringStartTls && c.code === 'CONNECTION_TIMEOUT') return { code: 'TLS_HANDSHAKE_FAILED', detail: 'no answer during the TLS handshake' };
  return c;
}

export function describeCert(r: TlsReport): string {
  const leaf = r.chain[0];
  const names = leaf ? leaf.subjectAltNames.join(', ') : 'no certificate';
  const state = r.validated && r.hostnameMatches ? 'valid' : r.trustedByFingerprint ? 'trusted by fingerprint' : !r.validated ? `not trusted (${r.error})` : 'wrong host name';
  return `${r.protocol ?? 'TLS'} ${r.cipher ?? ''}; ${state}; for ${names}`;
}
