// Terminal plumbing shared by every command: exit codes, JSON output, errors.
// (Passwords from standard input: passwords.ts.)
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

/** Parses an integer option, or throws a UsageError naming the option. */
export function parseIntOption(name: string, value: string, min: number, max: number): number {
  if (!/^\d+$/.test(value)) throw new UsageError(`${name} takes a whole number, got "${value}".`);
  const n = Number(value);
  if (n < min || n > max) throw new UsageError(`${name} must be between ${min} and ${max}, got ${n}.`);
  return n;
}
