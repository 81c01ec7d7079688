// The Electron preload bridge as a Transport.
import type { MailSetupBridge } from '../../../shared/contract.js';
import type { Transport } from './transport.js';

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
