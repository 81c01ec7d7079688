// Registers the engine's handler map on ipcMain: every request goes through dispatch
// (schema validation + typed reply) and only from the window's own renderer page.
import { ipcMain, type IpcMainEvent } from 'electron';
import { dispatch, type Handlers } from '../core/handlers.js';
import { REQUEST_NAMES, type EventName, type Events, type Reply, type RequestName } from '../shared/contract.js';
import { CallRegistry } from '../core/ui-server/call-registry.js';
import { CANCEL_CHANNEL, eventChannel, requestChannel } from './channels.js';
import type { SenderCheck } from './security.js';

function refused<K extends RequestName>(): Reply<K> {
  return { ok: false, error: { code: 'UNAUTHORIZED', message: 'This request did not come from the MailSetup window.' } };
}

/** Registers one ipcMain.handle per request name; returns the function that removes them. */
export function registerHandlers(handlers: Handlers, isTrusted: SenderCheck): () => void {
  // Stop during discovery and Cancel during a test name the running call by its id.
  const calls = new CallRegistry();
  const onCancel = (event: IpcMainEvent, callId: unknown): void => {
    if (isTrusted(event) && typeof callId === 'string') calls.cancel(callId);
  };
  ipcMain.on(CANCEL_CHANNEL, onCancel);
  for (const name of REQUEST_NAMES) {
    ipcMain.handle(requestChannel(name), async (event, params: unknown, callId: unknown) => {
      if (!isTrusted(event)) return refused();
      const sender = event.sender;
      const controller = new AbortController();
      const abort = (): void => controller.abort();
      sender.once('destroyed', abort);
      const unregister = calls.register(typeof callId === 'string' ? callId : undefined, controller);
      const emit = <E extends EventName>(eventName: E, payload: Events[E]): void => {
        if (!sender.isDestroyed()) sender.send(eventChannel(eventName), payload);
      };
      try {
        return await dispatch(handlers, name, params, { signal: controller.signal, emit });
      } finally {
        unregister();
        sender.off('destroyed', abort);
      }
    });
  }
  return () => {
    ipcMain.off(CANCEL_CHANNEL, onCancel);
    for (const name of REQUEST_NAMES) ipcMain.removeHandler(requestChannel(name));
  };
}
