// What happens when the terminal's output cannot be written. A reader that closes the
// pipe early (`mailsetup … | head -1`) is a normal way to stop reading: the rest of
// the output is dropped quietly and the command ends with its own status. Any other
// failure to write standard output (a full disk, /dev/full) loses the output: one line
// on standard error and exit status 1. Without these handlers Node prints a stack trace.
import { EXIT } from './io.js';

type Stream = NodeJS.WriteStream;

/** Installs the handlers on standard output and standard error (once, at start). */
export function guardOutput(stdout: Stream = process.stdout, stderr: Stream = process.stderr, exit: (code: number) => never = process.exit): void {
  let stdoutClosed = false;
  stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE' || (stdoutClosed && e.code === 'ERR_STREAM_DESTROYED')) {
      stdoutClosed = true;
      return;
    }
    if (!stderr.destroyed) stderr.write(`mailsetup: could not write the output: ${describeWriteError(e)}.\n`);
    exit(EXIT.FAILED);
  });
  // Standard error is where problems would be reported: when it fails there is nowhere
  // left to say so, and the command's own exit status still tells.
  stderr.on('error', () => undefined);
}

function describeWriteError(e: NodeJS.ErrnoException): string {
  if (e.code === 'ENOSPC') return 'no space left on the device (ENOSPC)';
  if (e.code === 'EDQUOT') return 'the disk quota is exhausted (EDQUOT)';
  return e.code ? `${e.code}` : e.message;
}
