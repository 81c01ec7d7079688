// A minimal Marionette (WebDriver-over-TCP) client, enough to run chrome-context
// JavaScript in a real Gecko application (Thunderbird). The wire format: each packet
// is `LENGTH:JSON`, LENGTH the byte count of the JSON in decimal. The server speaks
// first ({applicationType, marionetteProtocol}); commands are [0, id, name, params],
// replies [1, id, error, result].
import { connect, type Socket } from 'node:net';

type Reply = { error: { error: string; message: string; stacktrace?: string } | null; result: unknown };

export class MarionetteError extends Error {}

export class Marionette {
  private buffer = Buffer.alloc(0);
  private nextId = 1;
  private readonly pending = new Map<number, (reply: Reply) => void>();
  private hello: ((packet: unknown) => void) | null = null;
  private closedWith: Error | null = null;

  private constructor(private readonly socket: Socket) {
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('error', (e) => this.fail(e));
    socket.on('close', () => this.fail(new MarionetteError('Marionette connection closed')));
  }

  /** Connects, waits for the server's greeting and opens a WebDriver session. */
  static async open(port: number, host = '127.0.0.1', timeoutMs = 10_000): Promise<Marionette> {
    const socket = connect({ host, port });
    const client = new Marionette(socket);
    const greeting = new Promise<unknown>((resolve) => (client.hello = resolve));
    await withTimeout(
      new Promise<void>((resolve, reject) => {
        socket.once('connect', resolve);
        socket.once('error', reject);
      }),
      timeoutMs,
      'connect',
    );
    const hello = (await withTimeout(greeting, timeoutMs, 'greeting')) as { marionetteProtocol?: number };
    if (hello.marionetteProtocol !== 3) throw new MarionetteError(`unexpected Marionette greeting ${JSON.stringify(hello)}`);
    await client.command('WebDriver:NewSession', { strictFileInteractability: true });
    await client.command('Marionette:SetContext', { value: 'chrome' });
    return client;
  }

  /** Sends one command and returns its result, or throws the server's error text. */
  async command(name: string, params: Record<string, unknown> = {}, timeoutMs = 30_000): Promise<unknown> {
    if (this.closedWith) throw this.closedWith;
    const id = this.nextId++;
    const json = Buffer.from(JSON.stringify([0, id, name, params]), 'utf8');
    const reply = new Promise<Reply>((resolve) => this.pending.set(id, resolve));
    this.socket.write(Buffer.concat([Buffer.from(`${json.length}:`, 'ascii'), json]));
    const { error, result } = await withTimeout(reply, timeoutMs, name);
    if (error) throw new MarionetteError(`${name}: ${error.error}: ${error.message}`);
    return result;
  }

  /**
   * Runs an async chrome-context script: its body gets `args` and must `return` a
   * JSON-serialisable value (a promise is awaited).
   */
  async run<T>(body: string, args: unknown[] = [], timeoutMs = 30_000): Promise<T> {
    const script = `const all = Array.from(arguments); const resolve = all.pop(); const args = all;
      (async () => { ${body} })().then(resolve, (e) => resolve({ __error: String(e) + '\\n' + (e && e.stack) }));`;
    await this.command('WebDriver:SetTimeouts', { script: timeoutMs });
    const result = (await this.command('WebDriver:ExecuteAsyncScript', { script, args }, timeoutMs + 5_000)) as {
      value: T | { __error: string };
    };
    const value = result.value;
    if (value !== null && typeof value === 'object' && '__error' in value) throw new MarionetteError(value.__error);
    return value as T;
  }

  close(): void {
    this.socket.destroy();
  }

  private onData(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const colon = this.buffer.indexOf(0x3a);
      if (colon < 0) return;
      const length = Number(this.buffer.subarray(0, colon).toString('ascii'));
      if (!Number.isInteger(length)) return this.fail(new MarionetteError('bad Marionette packet length'));
      if (this.buffer.length < colon + 1 + length) return;
      const packet = JSON.parse(this.buffer.subarray(colon + 1, colon + 1 + length).toString('utf8')) as unknown;
      this.buffer = this.buffer.subarray(colon + 1 + length);
      if (Array.isArray(packet) && packet[0] === 1) {
        const [, id, error, result] = packet as [number, number, Reply['error'], unknown];
        this.pending.get(id)?.({ error, result });
        this.pending.delete(id);
      } else if (this.hello) {
        this.hello(packet);
        this.hello = null;
      }
    }
  }

  private fail(e: Error): void {
    this.closedWith ??= e;
    for (const resolve of this.pending.values()) resolve({ error: { error: 'disconnected', message: e.message }, result: null });
    this.pending.clear();
  }
}

async function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new MarionetteError(`Marionette ${what} timed out after ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
