// Standard output that cannot be written: a reader that stops early (EPIPE) ends the
// command quietly with its own status; a full device (ENOSPC) gives one line and exit 1.
// Never a stack trace.
import { beforeAll, describe, expect, it } from 'vitest';
import { buildEngine, cli, STACK_TRACE } from './built-cli.js';

const DISCOVER = ['discover', 'jane@gmail.com', '--offline', '--json'];

beforeAll(buildEngine, 300_000);

describe('output errors in the built CLI', () => {
  const printing: Array<[string, string[], number]> = [
    ['mailsetup --help', ['--help'], 0],
    ['mailsetup export --help', ['export', '--help'], 0],
    ['mailsetup discover --json', DISCOVER, 0],
    ['mailsetup accounts', ['accounts'], 0],
    ['mailsetup --version', ['--version'], 0],
  ];

  for (const [label, args, code] of printing) {
    it(`${label} into a pipe the reader closed: quiet, exit ${code}`, async () => {
      const r = await cli(args, { stdout: 'closed' });
      expect(r.stderr).toBe('');
      expect(r.code).toBe(code);
    });

    it(`${label} > /dev/full: one line, exit 1`, async () => {
      const r = await cli(args, { stdout: { file: '/dev/full' } });
      expect(r.stderr).toBe('mailsetup: could not write the output: no space left on the device (ENOSPC).\n');
      expect(r.stderr).not.toMatch(STACK_TRACE);
      expect(r.code).toBe(1);
    });
  }
});
