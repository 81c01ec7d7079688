// save / accounts / forget / recordLastTest over an in-memory keychain: the order of
// writes, the rollback, and that no password reaches accounts.json.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createAccountHandlers } from '../../../core/accounts/handlers.js';
import { recordLastTest } from '../../../core/accounts/last-test.js';
import { accountsPath } from '../../../core/accounts/accounts-file.js';
import type { Deps } from '../../../core/deps.js';
import type { SecretStore } from '../../../core/keychain/secret-store.js';
import { fail, ok, type ErrorCode } from '../../../shared/errors.js';
import type { SaveParams } from '../../../shared/accounts.js';

class MemoryStore implements SecretStore {
  items = new Map<string, string>();
  failWith: ErrorCode | undefined;
  log: string[] = [];
  /** Runs after each successful set: lets a test change the world between the two writes. */
  afterSet: (() => void) | undefined;
  async get(user: string) {
    this.log.push(`get ${user}`);
    return this.failWith ? fail(this.failWith, 'keychain says no') : ok(this.items.get(user) ?? null);
  }
  async set(user: string, secret: string) {
    this.log.push(`set ${user}`);
    if (this.failWith) return fail(this.failWith, 'keychain says no');
    this.items.set(user, secret);
    this.afterSet?.();
    return ok(undefined);
  }
  /** Runs after each successful delete. */
  afterDelete: (() => void) | undefined;
  /** Refuses to delete this one item. */
  refuseDelete: string | undefined;
  async delete(user: string) {
    this.log.push(`delete ${user}`);
    if (this.failWith || this.refuseDelete === user) return fail(this.failWith ?? 'KEYCHAIN_LOCKED', 'keychain says no');
    const had = this.items.delete(user);
    this.afterDelete?.();
    return ok(had);
  }
}

function setup(configDir = mkdtempSync(path.join(tmpdir(), 'mailsetup-handlers-'))) {
  const keychain = new MemoryStore();
  const deps = {
    clock: { now: () => 0 },
    makeResolver: () => {
      throw new Error('no network in this test');
    },
    makeHttp: () => {
      throw new Error('no network in this test');
    },
    extraCa: [],
    keychain,
    configDir,
    ispdbUrl: 'http://127.0.0.1:9/',
  } as unknown as Deps;
  return { deps, keychain, configDir, handlers: createAccountHandlers(deps) };
}

const manual = (email: string, password: string, extra: Partial<SaveParams> = {}): SaveParams => ({
  email,
  password,
  imap: { host: 'imap.example.com', port: 993, security: 'tls' },
  smtp: { host: 'smtp.example.com', port: 587, security: 'starttls' },
  ...extra,
});

describe('account handlers', () => {
  it('saves the password in the keychain under the normalised address and the rest in accounts.json', async () => {
    const { handlers, keychain, configDir } = setup();
    const r = await handlers.save(manual('Jane.Doe@EXAMPLE.com', 'pw-jane-123', { displayName: 'Jane', username: 'jdoe' }), {});
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value).toMatchObject({
      email: 'Jane.Doe@example.com',
      displayName: 'Jane',
      incoming: { protocol: 'imap', host: 'imap.example.com', port: 993, security: 'tls', username: 'jdoe' },
      outgoing: { protocol: 'smtp', host: 'smtp.example.com', port: 587, security: 'starttls', username: 'jdoe' },
      separateSmtpPassword: false,
      source: 'manual',
    });
    expect([...keychain.items]).toEqual([['Jane.Doe@example.com', 'pw-jane-123']]);
    // The secret is written before the settings.
    expect(keychain.log.indexOf('set Jane.Doe@example.com')).toBeGreaterThanOrEqual(0);
    expect(readFileSync(accountsPath(configDir), 'utf8')).not.toContain('pw-jane-123');
    const listed = await handlers.accounts({}, {});
    expect(listed.ok && listed.value.map((a) => a.email)).toEqual(['Jane.Doe@example.com']);
  });

  it('keeps a separate SMTP password as a second item and drops it when no longer separate', async () => {
    const { handlers, keychain, configDir } = setup();
    const r = await handlers.save(manual('a@example.com', 'pw-a', { smtpPassword: 'smtp-a' }), {});
    expect(r.ok && r.value.separateSmtpPassword).toBe(true);
    expect(keychain.items.get('a@example.com#smtp')).toBe('smtp-a');
    expect(readFileSync(accountsPath(configDir), 'utf8')).not.toMatch(/pw-a|smtp-a/);
    const again = await handlers.save(manual('a@example.com', 'pw-a2'), {});
    expect(again.ok && again.value.separateSmtpPassword).toBe(false);
    expect([...keychain.items]).toEqual([['a@example.com', 'pw-a2']]);
  });

  it('updates an account in place: new settings, createdAt kept, the stale test result dropped', async () => {
    const { deps, handlers } = setup();
    const first = await handlers.save(manual('a@example.com', 'pw'), {});
    expect((await recordLastTest(deps, 'a@example.com', { at: '2026-01-01T00:00:00Z', ok: true, summary: 'all good' })).ok).toBe(true);
    const listed = await handlers.accounts({}, {});
    expect(listed.ok && listed.value[0]?.lastTest?.summary).toBe('all good');
    const second = await handlers.save(manual('a@example.com', 'pw', { imap: { host: 'new.example.com', port: 143, security: 'starttls' } }), {});
    expect(second.ok && first.ok && second.value.createdAt).toBe(first.ok ? first.value.createdAt : '');
    const after = await handlers.accounts({}, {});
    expect(after.ok && after.value).toHaveLength(1);
    expect(after.ok && after.value[0]?.incoming.host).toBe('new.example.com');
    expect(after.ok && after.value[0]?.lastTest).toBeUndefined();
  });

  it('stores nothing when the keychain refuses', async () => {
    const { handlers, keychain, configDir } = setup();
    keychain.failWith = 'KEYCHAIN_LOCKED';
    const r = await handlers.save(manual('a@example.com', 'pw'), {});
    expect(!r.ok && r.error.code).toBe('KEYCHAIN_LOCKED');
    expect(() => readFileSync(accountsPath(configDir))).toThrow();
  });

  it('rolls the keychain back when the settings cannot be written', async () => {
    const { handlers, keychain, configDir } = setup();
    expect((await handlers.save(manual('old@example.com', 'old-pw'), {})).ok).toBe(true);
    // Between the keychain write and the settings write, a newer MailSetup rewrites the
    // file: the save must fail and leave the keychain as it was.
    const newer = JSON.stringify({ schemaVersion: 99, accounts: [] });
    keychain.afterSet = () => writeFileSync(accountsPath(configDir), newer);
    const fresh = await handlers.save(manual('new@example.com', 'new-pw', { smtpPassword: 'new-smtp' }), {});
    expect(!fresh.ok && fresh.error.code).toBe('METADATA_TOO_NEW');
    expect(keychain.items.has('new@example.com')).toBe(false);
    expect(keychain.items.has('new@example.com#smtp')).toBe(false);
    keychain.afterSet = undefined;
    writeFileSync(accountsPath(configDir), JSON.stringify({ schemaVersion: 1, accounts: [] }));
    keychain.afterSet = () => writeFileSync(accountsPath(configDir), newer);
    const update = await handlers.save(manual('old@example.com', 'changed-pw'), {});
    expect(update.ok).toBe(false);
    expect(keychain.items.get('old@example.com')).toBe('old-pw');
    expect(readFileSync(accountsPath(configDir), 'utf8')).toBe(newer);
  });

  it('forget removes both keychain items and the settings; a second forget says it is not there', async () => {
    const { handlers, keychain } = setup();
    await handlers.save(manual('a@example.com', 'pw', { smtpPassword: 'smtp' }), {});
    await handlers.save(manual('b@example.com', 'pw-b'), {});
    const r = await handlers.forget({ email: 'a@EXAMPLE.COM' }, {});
    expect(r).toEqual({ ok: true, value: { email: 'a@example.com', removedSecrets: 2, removedSettings: true } });
    expect([...keychain.items.keys()]).toEqual(['b@example.com']);
    const listed = await handlers.accounts({}, {});
    expect(listed.ok && listed.value.map((a) => a.email)).toEqual(['b@example.com']);
    const again = await handlers.forget({ email: 'a@example.com' }, {});
    expect(!again.ok && again.error.code).toBe('ACCOUNT_NOT_FOUND');
  });

  it('forget keeps the settings when the keychain refuses', async () => {
    const { handlers, keychain } = setup();
    await handlers.save(manual('a@example.com', 'pw'), {});
    keychain.failWith = 'KEYCHAIN_UNAVAILABLE';
    const r = await handlers.forget({ email: 'a@example.com' }, {});
    expect(!r.ok && r.error.code).toBe('KEYCHAIN_UNAVAILABLE');
    const listed = await handlers.accounts({}, {});
    expect(listed.ok && listed.value).toHaveLength(1);
  });

  it('forget removes nothing when accounts.json cannot be updated (damaged, newer, not a file)', async () => {
    const states: Array<[string, (file: string) => void, string]> = [
      ['not JSON', (f) => writeFileSync(f, '{"schemaVersion":1,"accounts":['), 'METADATA_CORRUPT'],
      ['wrong shape', (f) => writeFileSync(f, JSON.stringify({ schemaVersion: 1, accounts: [{ email: 'a@example.com' }] })), 'METADATA_CORRUPT'],
      ['newer version', (f) => writeFileSync(f, JSON.stringify({ schemaVersion: 7, accounts: [] })), 'METADATA_TOO_NEW'],
      ['a folder', (f) => (rmSync(f), mkdirSync(f)), 'STORAGE_ERROR'],
    ];
    for (const [label, damage, code] of states) {
      const { handlers, keychain, configDir } = setup();
      await handlers.save(manual('a@example.com', 'pw', { smtpPassword: 'smtp' }), {});
      damage(accountsPath(configDir));
      const r = await handlers.forget({ email: 'a@example.com' }, {});
      expect(!r.ok && r.error.code, label).toBe(code);
      expect([...keychain.items.keys()].sort(), label).toEqual(['a@example.com', 'a@example.com#smtp']);
      expect(keychain.log.filter((l) => l.startsWith('delete')), label).toEqual([]);
      expect(readdirSync(configDir), label).toEqual(['accounts.json']);
    }
  });

  it('forget puts the secrets back when the new settings file cannot be put in place', async () => {
    const { handlers, keychain, configDir } = setup();
    await handlers.save(manual('a@example.com', 'pw', { smtpPassword: 'smtp' }), {});
    // After the keychain removals, a folder takes the file's place: the rename fails.
    keychain.afterDelete = () => {
      if (keychain.items.size > 0) return;
      rmSync(accountsPath(configDir));
      mkdirSync(path.join(accountsPath(configDir), 'blocker'), { recursive: true });
    };
    const r = await handlers.forget({ email: 'a@example.com' }, {});
    expect(!r.ok && r.error.code).toBe('STORAGE_ERROR');
    expect(keychain.items.get('a@example.com')).toBe('pw');
    expect(keychain.items.get('a@example.com#smtp')).toBe('smtp');
  });

  it('forget puts the first secret back when the keychain refuses the second', async () => {
    const { handlers, keychain } = setup();
    await handlers.save(manual('a@example.com', 'pw', { smtpPassword: 'smtp' }), {});
    keychain.refuseDelete = 'a@example.com#smtp';
    const r = await handlers.forget({ email: 'a@example.com' }, {});
    expect(!r.ok && r.error.code).toBe('KEYCHAIN_LOCKED');
    expect(keychain.log).toContain('delete a@example.com');
    expect(keychain.items.get('a@example.com')).toBe('pw');
    const listed = await handlers.accounts({}, {});
    expect(listed.ok && listed.value).toHaveLength(1);
  });

  it('recordLastTest needs a saved account', async () => {
    const { deps } = setup();
    const r = await recordLastTest(deps, 'nobody@example.com', { at: '2026-01-01T00:00:00Z', ok: false, summary: 'x' });
    expect(!r.ok && r.error.code).toBe('ACCOUNT_NOT_FOUND');
  });

  it('rejects a bad address before touching anything', async () => {
    const { handlers, keychain } = setup();
    const r = await handlers.save(manual('not-an-address', 'pw'), {});
    expect(!r.ok && r.error.code).toBe('BAD_INPUT');
    expect(keychain.log).toEqual([]);
  });
});
