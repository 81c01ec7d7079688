// How the renderer reaches the engine. Two transports: the Electron preload bridge,
// and the `mailsetup ui` loopback door. The door can also stop a running call (Stop
// during discovery, Cancel during a test) and still deliver that call's answer.
import type { EventName, Events, Params, Reply, RequestName } from '../../../shared/contract.js';

export interface InvokeOptions {
  /** Aborting asks the engine to stop; the call still answers (a stopped discovery with what it found). */
  signal?: AbortSignal;
}

export interface Transport {
  invoke<K extends RequestName>(name: K, params: Params<K>, options?: InvokeOptions): Promise<Reply<K>>;
  /** Subscribes to an engine event; returns the unsubscribe function. */
  on<E extends EventName>(event: E, listener: (payload: Events[E]) => void): () => void;
}

/** Listener registry shared by transports that deliver events themselves. */
export class EventHub {
  private readonly listeners = new Map<string, Set<(payload: unknown) => void>>();

  public on(event: string, listener: (payload: unknown) => void): () => void {
    let set = this.listeners.get(event);
    if (!set) {
      set = new Set();
      this.listeners.set(event, set);
    }
    set.add(listener);
    return () => set.delete(listener);
  }

  public emit(event: string, payload: unknown): void {
    for (const listener of this.listeners.get(event) ?? []) listener(payload);
  }
}
