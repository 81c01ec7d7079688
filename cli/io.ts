// Terminal plumbing shared by every command: exit codes, JSON output, errors, stdin secrets.
import type { MailSetupError } from '../shared/errors.js';

export const EXIT = { OK: 0, FAILED: 1, USAGE: 2 } as const;

/** Thrown for bad command-line usage; main() prints it and exits 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

export function printError(error: MailSetupError): void {
  const lines = [`mailsetup: ${error.message}`];
  if (error.serverSays) lines.push(`  server said: ${error.serverSays}`);
  if (error.fix) lines.push(`  what to do: ${error.fix}`);
  process.stderr.write(`${lines.join('\n')}\n`);
}

/** Exit code for a failed reply: usage problems are 2, everything else 1. */
export function exitCodeFor(error: MailSetupError): number {
  return error.code === 'BAD_INPUT' || error.code === 'BAD_USAGE' ? EXIT.USAGE : EXIT.FAILED;
}

const MAX_SECRET_BYTES = 4096;

/**
 * Reads a password from standard input (never from argv). One trailing newline is
 * removed so that `echo pass | mailsetup …` and `printf pass | …` agree.
 */
export async function readSecretFromStdin(stdin: NodeJS.ReadableStream = process.stdin): Promise<string> {
  if ((stdin as NodeJS.ReadStream).isTTY) {
    throw new UsageError('--password-stdin reads the password from standard input, e.g. `printf %s "$PASS" | mailsetup …`; nothing was piped in.');
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stdin) {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    size += buf.length;
    if (size > MAX_SECRET_BYTES) throw new UsageError(`The password on standard input is longer than ${MAX_SECRET_BYTES} bytes.`);
    chunks.push(buf);
  }
  let text = Buffer.concat(chunks).toString('utf8');
  if (text.endsWith('\r\n')) text = text.slice(0, -2);
  else if (text.endsWith('\n')) text = text.slice(0, -1);
  if (text.length === 0) throw new UsageError('--password-stdin was given but standard input was empty.');
  return text;
}

/** Parses an integer option, or throws a UsageError naming the option. */
export function parseIntOption(name: string, value: string, min: number, max: number): number {
  if (!/^\d+$/.test(value)) throw new UsageError(`${name} takes a whole number, got "${value}".`);
  const n = Number(value);
  if (n < min || n > max) throw new UsageError(`${name} must be between ${min} and ${max}, got ${n}.`);
  return n;
}
