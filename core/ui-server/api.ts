// One API call through the loopback door: read a capped JSON body, run it through
// dispatch (schema validation + handler), answer with the typed Reply. With
// `Accept: application/x-ndjson` the answer is streamed: event lines while the
// request runs, then the reply line — the loopback twin of Electron's sender.send.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { REQUEST_NAMES, type EventName, type Events, type RequestName } from '../../shared/contract.js';
import type { MailSetupError } from '../../shared/errors.js';
import { dispatch, type Handlers } from '../handlers.js';
import { CALL_ID_HEADER, type CallRegistry } from './call-registry.js';
import type { InFlight } from './in-flight.js';
import { readBody } from './read-body.js';

export { DEFAULT_BODY_TIMEOUT_MS, DEFAULT_MAX_BODY_BYTES } from './read-body.js';

/** One line of a streamed answer. */
export type StreamLine = { event: EventName; data: Events[EventName] } | { reply: unknown };

export function isRequestName(name: string): name is RequestName {
  return (REQUEST_NAMES as readonly string[]).includes(name);
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('Content-Length', String(Buffer.byteLength(text)));
  res.end(text);
}

export function sendFailure(res: ServerResponse, status: number, error: MailSetupError): void {
  sendJson(res, status, { ok: false, error });
}

export interface ApiCall {
  req: IncomingMessage;
  res: ServerResponse;
  name: RequestName;
  handlers: Handlers;
  maxBodyBytes: number;
  bodyTimeoutMs: number;
  /** The calls still running, aborted together when the server shuts down. */
  inFlight: InFlight;
  /** Where the call is registered so that the page can stop it by id. */
  calls?: CallRegistry;
}

const BODY_FAILURES = {
  'too-large': (max: number) => ({ status: 413, message: `The request is larger than ${max} bytes.` }),
  timeout: () => ({ status: 408, message: 'The request body did not arrive in time.' }),
  unreadable: () => ({ status: 400, message: 'The request body could not be read.' }),
  'not-utf8': () => ({ status: 400, message: 'The request body is not valid UTF-8 text.' }),
} as const;

/** Returns the HTTP status it answered with (for the request log). */
export async function handleApiCall({ req, res, name, handlers, maxBodyBytes, bodyTimeoutMs, inFlight, calls }: ApiCall): Promise<number> {
  const contentType = (req.headers['content-type'] ?? '').toLowerCase();
  if (!contentType.startsWith('application/json')) {
    sendFailure(res, 415, { code: 'BAD_INPUT', message: 'API calls take a JSON body (Content-Type: application/json).' });
    return 415;
  }
  // Kept now: once the answer is sent the request may already be detached from it.
  const socket = req.socket;
  const body = await readBody(req, maxBodyBytes, bodyTimeoutMs);
  if (!body.ok) {
    const { status, message } = BODY_FAILURES[body.why](maxBodyBytes);
    // The rest of the body is not read: answer, then close the connection.
    res.setHeader('Connection', 'close');
    res.once('finish', () => socket.destroy());
    sendFailure(res, status, { code: 'BAD_INPUT', message });
    return status;
  }
  let params: unknown;
  try {
    params = body.text.trim() === '' ? {} : JSON.parse(body.text);
  } catch {
    sendFailure(res, 400, { code: 'BAD_INPUT', message: 'The request body is not valid JSON.' });
    return 400;
  }

  // The call is cancelled when the client goes away or the door shuts down.
  const controller = new AbortController();
  res.on('close', () => {
    if (!res.writableFinished) controller.abort();
  });
  const untrack = inFlight.track(controller);
  const callId = req.headers[CALL_ID_HEADER];
  const unregister = calls?.register(typeof callId === 'string' ? callId : undefined, controller) ?? ((): void => undefined);

  const streaming = (req.headers.accept ?? '').includes('application/x-ndjson');
  try {
    if (!streaming) {
      const reply = await dispatch(handlers, name, params, { signal: controller.signal });
      sendJson(res, 200, reply);
      return 200;
    }
    res.statusCode = 200;
    res.setHeader('Content-Type', 'application/x-ndjson; charset=utf-8');
    res.setHeader('Cache-Control', 'no-store');
    const writeLine = (line: StreamLine): void => {
      if (!res.writableEnded && !res.destroyed) res.write(`${JSON.stringify(line)}\n`);
    };
    const emit = <E extends EventName>(event: E, data: Events[E]): void => writeLine({ event, data });
    const reply = await dispatch(handlers, name, params, { signal: controller.signal, emit });
    writeLine({ reply });
    res.end();
    return 200;
  } finally {
    unregister();
    untrack();
  }
}
