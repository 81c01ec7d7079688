// The one way user-named files are read: regular files only, never past the cap.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readBoundedFile } from '../../core/fs/read-bounded.js';

const dir = mkdtempSync(path.join(tmpdir(), 'mailsetup-bounded-'));

describe('readBoundedFile', () => {
  it('reads a regular file (also through a symbolic link)', async () => {
    const file = path.join(dir, 'ok.pem');
    writeFileSync(file, 'x'.repeat(200_000));
    symlinkSync(file, path.join(dir, 'link.pem'));
    for (const f of [file, path.join(dir, 'link.pem')]) {
      const r = await readBoundedFile(f, 1_000_000);
      expect(r.ok && r.bytes.length).toBe(200_000);
    }
  });

  it('refuses a file over the cap', async () => {
    const file = path.join(dir, 'big');
    writeFileSync(file, Buffer.alloc(2049));
    expect(await readBoundedFile(file, 2048)).toMatchObject({ ok: false, reason: 'too-large', detail: 'it is larger than 2 KiB' });
    expect((await readBoundedFile(file, 2049)).ok).toBe(true);
  });

  it('refuses devices, a link to /dev/zero, a FIFO (without blocking) and a folder', async () => {
    symlinkSync('/dev/zero', path.join(dir, 'zero-link'));
    const fifo = path.join(dir, 'fifo');
    execFileSync('mkfifo', [fifo]);
    mkdirSync(path.join(dir, 'folder'));
    for (const [f, kind] of [
      ['/dev/zero', 'a device'],
      ['/dev/urandom', 'a device'],
      [path.join(dir, 'zero-link'), 'a device'],
      [fifo, 'a named pipe'],
      [path.join(dir, 'folder'), 'a folder'],
    ] as const) {
      expect(await readBoundedFile(f, 1_000_000), f).toEqual({ ok: false, reason: 'not-a-file', detail: `it is ${kind}, not a regular file` });
    }
  });

  it('says when the file is missing', async () => {
    expect(await readBoundedFile(path.join(dir, 'nope'), 10)).toMatchObject({ ok: false, reason: 'missing' });
    expect(await readBoundedFile(path.join(dir, 'nope', 'deeper'), 10)).toMatchObject({ ok: false, reason: 'missing' });
  });
});
