// Reads CRLF-terminated lines from a socket, bounded in line length and total bytes,
// so a hostile or broken server cannot make a probe buffer without end.
import type { Socket } from 'node:net';

const MAX_LINE = 4096;
const MAX_TOTAL = 64 * 1024;

export class LineReader {
  private buffer = '';
  private total = 0;
  private lines: string[] = [];
  private waiting: { resolve: (line: string) => void; reject: (e: Error) => void } | undefined;
  private failure: Error | undefined;
  private readonly onData = (chunk: Buffer): void => this.push(chunk);
  private readonly onEnd = (): void => this.fail(new Error('the server closed the connection'));
  private readonly onError = (e: Error): void => this.fail(e);

  constructor(private readonly socket: Socket) {
    socket.on('data', this.onData);
    socket.on('end', this.onEnd);
    socket.on('close', this.onEnd);
    socket.on('error', this.onError);
  }

  /** Stops listening (before the socket is handed to TLS for STARTTLS). */
  detach(): void {
    this.socket.off('data', this.onData);
    this.socket.off('end', this.onEnd);
    this.socket.off('close', this.onEnd);
    this.socket.off('error', this.onError);
  }

  next(): Promise<string> {
    const line = this.lines.shift();
    if (line !== undefined) return Promise.resolve(line);
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      this.waiting = { resolve, reject };
    });
  }

  private push(chunk: Buffer): void {
    this.total += chunk.length;
    if (this.total > MAX_TOTAL) return this.fail(new Error(`the server sent more than ${MAX_TOTAL} bytes`));
    this.buffer += chunk.toString('latin1');
    let i: number;
    while ((i = this.buffer.indexOf('\n')) >= 0) {
      this.lines.push(this.buffer.slice(0, i).replace(/\r$/, ''));
      this.buffer = this.buffer.slice(i + 1);
    }
    if (this.buffer.length > MAX_LINE) return this.fail(new Error('the server sent an overlong line'));
    this.deliver();
  }

  private deliver(): void {
    if (!this.waiting) return;
    const line = this.lines.shift();
    if (line === undefined) return;
    const w = this.waiting;
    this.waiting = undefined;
    w.resolve(line);
  }

  private fail(e: Error): void {
    this.failure ??= e;
    const w = this.waiting;
    this.waiting = undefined;
    w?.reject(this.failure);
  }
}
