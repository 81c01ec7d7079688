// Runs @napi-rs/keyring calls in a helper process that can be killed.
//
// Why a process: the library connects to D-Bus synchronously inside the entry's
// constructor, so a silent bus or an unlock prompt blocks the calling thread; an
// AbortSignal does not end it, and a blocked worker thread even keeps the process
// from exiting. A child process is the one thing a timer can always stop (SIGKILL).
// Secrets travel over the IPC channel only, never in argv or the environment.
import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';

export type KeyringOp = 'get' | 'set' | 'delete';

export interface KeyringRequest {
  op: KeyringOp;
  service: string;
  user: string;
  secret?: string;
}

export type KeyringOutcome =
  | { kind: 'ok'; value: string | boolean | null }
  | { kind: 'error'; message: string }
  | { kind: 'timeout' };

// Plain CommonJS run with `node -e`: it must work both from dist/ and from the
// TypeScript sources under test, so it is not a separate file. The Linux store is
// pinned to the Secret Service: the default falls back to the kernel keyring,
// which forgets everything at reboot.
const CHILD_SOURCE = `
'use strict';
const { AsyncEntry } = require(process.argv[1]);
const options = { linux: { store: 'secret-service' } };
// Each entry holds its own D-Bus connection until it is garbage-collected; without
// collecting, a few hundred calls hit the bus's per-user connection limit. So calls
// run at most MAX_ACTIVE at a time, and the heap is collected every GC_EVERY calls.
const MAX_ACTIVE = 8;
const GC_EVERY = 16;
const queue = [];
let active = 0;
let done = 0;
process.on('disconnect', () => process.exit(0));
process.on('message', (m) => {
  queue.push(m);
  pump();
});
function pump() {
  while (active < MAX_ACTIVE && queue.length > 0) {
    active++;
    serve(queue.shift()).finally(() => {
      active--;
      if (++done % GC_EVERY === 0) {
        if (typeof global.gc === 'function') global.gc();
      }
      pump();
    });
  }
}
async function serve(m) {
  let reply;
  try {
    const entry = new AsyncEntry(m.service, m.user, options);
    let value = null;
    if (m.op === 'get') value = await entry.getPassword();
    else if (m.op === 'set') await entry.setPassword(m.secret);
    else value = await entry.deleteCredential();
    reply = { id: m.id, ok: true, value: value === undefined ? null : value };
  } catch (e) {
    const parts = [];
    for (let c = e; c && parts.length < 4; c = c.cause) {
      const text = String(c.message || c);
      if (!parts.some((p) => p.includes(text))) parts.push(text);
    }
    reply = { id: m.id, ok: false, message: parts.join(' / ') };
  }
  if (process.connected) process.send(reply);
}
`;

interface ChildReply {
  id: number;
  ok: boolean;
  value?: string | boolean | null;
  message?: string;
}

interface Pending {
  resolve(outcome: KeyringOutcome): void;
  timer: NodeJS.Timeout;
  child: ChildProcess;
}

export class KeyringProcess {
  private child: ChildProcess | undefined;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private readonly modulePath: string;

  constructor(
    private readonly timeoutMs: number,
    private readonly env: NodeJS.ProcessEnv = process.env,
  ) {
    this.modulePath = createRequire(import.meta.url).resolve('@napi-rs/keyring');
  }

  call(request: KeyringRequest): Promise<KeyringOutcome> {
    return new Promise((resolve) => {
      let child: ChildProcess;
      try {
        child = this.ensureChild();
      } catch (e) {
        resolve({ kind: 'error', message: `could not start the keychain helper: ${e instanceof Error ? e.message : String(e)}` });
        return;
      }
      const id = this.nextId++;
      const timer = setTimeout(() => this.stopChild(child, 'timeout'), this.timeoutMs);
      this.pending.set(id, { resolve, timer, child });
      child.send({ id, ...request }, (err) => {
        if (err) this.settle(id, { kind: 'error', message: `keychain helper unreachable: ${err.message}` });
      });
    });
  }

  /** Stops the helper process (pending calls fail). */
  close(): void {
    if (this.child) this.stopChild(this.child, 'closed');
  }

  private ensureChild(): ChildProcess {
    if (this.child && this.child.exitCode === null && this.child.signalCode === null && this.child.connected) return this.child;
    const child = spawn(process.execPath, ['--expose-gc', '-e', CHILD_SOURCE, this.modulePath], {
      stdio: ['ignore', 'ignore', 'ignore', 'ipc'],
      // Electron's binary behaves as plain Node with this set; Node ignores it.
      env: { ...this.env, ELECTRON_RUN_AS_NODE: '1' },
      serialization: 'json',
    });
    child.on('message', (m: ChildReply) => {
      this.settle(m.id, m.ok ? { kind: 'ok', value: m.value ?? null } : { kind: 'error', message: m.message ?? 'unknown keychain error' });
    });
    child.on('error', (e) => this.failAll(child, `keychain helper failed: ${e.message}`));
    child.on('exit', (code, signal) => this.failAll(child, `keychain helper stopped (${signal ?? `exit ${code}`})`));
    // The helper must never keep a finished command alive; pending timers do that.
    child.unref();
    (child.channel as { unref?: () => void } | undefined)?.unref?.();
    this.child = child;
    return child;
  }

  private settle(id: number, outcome: KeyringOutcome): void {
    const p = this.pending.get(id);
    if (!p) return;
    clearTimeout(p.timer);
    this.pending.delete(id);
    p.resolve(outcome);
  }

  /**
   * A call overran (silent bus, invisible unlock prompt) or the store is closing:
   * every call waiting on that helper gets the same answer, and the helper is killed.
   */
  private stopChild(child: ChildProcess, reason: 'timeout' | 'closed'): void {
    this.settleAllOf(child, reason === 'timeout' ? { kind: 'timeout' } : { kind: 'error', message: 'keychain helper closed' });
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }

  private failAll(child: ChildProcess, message: string): void {
    this.settleAllOf(child, { kind: 'error', message });
  }

  private settleAllOf(child: ChildProcess, outcome: KeyringOutcome): void {
    if (this.child === child) this.child = undefined;
    for (const [id, p] of [...this.pending]) if (p.child === child) this.settle(id, outcome);
  }
}
