// The API calls still running, so that closing the door cancels them all. One set
// owned by the server instead of one 'abort' listener per call on a shared signal:
// that grew without bound with concurrent calls (MaxListenersExceededWarning past ten).
export class InFlight {
  private readonly calls = new Set<AbortController>();

  /** Registers a running call; the returned function unregisters it when it ends. */
  track(controller: AbortController): () => void {
    this.calls.add(controller);
    return () => this.calls.delete(controller);
  }

  abortAll(): void {
    for (const c of this.calls) c.abort();
    this.calls.clear();
  }
}
