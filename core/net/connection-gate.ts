// Politeness towards the servers we inspect: at most N connections at a time per server
// address, shared by every part of one command (discovery's probes and the audit's checks).

export interface ConnectionGate {
  /** Waits for a free slot for this address; call the returned function when the connection is closed. */
  acquire(address: string, signal?: AbortSignal): Promise<() => void>;
}

export function createConnectionGate(perAddress = 2): ConnectionGate {
  const active = new Map<string, number>();
  const queues = new Map<string, (() => void)[]>();
  const release = (address: string): void => {
    const next = queues.get(address)?.shift();
    if (next) return next(); // the slot passes straight to the next waiter
    const n = (active.get(address) ?? 1) - 1;
    if (n <= 0) {
      active.delete(address);
      queues.delete(address);
    } else active.set(address, n);
  };
  return {
    acquire(address, signal) {
      const once = (): (() => void) => {
        let done = false;
        return () => {
          if (!done) {
            done = true;
            release(address);
          }
        };
      };
      const n = active.get(address) ?? 0;
      if (n < perAddress) {
        active.set(address, n + 1);
        return Promise.resolve(once());
      }
      return new Promise((resolve, reject) => {
        const queue = queues.get(address) ?? [];
        queues.set(address, queue);
        const grant = (): void => {
          signal?.removeEventListener('abort', onAbort);
          resolve(once());
        };
        const onAbort = (): void => {
          const i = queue.indexOf(grant);
          if (i >= 0) queue.splice(i, 1);
          reject(Object.assign(new Error('cancelled'), { code: 'ECANCELLED' }));
        };
        if (signal?.aborted) return onAbort();
        signal?.addEventListener('abort', onAbort, { once: true });
        queue.push(grant);
      });
    },
  };
}
