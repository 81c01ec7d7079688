// How the renderer reaches the engine. Two transports implement the same shape as
// the Electron preload bridge: the bridge itself, and the `mailsetup ui` loopback door.
import type { MailSetupBridge } from '../../../shared/contract.js';

export type Transport = MailSetupBridge;

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
