// Picks the transport: the Electron preload bridge when present, else the loopback door.
import type { MailSetupBridge, Reply } from '../../../shared/contract.js';
import { createLoopbackTransport, takeSessionToken } from './loopback-transport.js';
import type { Transport } from './transport.js';

declare global {
  interface Window {
    mailsetup?: MailSetupBridge;
  }
}

export type ApiSetup = { ok: true; api: Transport; door: 'desktop' | 'browser' } | { ok: false; reason: string };

/**
 * The preload bridge takes only name and params (an AbortSignal cannot cross it): a
 * stopped call stops being waited for and answers CANCELLED; the engine finishes it
 * on its own and its answer is dropped.
 */
export function desktopTransport(bridge: MailSetupBridge): Transport {
  return {
    on: (event, listener) => bridge.on(event, listener),
    invoke: (name, params, options) => {
      const reply = bridge.invoke(name, params);
      const signal = options?.signal;
      if (!signal) return reply;
      const stopped = new Promise<Reply<typeof name>>((resolve) => {
        const cancelled = (): void => resolve({ ok: false, error: { code: 'CANCELLED', message: 'Stopped.' } });
        if (signal.aborted) cancelled();
        else signal.addEventListener('abort', cancelled, { once: true });
      });
      return Promise.race([reply, stopped]);
    },
  };
}

export function connectApi(): ApiSetup {
  if (window.mailsetup) return { ok: true, api: desktopTransport(window.mailsetup), door: 'desktop' };
  const token = takeSessionToken();
  if (token === null) return { ok: false, reason: 'This page needs the session link MailSetup printed when it started. Open that link (copy the whole line), or start MailSetup again.' };
  return { ok: true, api: createLoopbackTransport(token), door: 'browser' };
}
