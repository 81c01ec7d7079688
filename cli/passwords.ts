// Passwords from standard input (never from argv), checked by the same rule as every
// other door (shared/password.ts). The bytes must be UTF-8: a password in another
// encoding is refused rather than stored with replaced characters.
import { passwordProblem } from '../shared/password.js';
import { UsageError } from './io.js';

const MAX_SECRET_BYTES = 4096;
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

export interface StdinPasswords {
  password: string;
  /** Only with `smtpLine`: the second line. */
  smtpPassword?: string;
}

/**
 * Reads the password (and with `smtpLine` the SMTP password on a second line). One
 * trailing newline is removed so that `echo pass | mailsetup …` and `printf pass | …` agree.
 */
export async function readPasswordsFromStdin(options: { smtpLine?: boolean } = {}, stdin: NodeJS.ReadableStream = process.stdin): Promise<StdinPasswords> {
  const text = await readStdinText(stdin);
  if (!options.smtpLine) return { password: checked(text, 'The password on standard input') };
  const lines = text.split(/\r?\n/);
  if (lines.length !== 2 || lines[0] === '' || lines[1] === '') {
    throw new UsageError('--smtp-password-stdin expects exactly two lines on standard input: the password, then the SMTP password.');
  }
  return { password: checked(lines[0] as string, 'The password (first line)'), smtpPassword: checked(lines[1] as string, 'The SMTP password (second line)') };
}

function checked(password: string, what: string): string {
  const problem = passwordProblem(password);
  if (problem === null) return password;
  const hint = /line break/.test(problem) ? ' Give one line (or two with --smtp-password-stdin where offered).' : '';
  throw new UsageError(`${what} cannot be used: ${problem}.${hint}`);
}

async function readStdinText(stdin: NodeJS.ReadableStream): Promise<string> {
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
  let text: string;
  try {
    text = utf8.decode(Buffer.concat(chunks));
  } catch {
    throw new UsageError(
      'The password on standard input is not valid UTF-8 text, so it cannot be stored exactly as typed; nothing was changed. ' +
        'Pass it in UTF-8 (e.g. convert with `iconv -f latin1 -t utf-8`).',
    );
  }
  if (text.endsWith('\r\n')) text = text.slice(0, -2);
  else if (text.endsWith('\n')) text = text.slice(0, -1);
  if (text.length === 0) throw new UsageError('--password-stdin was given but standard input was empty.');
  return text;
}
