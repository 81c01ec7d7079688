// Without a usable Secret Service the CLI says so in plain words, within the keychain
// timeout, exits 1 without a stack trace, and stores nothing (never a file fallback).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MailSetupError } from '../../../shared/errors.js';
import { createNapiKeyringStore } from '../../../core/keychain/napi-keyring.js';
import { missingServer } from '../../support/require.js';
import { keyringMissing, missingBusEnv, startBusWithoutKeyring, startSilentBus, type BusSession } from '../../support/keyring.js';
import { json, ROOT, runCli } from './cli-runner.js';

const missing = await keyringMissing();
const available = missing === null || missingServer('dbus (for the no-keychain cases)', missing);

const PASSWORD = 'no-keychain-Pa55-ü€';
const MANUAL = ['--imap', '127.0.4.1:993:tls', '--smtp', '127.0.4.1:587:starttls'];

interface Case {
  name: string;
  code: MailSetupError['code'];
  words: RegExp;
  env: () => Record<string, string>;
}

describe.runIf(available)('no usable keychain', () => {
  let bare: BusSession;
  let silent: BusSession;
  let scratch: string;

  beforeAll(async () => {
    try {
      execFileSync('npm', ['run', 'build:engine'], { cwd: ROOT, stdio: 'ignore' });
    } catch {
      // tsc exits non-zero on type errors elsewhere but still emits; the runs below tell.
    }
    bare = await startBusWithoutKeyring();
    silent = await startSilentBus();
    scratch = mkdtempSync(path.join(tmpdir(), 'mailsetup-nobus-'));
  });

  afterAll(async () => {
    await bare?.stop();
    await silent?.stop();
  });

  const cases: Case[] = [
    { name: 'a session bus where nobody provides the Secret Service', code: 'KEYCHAIN_UNAVAILABLE', words: /No keychain is available/, env: () => bare.env },
    { name: 'DBUS_SESSION_BUS_ADDRESS pointing at nothing', code: 'KEYCHAIN_UNAVAILABLE', words: /No keychain is available/, env: () => missingBusEnv(scratch) },
    // A bus that accepts the connection and never answers: only the timeout ends it.
    { name: 'a bus that never answers', code: 'KEYCHAIN_TIMEOUT', words: /did not answer within 1\.5 s/, env: () => silent.env },
  ];

  for (const c of cases) {
    it(`${c.name}: ${c.code}, nothing stored`, async () => {
      const configDir = mkdtempSync(path.join(tmpdir(), 'mailsetup-nokeychain-'));
      const env = { ...process.env, ...c.env(), MAILSETUP_CONFIG_DIR: configDir, MAILSETUP_KEYCHAIN_TIMEOUT_MS: '1500' };
      const run = await runCli(['save', 'jane@example.com', '--password-stdin', ...MANUAL, '--json'], { env, stdin: PASSWORD });
      expect(run.hung).toBe(false);
      expect(run.code).toBe(1);
      const { error } = json<{ error: MailSetupError }>(run);
      expect(error.code).toBe(c.code);
      expect(error.message).toMatch(c.words);
      expect(error.message).toContain('has stored nothing');
      expect(error.fix).toBeTruthy();

      const human = await runCli(['save', 'jane@example.com', '--password-stdin', ...MANUAL], { env, stdin: PASSWORD });
      expect(human.hung).toBe(false);
      expect(human.code).toBe(1);
      expect(human.stderr).toMatch(/^mailsetup: /);
      expect(human.stderr).toContain('what to do: ');
      expect(human.stderr).not.toMatch(/\n\s+at |unexpected error/);

      expect(existsSync(path.join(configDir, 'accounts.json'))).toBe(false);
      expect(readdirSync(configDir).filter((n) => !n.endsWith('.lock'))).toEqual([]);
      for (const out of [run.stdout, run.stderr, human.stdout, human.stderr]) expect(out).not.toContain(PASSWORD);
      // Listing needs no keychain at all.
      expect((await runCli(['accounts', '--json'], { env })).code).toBe(0);
    });
  }

  it('a password in flight is in no process\'s argv or environment (it travels over IPC)', async () => {
    const inFlight = `argv-check-${Date.now()}-ü€`;
    const store = createNapiKeyringStore({ env: { ...process.env, ...silent.env }, timeoutMs: 4000 });
    try {
      // The hung bus keeps the call (and its helper process) alive while /proc is read.
      const pending = store.set('argv@example.com', inFlight);
      await new Promise((r) => setTimeout(r, 500));
      const seen: string[] = [];
      let helpers = 0;
      for (const pid of readdirSync('/proc').filter((n) => /^\d+$/.test(n))) {
        for (const what of ['cmdline', 'environ']) {
          let data: Buffer;
          try {
            data = readFileSync(`/proc/${pid}/${what}`);
          } catch {
            continue;
          }
          if (what === 'cmdline' && data.includes('--expose-gc')) helpers++;
          if (data.includes(Buffer.from(inFlight, 'utf8'))) seen.push(`${pid}/${what}`);
        }
      }
      expect(helpers).toBeGreaterThan(0);
      expect(seen).toEqual([]);
      const r = await pending;
      expect(!r.ok && r.error.code).toBe('KEYCHAIN_TIMEOUT');
    } finally {
      store.close();
    }
  });

  it('the store itself: a hung bus times out every call, and the process can still exit', async () => {
    const store = createNapiKeyringStore({ env: { ...process.env, ...silent.env }, timeoutMs: 500 });
    try {
      const results = await Promise.all([store.get('a@example.com'), store.set('b@example.com', PASSWORD), store.delete('c@example.com')]);
      expect(results.map((r) => !r.ok && r.error.code)).toEqual(['KEYCHAIN_TIMEOUT', 'KEYCHAIN_TIMEOUT', 'KEYCHAIN_TIMEOUT']);
      // A later call gets a fresh helper (the stuck one was killed) and the same clear answer.
      const again = await store.get('a@example.com');
      expect(!again.ok && again.error.code).toBe('KEYCHAIN_TIMEOUT');
    } finally {
      store.close();
    }
  });
});
