// accounts.json: atomic writes, the lock, schema versions, damaged files kept aside.
import { mkdtempSync, readdirSync, readFileSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import type { Account } from '../../../shared/accounts.js';
import { ok } from '../../../shared/errors.js';
import { accountsPath, readAccounts, SCHEMA_VERSION, updateAccounts } from '../../../core/accounts/accounts-file.js';
import { sampleAccount } from './sample-account.js';

const dir = (): string => mkdtempSync(path.join(tmpdir(), 'mailsetup-accounts-file-'));

const account = sampleAccount;

const add = (configDir: string, email: string) =>
  updateAccounts(configDir, (accounts) => ok({ accounts: [...accounts.filter((a) => a.email !== email), account(email)], value: email }));

describe('accounts.json', () => {
  it('starts empty, then holds a versioned list readable only by the user', async () => {
    const d = dir();
    expect(await readAccounts(d)).toEqual({ ok: true, value: [] });
    expect((await add(d, 'b@example.com')).ok).toBe(true);
    expect((await add(d, 'a@example.com')).ok).toBe(true);
    const file = JSON.parse(readFileSync(accountsPath(d), 'utf8'));
    expect(file.schemaVersion).toBe(SCHEMA_VERSION);
    expect(file.accounts.map((a: Account) => a.email)).toEqual(['a@example.com', 'b@example.com']);
    expect(statSync(accountsPath(d)).mode & 0o777).toBe(0o600);
    // No temp file or lock file is left behind.
    expect(readdirSync(d).sort()).toEqual(['accounts.json']);
  });

  it('creates the settings folder when it does not exist yet', async () => {
    const d = path.join(dir(), 'nested', 'mailsetup');
    expect((await add(d, 'a@example.com')).ok).toBe(true);
    expect((await readAccounts(d)).ok).toBe(true);
  });

  it('a failed change writes nothing', async () => {
    const d = dir();
    await add(d, 'a@example.com');
    const before = readFileSync(accountsPath(d), 'utf8');
    const r = await updateAccounts(d, () => ({ ok: false, error: { code: 'ACCOUNT_NOT_FOUND', message: 'no' } }));
    expect(r.ok).toBe(false);
    expect(readFileSync(accountsPath(d), 'utf8')).toBe(before);
  });

  it('reports a file that is not JSON without touching it; a save renames it aside, keeping its bytes', async () => {
    const d = dir();
    const damaged = '{"schemaVersion":1,"accounts":[{"email":"kept@example.com"';
    writeFileSync(accountsPath(d), damaged);
    const read = await readAccounts(d);
    expect(!read.ok && read.error.code).toBe('METADATA_CORRUPT');
    expect(!read.ok && read.error.message).toMatch(/not valid JSON.*left as it is/);
    expect(readdirSync(d)).toEqual(['accounts.json']);
    expect(readFileSync(accountsPath(d), 'utf8')).toBe(damaged);

    const r = await readAccounts(d, { moveAsideDamaged: true });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('METADATA_CORRUPT');
    const aside = readdirSync(d).filter((n) => n.startsWith('accounts.json.corrupt-'));
    expect(aside).toHaveLength(1);
    expect(r.error.message).toContain(aside[0]);
    expect(readFileSync(path.join(d, aside[0] as string), 'utf8')).toBe(damaged);
    // The next save starts a fresh list; the kept file stays.
    expect((await add(d, 'new@example.com')).ok).toBe(true);
    expect((await readAccounts(d)).ok && readdirSync(d).filter((n) => n.startsWith('accounts.json.corrupt-'))).toHaveLength(1);
  });

  it('treats a JSON file of the wrong shape as damaged, and a save does not overwrite it', async () => {
    const d = dir();
    const original = JSON.stringify({ schemaVersion: 1, accounts: [{ email: 'x@example.com', incoming: 'nope' }] });
    writeFileSync(accountsPath(d), original);
    const r = await add(d, 'new@example.com');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe('METADATA_CORRUPT');
    const aside = readdirSync(d).find((n) => n.startsWith('accounts.json.corrupt-'));
    expect(readFileSync(path.join(d, aside as string), 'utf8')).toBe(original);
  });

  it('leaves a file from a newer MailSetup untouched and refuses to write over it', async () => {
    const d = dir();
    const newer = JSON.stringify({ schemaVersion: SCHEMA_VERSION + 1, accounts: [], somethingNew: true });
    writeFileSync(accountsPath(d), newer);
    for (const r of [await readAccounts(d), await add(d, 'a@example.com')]) {
      expect(r.ok).toBe(false);
      if (!r.ok) {
        expect(r.error.code).toBe('METADATA_TOO_NEW');
        expect(r.error.message).toMatch(/newer MailSetup/);
        expect(r.error.fix).toMatch(/Update MailSetup/);
      }
    }
    expect(readFileSync(accountsPath(d), 'utf8')).toBe(newer);
    expect(readdirSync(d)).toEqual(['accounts.json']);
  });

  it('loses no account when 100 saves run at once', async () => {
    const d = dir();
    const emails = Array.from({ length: 100 }, (_, i) => `user${i}@example.com`);
    const results = await Promise.all(emails.map((e) => add(d, e)));
    expect(results.every((r) => r.ok)).toBe(true);
    const r = await readAccounts(d);
    expect(r.ok && r.value.map((a) => a.email).sort()).toEqual([...emails].sort());
  });

  it('waits for a lock held by a live process, and breaks one left by a dead process', async () => {
    const d = dir();
    await add(d, 'first@example.com');
    // A lock owned by a process that no longer exists (killed mid-save).
    const dead = spawn(process.execPath, ['-e', '']);
    await new Promise((r) => dead.on('exit', r));
    writeFileSync(`${accountsPath(d)}.lock`, `${dead.pid}\n${hostname()}\n0\n`);
    writeFileSync(`${accountsPath(d)}.tmp-${dead.pid}-abcd`, 'half-written');
    expect((await add(d, 'second@example.com')).ok).toBe(true);
    expect(readdirSync(d).sort()).toEqual(['accounts.json']);

    // A lock owned by a live process: the save waits until it is released.
    const lock = `${accountsPath(d)}.lock`;
    writeFileSync(lock, `${process.pid}\n${hostname()}\n0\n`);
    let done = false;
    const pending = add(d, 'third@example.com').then((r) => {
      done = true;
      return r;
    });
    await new Promise((r) => setTimeout(r, 150));
    expect(done).toBe(false);
    unlinkSync(lock);
    expect((await pending).ok).toBe(true);
    const r = await readAccounts(d);
    expect(r.ok && r.value.map((a) => a.email)).toEqual(['first@example.com', 'second@example.com', 'third@example.com']);
  });
});
