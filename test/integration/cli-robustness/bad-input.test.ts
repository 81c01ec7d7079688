// Bad input found by fuzzing the built CLI, each with a clear message, a non-zero exit,
// no hang and nothing changed: special files where a regular one is expected, a
// password that is not UTF-8 or spans lines, invisible characters, an empty login
// name, a missing command, --out onto a device or an existing file.
import { execFileSync } from 'node:child_process';
import { lstatSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildEngine, cli, STACK_TRACE, tempConfigDir } from './built-cli.js';

// Nothing listens in this suite's own block: no run below gets as far as connecting.
const MANUAL = ['--imap', '127.0.16.9:993:tls', '--smtp', '127.0.16.9:587:starttls'];
const SETTINGS = ['--imap', 'mail.example.com:993:tls', '--smtp', 'mail.example.com:465:tls', '--platform', 'linux'];
const QUICK = { killAfterMs: 20_000 };
/** Runs that may read /dev/zero: a version that reads it without bound is stopped here. */
const ZERO = { killAfterMs: 20_000 };

beforeAll(buildEngine, 300_000);

function expectUsage(r: { code: number | null; stderr: string; hung: boolean }, message: RegExp): void {
  expect(r.hung).toBe(false);
  expect(r.stderr).toMatch(message);
  expect(r.stderr).not.toMatch(STACK_TRACE);
  expect(r.stderr.trim().split('\n')).toHaveLength(1);
  expect(r.code).toBe(2);
}

describe('files named on the command line are read only when regular, and bounded', () => {
  const dir = tempConfigDir();
  const fifo = path.join(dir, 'ca.fifo');
  const zeroLink = path.join(dir, 'zero.pem');
  const big = path.join(dir, 'big.pem');

  beforeAll(() => {
    execFileSync('mkfifo', [fifo]);
    symlinkSync('/dev/zero', zeroLink);
    writeFileSync(big, `-----BEGIN CERTIFICATE-----\n${'A'.repeat(1_100_000)}\n`);
  });

  it('--ca /dev/zero, a FIFO, a link to /dev/zero, a huge file: refused at once', async () => {
    for (const [file, why] of [
      ['/dev/zero', 'it is a device, not a regular file'],
      [fifo, 'it is a named pipe, not a regular file'],
      [zeroLink, 'it is a device, not a regular file'],
      [big, 'it is larger than'],
    ]) {
      const r = await cli(['test', 'jane@example.com', ...MANUAL, '--ca', file as string], ZERO);
      expectUsage(r, new RegExp(`^mailsetup: --ca ${file}: cannot read it \\(${why}`));
    }
  });

  it('--sign-cert /dev/zero and --sign-key FIFO: refused at once', async () => {
    const cert = await cli(['export', 'jane@example.com', '--format', 'apple', ...SETTINGS, '--sign-cert', '/dev/zero', '--sign-key', '/dev/zero', '--out', path.join(dir, 'x.mobileconfig')], ZERO);
    expectUsage(cert, /^mailsetup: --sign-cert \/dev\/zero: cannot read it \(it is a device, not a regular file\)/);
    writeFileSync(path.join(dir, 'cert.pem'), '-----BEGIN CERTIFICATE-----\n');
    const key = await cli(['export', 'jane@example.com', '--format', 'apple', ...SETTINGS, '--sign-cert', path.join(dir, 'cert.pem'), '--sign-key', fifo, '--out', path.join(dir, 'y.mobileconfig')], QUICK);
    expectUsage(key, /^mailsetup: --sign-key .*ca\.fifo: cannot read it \(it is a named pipe, not a regular file\)/);
  });

  it('an accounts.json that is a FIFO or a link to /dev/zero hangs no command', async () => {
    for (const make of [(f: string) => execFileSync('mkfifo', [f]), (f: string) => symlinkSync('/dev/zero', f)]) {
      const config = tempConfigDir();
      make(path.join(config, 'accounts.json'));
      const env = { MAILSETUP_CONFIG_DIR: config };
      const runs = await Promise.all([
        cli(['accounts'], { env, ...ZERO }),
        cli(['accounts', '--json'], { env, ...ZERO }),
        cli(['forget', 'jane@example.com'], { env, ...ZERO }),
        cli(['save', 'jane@example.com', '--password-stdin', ...MANUAL], { env, stdin: 'pw', ...ZERO }),
        cli(['export', 'jane@example.com', '--format', 'mutt'], { env, ...ZERO }),
      ]);
      for (const r of runs) {
        expect(r.hung, r.stderr).toBe(false);
        expect(r.code, r.stderr).toBe(1);
        expect(`${r.stdout}${r.stderr}`).toMatch(/accounts\.json cannot be used: it is a (named pipe|device), not a regular file/);
        expect(r.stderr).not.toMatch(STACK_TRACE);
      }
      expect(readdirSync(config).sort()).toEqual(['accounts.json']);
    }
  });
});

describe('passwords: one rule for every command, never changed', () => {
  it('refuses a password that is not UTF-8 (test and save), and stores nothing', async () => {
    const config = tempConfigDir();
    const latin1 = Buffer.from([0x63, 0x61, 0x66, 0xe9]); // "café" in Latin-1
    for (const args of [['save', 'jane@example.com', '--password-stdin', ...MANUAL], ['test', 'jane@example.com', '--password-stdin', ...MANUAL]]) {
      const r = await cli(args, { env: { MAILSETUP_CONFIG_DIR: config }, stdin: latin1, ...QUICK });
      expectUsage(r, /^mailsetup: The password on standard input is not valid UTF-8 text, so it cannot be stored exactly as typed; nothing was changed/);
    }
    expect(readdirSync(config)).toEqual([]);
  });

  it('refuses a password with a line break in test exactly as in save', async () => {
    const messages: string[] = [];
    for (const args of [['save', 'jane@example.com', '--password-stdin', ...MANUAL], ['test', 'jane@example.com', '--password-stdin', ...MANUAL]]) {
      for (const stdin of ['first\nsecond', 'first\r\nsecond\n', 'with\0nul']) {
        const r = await cli(args, { stdin, ...QUICK });
        expectUsage(r, /^mailsetup: The password on standard input cannot be used: it contains a line break or a NUL character/);
        messages.push(r.stderr);
      }
    }
    expect(new Set(messages).size).toBe(1);
  });
});

describe('addresses and login names', () => {
  it('refuses an empty --username and saves nothing', async () => {
    const config = tempConfigDir();
    for (const args of [
      ['save', 'jane@example.com', '--password-stdin', ...MANUAL, '--username', ''],
      ['test', 'jane@example.com', '--password-stdin', ...MANUAL, '--username', ''],
      ['export', 'jane@example.com', '--format', 'mutt', ...SETTINGS, '--username', ''],
    ]) {
      const r = await cli(args, { env: { MAILSETUP_CONFIG_DIR: config }, stdin: 'pw', ...QUICK });
      expectUsage(r, /username: must not be empty/);
    }
    expect(readdirSync(config)).toEqual([]);
  });

  it('refuses addresses and login names with bidi-override or zero-width characters', async () => {
    const config = tempConfigDir();
    for (const email of ['jane\u202E@example.com', 'ja\u200Bne@example.com', 'jane@exa\u200Bmple.com', 'jane@example.com\u2066', '\uFEFFjane@example.com']) {
      const save = await cli(['save', email, '--password-stdin', ...MANUAL], { env: { MAILSETUP_CONFIG_DIR: config }, stdin: 'pw', ...QUICK });
      expectUsage(save, /invisible or text-direction character \(U\+[0-9A-F]{4}\)/);
      const discover = await cli(['discover', email, '--offline'], QUICK);
      expectUsage(discover, /invisible or text-direction character/);
    }
    const user = await cli(['save', 'jane@example.com', '--password-stdin', ...MANUAL, '--username', 'ja\u202Ene'], { env: { MAILSETUP_CONFIG_DIR: config }, stdin: 'pw', ...QUICK });
    expectUsage(user, /username: must not start or end with spaces nor contain invisible or text-direction characters/);
    expect(readdirSync(config)).toEqual([]);
  });
});

describe('usage without a command', () => {
  it('`mailsetup` and `mailsetup help nosuch` print the help on stderr and exit 2', async () => {
    for (const args of [[], ['help', 'nosuch']]) {
      const r = await cli(args, QUICK);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(/^Usage: mailsetup \[options\] \[command\]/);
      expect(r.code).toBe(2);
    }
  });

  it('help that was asked for still goes to stdout with exit 0', async () => {
    for (const args of [['help'], ['help', 'export'], ['--help']]) {
      const r = await cli(args, QUICK);
      expect(r.stdout).toMatch(/^Usage: mailsetup/);
      expect(r.code).toBe(0);
    }
  });
});

describe('export --out onto what must not be replaced', () => {
  it('a device node or a named pipe stays what it was', async () => {
    const dir = tempConfigDir();
    const fifo = path.join(dir, 'pipe');
    const device = path.join(dir, 'null-device');
    execFileSync('mkfifo', [fifo]);
    execFileSync('mknod', [device, 'c', '1', '3']); // a private /dev/null twin: the real one is never at risk
    for (const [target, what] of [
      [fifo, 'a named pipe'],
      [device, 'a device'],
    ] as const) {
      for (const force of [[], ['--force']]) {
        const r = await cli(['export', 'jane@example.com', '--format', 'mutt', ...SETTINGS, '--out', target, ...force], QUICK);
        expectUsage(r, new RegExp(`is ${what}, not a regular file; exports are written only to regular files`));
      }
    }
    expect(lstatSync(fifo).isFIFO()).toBe(true);
    expect(lstatSync(device).isCharacterDevice()).toBe(true);
    expect(readdirSync(dir).sort()).toEqual(['null-device', 'pipe']);
  });

  it('a folder format onto an existing file: a clear message, the file untouched (with or without --force)', async () => {
    const dir = tempConfigDir();
    const file = path.join(dir, 'kit');
    writeFileSync(file, 'precious');
    for (const format of ['publish-kit', 'thunderbird-mobile-qr']) {
      for (const force of [[], ['--force']]) {
        const r = await cli(['export', 'jane@example.com', '--format', format, ...SETTINGS, '--out', file, ...force], QUICK);
        expectUsage(r, new RegExp(`--format ${format} writes a folder, but .*kit is an existing file`));
      }
    }
    expect(readFileSync(file, 'utf8')).toBe('precious');
    mkdirSync(path.join(dir, 'folder'));
    const ok = await cli(['export', 'jane@example.com', '--format', 'publish-kit', ...SETTINGS, '--out', path.join(dir, 'folder')], QUICK);
    expect(ok.code, ok.stderr).toBe(0);
  });
});
