// accounts.json in states found by fuzzing: a byte order mark, fields from a newer
// version or a hand edit, a symbolic link, a FIFO or a device in its place. Reading
// never changes the file; writing keeps what it does not understand.
import { execFileSync } from 'node:child_process';
import { lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Account } from '../../../shared/accounts.js';
import { ok } from '../../../shared/errors.js';
import { accountsPath, readAccounts, updateAccounts } from '../../../core/accounts/accounts-file.js';
import { acquireLock, LockTimeoutError } from '../../../core/accounts/file-lock.js';
import { sampleAccount } from './sample-account.js';

const dir = (): string => mkdtempSync(path.join(tmpdir(), 'mailsetup-accounts-robust-'));

const server = { host: 'mail.example.com', port: 993, security: 'tls', username: 'a@example.com', auth: ['password-cleartext'] };
const stored = (email: string, extra: Record<string, unknown> = {}) => ({ ...sampleAccount(email), ...extra });
const fileText = (accounts: unknown[], extra: Record<string, unknown> = {}) => `${JSON.stringify({ schemaVersion: 1, accounts, ...extra }, null, 2)}\n`;

const touch = (configDir: string, email: string) =>
  updateAccounts(configDir, (accounts) => ok({ accounts: accounts.map((a): Account => (a.email === email ? { ...a, displayName: 'Touched' } : a)), value: undefined }));
const addNew = (configDir: string, email: string) =>
  updateAccounts(configDir, (accounts) => ok({ accounts: [...accounts, stored(email) as Account], value: undefined }));

describe('accounts.json robustness', () => {
  it('accepts a UTF-8 byte order mark', async () => {
    const d = dir();
    writeFileSync(accountsPath(d), `\uFEFF${fileText([stored('a@example.com')])}`);
    const r = await readAccounts(d);
    expect(r.ok && r.value.map((a) => a.email)).toEqual(['a@example.com']);
    expect((await addNew(d, 'b@example.com')).ok).toBe(true);
    expect(readdirSync(d)).toEqual(['accounts.json']);
  });

  it('keeps fields it does not know at the file, account and server level', async () => {
    const d = dir();
    writeFileSync(
      accountsPath(d),
      fileText([stored('a@example.com', { color: 'blue', incoming: { ...server, protocol: 'imap', oauth: { provider: 'x' } } }), stored('b@example.com', { pinned: true })], { profiles: { work: ['a@example.com'] } }),
    );
    const listed = await readAccounts(d);
    // What the engine hands out keeps its documented shape.
    expect(listed.ok && Object.keys(listed.value[0] as object)).not.toContain('color');
    expect((await touch(d, 'a@example.com')).ok).toBe(true);
    expect((await addNew(d, 'c@example.com')).ok).toBe(true);
    const file = JSON.parse(readFileSync(accountsPath(d), 'utf8'));
    expect(file.profiles).toEqual({ work: ['a@example.com'] });
    expect(file.accounts[0]).toMatchObject({ email: 'a@example.com', displayName: 'Touched', color: 'blue', incoming: { oauth: { provider: 'x' }, host: 'mail.example.com' } });
    expect(file.accounts[1]).toMatchObject({ email: 'b@example.com', pinned: true });
    expect(file.accounts[2].email).toBe('c@example.com');
  });

  it('a read never renames or changes a damaged file', async () => {
    const d = dir();
    writeFileSync(accountsPath(d), '{"schemaVersion":1,');
    for (let i = 0; i < 3; i++) {
      const r = await readAccounts(d);
      expect(!r.ok && r.error.code).toBe('METADATA_CORRUPT');
    }
    expect(readdirSync(d)).toEqual(['accounts.json']);
    expect(readFileSync(accountsPath(d), 'utf8')).toBe('{"schemaVersion":1,');
  });

  it('writes through a symbolic link: the link stays, its target gets the new list', async () => {
    const d = dir();
    const elsewhere = path.join(dir(), 'dotfiles');
    mkdirSync(elsewhere);
    const target = path.join(elsewhere, 'mailsetup-accounts.json');
    writeFileSync(target, fileText([stored('a@example.com')]));
    symlinkSync(target, accountsPath(d));
    expect((await addNew(d, 'b@example.com')).ok).toBe(true);
    expect(lstatSync(accountsPath(d)).isSymbolicLink()).toBe(true);
    expect(readlinkSync(accountsPath(d))).toBe(target);
    expect(JSON.parse(readFileSync(target, 'utf8')).accounts.map((a: Account) => a.email)).toEqual(['a@example.com', 'b@example.com']);
    expect(readdirSync(elsewhere)).toEqual(['mailsetup-accounts.json']);
  });

  it('refuses a link to a missing file instead of replacing the link', async () => {
    const d = dir();
    symlinkSync(path.join(d, 'gone', 'accounts.json'), accountsPath(d));
    const r = await addNew(d, 'a@example.com');
    expect(!r.ok && r.error.message).toMatch(/symbolic link to a file that does not exist/);
    expect(lstatSync(accountsPath(d)).isSymbolicLink()).toBe(true);
  });

  it('refuses a FIFO, a device (or a link to one) and a folder in its place, without waiting or reading them', async () => {
    const cases: Array<[string, (file: string) => void, RegExp]> = [
      ['fifo', (f) => execFileSync('mkfifo', [f]), /named pipe, not a regular file/],
      ['link to /dev/zero', (f) => symlinkSync('/dev/zero', f), /device, not a regular file/],
      ['folder', (f) => mkdirSync(f), /folder, not a regular file/],
    ];
    for (const [label, make, message] of cases) {
      const d = dir();
      make(accountsPath(d));
      for (const r of [await readAccounts(d), await addNew(d, 'a@example.com')]) {
        expect(!r.ok && r.error.code, label).toBe('STORAGE_ERROR');
        expect(!r.ok && r.error.message, label).toMatch(message);
      }
      expect(readdirSync(d), label).toEqual(['accounts.json']);
    }
  });

  it('refuses a file larger than any real accounts list', async () => {
    const d = dir();
    writeFileSync(accountsPath(d), Buffer.alloc(9 * 1024 * 1024, 0x20));
    const r = await readAccounts(d);
    expect(!r.ok && r.error.message).toMatch(/larger than 8 MiB/);
  });

  it('a FIFO planted as the lock file makes a save give up in time, not hang', async () => {
    const d = dir();
    execFileSync('mkfifo', [`${accountsPath(d)}.lock`]);
    await expect(acquireLock(`${accountsPath(d)}.lock`, { waitMs: 300 })).rejects.toBeInstanceOf(LockTimeoutError);
  });
});
