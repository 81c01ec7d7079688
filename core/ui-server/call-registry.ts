// Running calls of a door (the loopback door, Electron IPC) by the id the page gave them, so that the
// page can stop one (Stop during discovery, Cancel during a test) while still reading
// its answer: a stopped discovery answers with what it had found so far.
export const CALL_ID_HEADER = 'x-mailsetup-call';
const CALL_ID = /^[A-Za-z0-9_-]{8,64}$/;

export class CallRegistry {
  private readonly running = new Map<string, AbortController>();

  /** Registers a call under the page's id (ignored when absent or malformed); returns the unregister function. */
  public register(id: string | undefined, controller: AbortController): () => void {
    if (id === undefined || !CALL_ID.test(id) || this.running.has(id)) return () => undefined;
    this.running.set(id, controller);
    return () => {
      if (this.running.get(id) === controller) this.running.delete(id);
    };
  }

  /** Aborts the call; false when no such call is running. */
  public cancel(id: string): boolean {
    const controller = this.running.get(id);
    if (!controller) return false;
    controller.abort();
    return true;
  }
}
