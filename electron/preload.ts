// Exposes exactly the contract to the renderer as `window.mailsetup`: invoke and on,
// for known names only. Nothing of Node or Electron crosses the bridge.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { EventName, Events, MailSetupBridge, Params, Reply, RequestName } from '../shared/contract.js';

// A sandboxed preload cannot load our own modules at run time, so the names and
// channel formats are repeated here; the checks below stop compiling when the
// contract gains a name these lists lack (channels.ts holds the main side).
const REQUESTS = [
  'discover', 'test', 'save', 'accounts', 'forget', 'export', 'hosts',
  'cpanelConnect', 'cpanelList', 'cpanelDisconnect', 'cpanelRefresh', 'cpanelMailboxes', 'cpanelAddMailbox', 'cpanelExportAll', 'cpanelDeliverability', 'audit',
] as const satisfies readonly RequestName[];
const EVENTS = ['discover:progress', 'test:progress', 'audit:progress'] as const satisfies readonly EventName[];
type AssertNever<T extends never> = T;
export type _AllRequestsListed = AssertNever<Exclude<RequestName, (typeof REQUESTS)[number]>>;
export type _AllEventsListed = AssertNever<Exclude<EventName, (typeof EVENTS)[number]>>;

const isRequest = (name: unknown): name is RequestName => (REQUESTS as readonly unknown[]).includes(name);
const isEvent = (name: unknown): name is EventName => (EVENTS as readonly unknown[]).includes(name);

const CALL_ID = /^[A-Za-z0-9_-]{8,64}$/;
const isCallId = (id: unknown): id is string => typeof id === 'string' && CALL_ID.test(id);

function invoke<K extends RequestName>(name: K, params: Params<K>, callId?: string): Promise<Reply<K>> {
  if (!isRequest(name)) return Promise.reject(new Error('Unknown request'));
  // Only the params and a well-formed call id cross: anything else a caller passes is dropped here.
  return ipcRenderer.invoke(`mailsetup:request:${name}`, params, isCallId(callId) ? callId : undefined) as Promise<Reply<K>>;
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

function cancel(callId: string): void {
  if (isCallId(callId)) ipcRenderer.send('mailsetup:cancel', callId);
}

const bridge: MailSetupBridge = { invoke, on, cancel };
contextBridge.exposeInMainWorld('mailsetup', bridge);
