// IMAP test with imapflow: 993 implicit TLS or 143 with mandatory STARTTLS, the
// certificate gate (inside the transport, so LOGIN can never go out before it),
// capabilities, login, special-use folders and IDLE.
import net from 'node:net';
import tls from 'node:tls';
import { ImapFlow, type ImapTransport, type ImapTransportSocket } from 'imapflow';
import type { DiagnosisFacts } from '../../shared/diagnosis.js';
import type { AuthReport, Diagnosis, ServerTestReport, TlsReport } from '../../shared/probe.js';
import { serverName, StepRecorder, withTimeout, type ProbeContext, type ServerInput } from './context.js';
import { classifyConnectionError, makeDiagnosis, tlsDiagnoses, type Classified, type LibError } from './diagnose.js';
import { Transcript } from './redact.js';
import { resolveStep } from './resolve-step.js';
import { describeCert } from './smtp-test.js';
import { connectTls } from '../net/peer-certificate.js';
import { inspectTls } from './tls-inspect.js';

/** Longest IMAP line or literal we accept: a CAPABILITY, LIST or LOGIN reply is a few kilobytes. */
const IMAP_MAX_LINE_BYTES = 1024 * 1024;
const SPECIAL_USE = ['\\Sent', '\\Drafts', '\\Trash', '\\Junk', '\\Archive'];

interface Gate {
  /** Set when the certificate was refused: imapflow's own error is then beside the point. */
  refused: boolean;
  tlsReport?: TlsReport;
  startedTls: boolean;
  /** elapsed() when TLS was up and checked */
  at?: number;
}

function authMechs(capLines: string[]): string[] {
  const mechs = new Set<string>();
  for (const l of capLines) for (const m of l.matchAll(/\bAUTH=([A-Z0-9_-]+)/gi)) if (m[1]) mechs.add(m[1].toUpperCase());
  return [...mechs];
}

/**
 * net/tls sockets for imapflow, opened with rejectUnauthorized: false so that a bad
 * certificate can be shown; inspectTls decides, and a refused one is destroyed
 * before imapflow sees the connection (so no LOGIN/AUTHENTICATE is ever written).
 */
function gatedTransport(address: string, servername: string | undefined, ctx: ProbeContext, gate: Gate, onChecked: () => void): ImapTransport {
  const tlsOptions: tls.ConnectionOptions = { rejectUnauthorized: false, ...(ctx.secureContext ? { secureContext: ctx.secureContext } : {}), ...(servername ? { servername } : {}) };
  const check = (socket: tls.TLSSocket, proceed: () => void): void => {
    socket.once('secureConnect', () => {
      const verdict = inspectTls(socket, servername ?? address, ctx.trustedFingerprints);
      gate.tlsReport = verdict.report;
      onChecked();
      if (verdict.acceptable) proceed();
      else {
        gate.refused = true;
        socket.destroy(Object.assign(new Error('certificate refused: no credentials sent'), { code: 'CERT_REFUSED' }));
      }
    });
  };
  return {
    connect(options, onConnect): ImapTransportSocket {
      if (!options.secure) return net.connect({ host: address, port: options.port, noDelay: true }, onConnect);
      const socket = connectTls({ host: address, port: options.port, ...tlsOptions });
      socket.setNoDelay(true);
      check(socket, onConnect);
      return socket;
    },
    upgrade(socket, _options, onSecure): ImapTransportSocket {
      gate.startedTls = true;
      const secured = connectTls({ socket: socket as net.Socket, ...tlsOptions });
      check(secured, onSecure);
      return secured;
    },
  };
}

export async function testImap(input: ServerInput, ctx: ProbeContext): Promise<ServerTestReport> {
  const { spec } = input;
  const rec = new StepRecorder('imap', ctx.onStep);
  const transcript = new Transcript(ctx.redactor, () => rec.elapsed());
  const facts: DiagnosisFacts = { protocol: 'imap', host: spec.host, port: spec.port, emailDomain: input.email.split('@')[1] };
  const diagnosis: Diagnosis[] = [];
  const auth: AuthReport = { offeredBeforeTls: [], offeredAfterTls: [], ok: false, attempted: false };
  const gate: Gate = { refused: false, startedTls: false };
  let capabilities: string[] | undefined;
  let folders: Record<string, string> | undefined;
  let idle: boolean | undefined;
  const capsBefore: string[] = [];
  const capsAfter: string[] = [];
  const red = (s: string | undefined): string | undefined => (s ? ctx.redactor.text(s) : undefined);
  const finish = (ok: boolean): ServerTestReport => ({
    protocol: 'imap', host: spec.host, port: spec.port, security: spec.security, ok,
    steps: rec.steps, ...(gate.tlsReport ? { tls: gate.tlsReport } : {}), auth, diagnosis, transcript: transcript.render(),
    ...(capabilities ? { capabilities } : {}), ...(folders ? { folders } : {}), ...(idle !== undefined ? { idle } : {}),
  });

  const address = await resolveStep(spec, ctx, rec, facts, diagnosis);
  if (address === null) return finish(false);

  if (spec.security === 'none') return plaintextRefused(address, spec.port, ctx, rec, transcript, facts, diagnosis, finish);

  const servername = serverName(spec.host);
  let t = rec.elapsed();
  let loginStartedAt = t;
  const onChecked = (): void => {
    const r = gate.tlsReport;
    if (!r) return;
    rec.record('connect', true, t, `${r.protocol ?? 'TLS'}${gate.startedTls ? ' via STARTTLS' : ''}`);
    const c = rec.elapsed();
    diagnosis.push(...tlsDiagnoses(r, facts));
    rec.record('certificate', !gate.refused && (r.validated && r.hostnameMatches || r.trustedByFingerprint), c, describeCert(r));
    loginStartedAt = rec.elapsed();
  };
  const log = (o: { src?: string; msg?: string }): void => {
    if (typeof o.msg !== 'string') return;
    if (o.src === 'c') transcript.client(o.msg);
    else if (o.src === 's') {
      transcript.server(o.msg);
      if (/CAPABILITY/i.test(o.msg)) (gate.tlsReport || spec.security === 'tls' ? capsAfter : capsBefore).push(o.msg);
    }
  };
  const client = new ImapFlow({
    host: address,
    port: spec.port,
    secure: spec.security === 'tls',
    doSTARTTLS: spec.security === 'starttls' ? true : undefined,
    ...(servername ? { servername } : {}),
    auth: { user: input.username, pass: input.password },
    logger: { debug: log, info: log, warn: () => undefined, error: () => undefined },
    transport: gatedTransport(address, servername, ctx, gate, onChecked),
    connectionTimeout: ctx.timeoutMs,
    greetingTimeout: ctx.timeoutMs,
    socketTimeout: ctx.timeoutMs,
    // Nothing but the login is needed: no IDLE, no COMPRESS, no ENABLE round trip.
    disableAutoIdle: true,
    disableCompression: true,
    disableAutoEnable: true,
    // A hostile or broken server must not make us buffer without end (imapflow defaults to 1 GB).
    maxLineLength: IMAP_MAX_LINE_BYTES,
    maxLiteralSize: IMAP_MAX_LINE_BYTES,
    maxResponseSize: 4 * IMAP_MAX_LINE_BYTES,
    // Our name in the server's log; imapflow's own vendor/support URL would mislead an admin (empty = not sent).
    clientInfo: { name: 'MailSetup', version: '0.1.0', vendor: '', 'support-url': '' },
  });
  client.on('error', () => undefined);
  const onAbort = (): void => client.close();
  ctx.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    try {
      await withTimeout(client.connect(), ctx.timeoutMs * 3, 'IMAP connect', ctx.signal);
      auth.attempted = true;
      auth.ok = true;
    } catch (e) {
      const err = e as LibError;
      auth.offeredBeforeTls = spec.security === 'starttls' ? authMechs(capsBefore) : [];
      auth.offeredAfterTls = authMechs(capsAfter);
      if (gate.refused) return finish(false);
      if (err.authenticationFailed) {
        auth.attempted = true;
        auth.response = red(err.response?.trim() ?? err.responseText ?? err.message);
        rec.record('login', false, loginStartedAt, auth.response);
        diagnosis.push(makeDiagnosis('IMAP_LOGIN_FAILED', { ...facts, serverSays: auth.response }));
        return finish(false);
      }
      const c = imapConnectFailure(e, transcript.lines.some((l) => l.dir === 'S'), ctx.timeoutMs);
      rec.record(gate.tlsReport ? 'login' : 'connect', false, gate.tlsReport ? loginStartedAt : t, red(c.detail ?? c.serverSays));
      diagnosis.push(makeDiagnosis(c.code, { ...facts, detail: red(c.detail), serverSays: red(c.serverSays), noGreeting: c.noGreeting }));
      return finish(false);
    }
    auth.offeredBeforeTls = spec.security === 'starttls' ? authMechs(capsBefore) : [];
    auth.offeredAfterTls = authMechs(capsAfter);
    auth.mechanism = auth.offeredAfterTls.includes('PLAIN') ? 'PLAIN' : 'LOGIN';
    auth.response = loginReply(transcript);
    capabilities = [...client.capabilities.keys()];
    rec.record('login', true, loginStartedAt, auth.response);

    t = rec.elapsed();
    try {
      const list = await withTimeout(client.list(), ctx.timeoutMs, 'LIST', ctx.signal);
      folders = {};
      for (const m of list) if (m.specialUse && SPECIAL_USE.includes(m.specialUse)) folders[m.specialUse] = m.path;
      rec.record('folders', true, t, Object.entries(folders).map(([k, v]) => `${k} ${v}`).join(', ') || 'no special-use folders');
    } catch (e) {
      rec.record('folders', false, t, red((e as Error).message));
    }
    idle = client.capabilities.has('IDLE');
    rec.record('idle', idle, rec.elapsed(), idle ? 'IDLE supported' : 'no IDLE');
    if (!idle) diagnosis.push(makeDiagnosis('IDLE_UNSUPPORTED', facts));

    t = rec.elapsed();
    await withTimeout(client.logout(), 2000, 'LOGOUT').then(
      () => rec.record('logout', true, t),
      () => rec.record('logout', false, t),
    );
    return finish(!diagnosis.some((d) => d.severity === 'error'));
  } finally {
    ctx.signal?.removeEventListener('abort', onAbort);
    client.close();
  }
}

/**
 * imapflow reports a silent server as a bare "Socket timeout" (ETIMEOUT) when its
 * inactivity timer fires before the greeting timer: that is a timeout, not a protocol
 * error, and before any server line it is a port that never greets (as SMTP says).
 */
function imapConnectFailure(e: unknown, serverSpoke: boolean, timeoutMs: number): Classified {
  if ((e as LibError | null)?.code !== 'ETIMEOUT') return classifyConnectionError(e);
  return serverSpoke
    ? { code: 'CONNECTION_TIMEOUT', detail: `the server stopped answering for ${timeoutMs} ms` }
    : { code: 'CONNECTION_TIMEOUT', noGreeting: true, detail: `connected, but no greeting within ${timeoutMs} ms` };
}

/** The tagged reply to AUTHENTICATE / LOGIN, e.g. "3 OK [CAPABILITY …] Logged in". */
function loginReply(transcript: Transcript): string | undefined {
  const lines = transcript.lines;
  const i = lines.findIndex((l) => l.dir === 'C' && /^\S+ (AUTHENTICATE|LOGIN)\b/i.test(l.text));
  if (i < 0) return undefined;
  const tag = lines[i]?.text.split(' ')[0] ?? '';
  const reply = lines.slice(i + 1).find((l) => l.dir === 'S' && l.text.startsWith(`${tag} `))?.text;
  return reply?.replace(/\[CAPABILITY [^\]]*\]/i, '[CAPABILITY …]');
}

/** No encryption configured: show that the server answers, but never log in. */
async function plaintextRefused(
  address: string, port: number, ctx: ProbeContext, rec: StepRecorder, transcript: Transcript,
  facts: DiagnosisFacts, diagnosis: Diagnosis[], finish: (ok: boolean) => ServerTestReport,
): Promise<ServerTestReport> {
  const t = rec.elapsed();
  const socket = net.connect({ host: address, port });
  try {
    const greeting = await withTimeout(new Promise<string>((resolve, reject) => {
      socket.once('error', reject);
      socket.once('data', (d: Buffer) => resolve(d.toString('latin1').split('\r\n')[0] ?? ''));
    }), ctx.timeoutMs, 'IMAP greeting', ctx.signal);
    transcript.server(greeting);
    rec.record('connect', true, t, greeting);
    diagnosis.push(makeDiagnosis('PLAINTEXT_REFUSED', facts));
  } catch (e) {
    const c = classifyConnectionError(e);
    rec.record('connect', false, t, c.detail);
    diagnosis.push(makeDiagnosis(c.code, { ...facts, detail: c.detail, noGreeting: c.noGreeting }));
  } finally {
    socket.destroy();
  }
  return finish(false);
}
