// Picks the transport: the Electron preload bridge when present, else the loopback door.
import type { MailSetupBridge } from '../../../shared/contract.js';
import { createLoopbackTransport, takeSessionToken } from './loopback-transport.js';
import type { Transport } from './transport.js';

declare global {
  interface Window {
    mailsetup?: MailSetupBridge;
  }
}

export type ApiSetup = { ok: true; api: Transport; door: 'desktop' | 'browser' } | { ok: false; reason: string };

/**
 * The preload bridge carries a call id beside the params; aborting sends `cancel` for
 * that id, and the call still answers (a stopped discovery with what it found).
 */
export function desktopTransport(bridge: MailSetupBridge): Transport {
  return {
    on: (event, listener) => bridge.on(event, listener),
    invoke: (name, params, options) => {
      const signal = options?.signal;
      if (!signal) return bridge.invoke(name, params);
      const callId = crypto.randomUUID();
      if (signal.aborted) queueMicrotask(() => bridge.cancel(callId));
      else signal.addEventListener('abort', () => bridge.cancel(callId), { once: true });
      return bridge.invoke(name, params, callId);
    },
  };
}

export function connectApi(): ApiSetup {
  if (window.mailsetup) return { ok: true, api: desktopTransport(window.mailsetup), door: 'desktop' };
  const token = takeSessionToken();
  if (token === null) return { ok: false, reason: 'This page needs the session link MailSetup printed when it started. Open that link (copy the whole line), or start MailSetup again.' };
  return { ok: true, api: createLoopbackTransport(token), door: 'browser' };
}
