// The loopback door's transport: POST /api/<name> with the session token as a Bearer
// header; the answer streams as NDJSON (event lines, then one reply line).
import type { EventName, Events, Params, Reply, RequestName } from '../../../shared/contract.js';
import type { MailSetupError } from '../../../shared/errors.js';
import { EventHub, type InvokeOptions, type Transport } from './transport.js';

const TOKEN_KEY = 'mailsetup.session';

/**
 * Takes the session token from the URL fragment (#token=…), keeps it for this tab
 * only (so a reload works) and removes it from the address bar.
 */
export function takeSessionToken(): string | null {
  const match = /(?:^#|&)token=([A-Za-z0-9_-]{16,200})/.exec(window.location.hash);
  if (match?.[1]) {
    sessionStorage.setItem(TOKEN_KEY, match[1]);
    history.replaceState(null, '', window.location.pathname + window.location.search);
    return match[1];
  }
  return sessionStorage.getItem(TOKEN_KEY);
}

function failure(code: MailSetupError['code'], message: string, fix?: string): { ok: false; error: MailSetupError } {
  return { ok: false, error: fix === undefined ? { code, message } : { code, message, fix } };
}

function isReplyShape(value: unknown): value is Reply<RequestName> {
  return typeof value === 'object' && value !== null && 'ok' in value && typeof (value as { ok: unknown }).ok === 'boolean';
}

export function createLoopbackTransport(token: string): Transport {
  const hub = new EventHub();

  const headers = { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` };

  /** Asks the door to stop the call; its answer still comes on the call's own stream. */
  const stop = (callId: string): void => {
    void fetch(`./api/-cancel/${callId}`, { method: 'POST', headers, body: '{}', cache: 'no-store', credentials: 'omit' }).catch(() => undefined);
  };

  async function invoke<K extends RequestName>(name: K, params: Params<K>, options: InvokeOptions = {}): Promise<Reply<K>> {
    const callId = crypto.randomUUID();
    const { signal } = options;
    if (signal?.aborted) stop(callId);
    else signal?.addEventListener('abort', () => stop(callId), { once: true });
    let response: Response;
    try {
      response = await fetch(`./api/${name}`, {
        method: 'POST',
        headers: { ...headers, Accept: 'application/x-ndjson', 'X-MailSetup-Call': callId },
        body: JSON.stringify(params),
        cache: 'no-store',
        credentials: 'omit',
      });
    } catch {
      return failure('NETWORK', 'MailSetup is not running any more.', 'Start MailSetup again, then reload this page.');
    }
    if (!response.ok || !response.body) {
      const body: unknown = await response.json().catch(() => null);
      if (isReplyShape(body) && !body.ok) return body as Reply<K>;
      return failure('INTERNAL', 'MailSetup could not handle that request.');
    }
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffered = '';
    for (;;) {
      const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true as const }));
      if (value) buffered += value;
      let newline: number;
      while ((newline = buffered.indexOf('\n')) >= 0) {
        const line = buffered.slice(0, newline).trim();
        buffered = buffered.slice(newline + 1);
        if (line === '') continue;
        const parsed = JSON.parse(line) as { event?: string; data?: unknown; reply?: unknown };
        if (parsed.event !== undefined) hub.emit(parsed.event, parsed.data);
        else if (isReplyShape(parsed.reply)) return parsed.reply as Reply<K>;
      }
      if (done) break;
    }
    return failure('NETWORK', 'MailSetup stopped before it answered.', 'Start MailSetup again, then try again.');
  }

  return {
    invoke,
    on: <E extends EventName>(event: E, listener: (payload: Events[E]) => void) => hub.on(event, listener as (payload: unknown) => void),
  };
}
