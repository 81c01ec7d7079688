// Exposes exactly the contract to the renderer as `window.mailsetup`: invoke and on,
// for known names only. Nothing of Node or Electron crosses the bridge.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { EventName, Events, MailSetupBridge, Params, Reply, RequestName } from '../shared/contract.js';

// A sandboxed preload cannot load our own modules at run time, so the names and
// channel formats are repeated here; the checks below stop compiling when the
// contract gains a name these lists lack (channels.ts holds the main side).
const REQUESTS = ['discover', 'test', 'save', 'accounts', 'forget', 'export', 'audit'] as const satisfies readonly RequestName[];
const EVENTS = ['discover:progress', 'test:progress', 'audit:progress'] as const satisfies readonly EventName[];
type AssertNever<T extends never> = T;
export type _AllRequestsListed = AssertNever<Exclude<RequestName, (typeof REQUESTS)[number]>>;
export type _AllEventsListed = AssertNever<Exclude<EventName, (typeof EVENTS)[number]>>;

const isRequest = (name: unknown): name is RequestName => (REQUESTS as readonly unknown[]).includes(name);
const isEvent = (name: unknown): name is EventName => (EVENTS as readonly unknown[]).includes(name);

function invoke<K extends RequestName>(name: K, params: Params<K>): Promise<Reply<K>> {
  if (!isRequest(name)) return Promise.reject(new Error('Unknown request'));
  // Only the params cross: extra arguments a caller might pass are dropped here.
  return ipcRenderer.invoke(`mailsetup:request:${name}`, params) as Promise<Reply<K>>;
}

function on<E extends EventName>(event: E, listener: (payload: Events[E]) => void): () => void {
  if (!isEvent(event) || typeof listener !== 'function') throw new Error('Unknown event');
  const channel = `mailsetup:event:${event}`;
  const wrapped = (_e: IpcRendererEvent, payload: unknown): void => listener(payload as Events[E]);
  ipcRenderer.on(channel, wrapped);
  return () => {
    ipcRenderer.removeListener(channel, wrapped);
  };
}

const bridge: MailSetupBridge = { invoke, on };
contextBridge.exposeInMainWorld('mailsetup', bridge);
