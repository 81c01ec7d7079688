// A worker thread of `mailsetup audit --batch` (see audit-pool.ts): runs the audits it is
// given on its own copy of the engine, and asks the main thread's connection gate for
// every connection, so the per-address limit is one for the whole command.
import { parentPort } from 'node:worker_threads';
import type { ConnectionGate } from '../core/net/connection-gate.js';
import type { FromWorker, ToWorker } from './audit-pool.js';
import { createRuntime } from './runtime.js';

const port = parentPort;
if (!port) throw new Error('audit-worker.js runs only as a worker thread of mailsetup audit --batch');
const post = (m: FromWorker): void => port.postMessage(m);

const waiting = new Map<number, () => void>();
let nextSlot = 0;

const gate: ConnectionGate = {
  acquire(address, signal) {
    return new Promise((resolve, reject) => {
      const slot = nextSlot++;
      const cancelled = (): Error => Object.assign(new Error('cancelled'), { code: 'ECANCELLED' });
      if (signal?.aborted) return reject(cancelled());
      const onAbort = (): void => {
        waiting.delete(slot);
        post({ type: 'release', slot });
        reject(cancelled());
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      waiting.set(slot, () => {
        signal?.removeEventListener('abort', onAbort);
        let released = false;
        resolve(() => {
          if (released) return;
          released = true;
          post({ type: 'release', slot });
        });
      });
      post({ type: 'acquire', slot, address });
    });
  },
};

const runtime = createRuntime();
const running = new Map<number, AbortController>();

port.on('message', (m: ToWorker) => {
  if (m.type === 'grant') {
    const grant = waiting.get(m.slot);
    waiting.delete(m.slot);
    if (grant) grant();
    else post({ type: 'release', slot: m.slot }); // given up while the grant was on its way
  } else if (m.type === 'cancel') running.get(m.id)?.abort();
  else {
    const stop = new AbortController();
    running.set(m.id, stop);
    void runtime
      .call('audit', m.params, { gate, signal: stop.signal })
      .catch((e: unknown) => ({ ok: false as const, error: { code: 'INTERNAL' as const, message: e instanceof Error ? e.message : String(e) } }))
      .then((reply) => {
        running.delete(m.id);
        post({ type: 'done', id: m.id, reply });
      });
  }
});
