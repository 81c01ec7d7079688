// Starts and stops the real Postfix + Dovecot test stack. One stack per machine at a
// time (it binds fixed loopback ports); concurrent test runs share it: each run
// registers itself in the state directory and the last one out stops the servers.
import { execFile, spawn } from 'node:child_process';
import { closeSync, existsSync, openSync } from 'node:fs';
import { chown, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { makeCerts } from './certs.js';
import { layoutFor, writeConfigs, type StackLayout } from './configs.js';
import { ADDR } from './fixtures.js';

const run = promisify(execFile);

/**
 * Runs a command that leaves a daemon behind. The daemon inherits stdout/stderr, so
 * output goes to a file (a pipe would never close); a non-zero exit shows that file.
 */
async function runDaemon(cmd: string, args: string[], outFile: string): Promise<void> {
  const fd = openSync(outFile, 'a');
  try {
    const code = await new Promise<number | null>((resolve, reject) => {
      const child = spawn(cmd, args, { stdio: ['ignore', fd, fd] });
      child.once('error', reject);
      child.once('exit', (c) => resolve(c));
    });
    if (code !== 0) throw new Error(`${cmd} ${args.join(' ')} exited with ${code}: ${await readFile(outFile, 'utf8').catch(() => '')}`);
  } finally {
    closeSync(fd);
  }
}

export const STATE_DIR = path.join(os.tmpdir(), 'mailsetup-mailstack-state');
const STATE_FILE = path.join(STATE_DIR, 'state.json');
const USERS_DIR = path.join(STATE_DIR, 'users');
const LOCK_DIR = path.join(STATE_DIR, 'lock');

export interface StackInfo {
  /** Root of everything the stack wrote (configs, certs, logs, mail). */
  dir: string;
  caFile: string;
  dovecotLog: string;
  postfixLog: string;
}

/** Every port the stack listens on; ready when all accept. */
export const STACK_PORTS: Array<[string, number]> = [
  [ADDR.main, 25], [ADDR.main, 587], [ADDR.main, 465], [ADDR.main, 143], [ADDR.main, 993],
  [ADDR.noStarttls, 587], [ADDR.openRelay, 25], [ADDR.openRelay, 587],
  [ADDR.hoster, 587], [ADDR.hoster, 465], [ADDR.hoster, 143], [ADDR.hoster, 993],
  [ADDR.untrusted, 587], [ADDR.untrusted, 465], [ADDR.untrusted, 993],
  [ADDR.expired, 587], [ADDR.expired, 465], [ADDR.expired, 993],
];

export function tcpAccepts(host: string, port: number, timeoutMs = 500): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect({ host, port });
    const done = (ok: boolean): void => {
      s.destroy();
      resolve(ok);
    };
    s.setTimeout(timeoutMs, () => done(false));
    s.once('connect', () => done(true));
    s.once('error', () => done(false));
  });
}

async function allUp(): Promise<boolean> {
  const results = await Promise.all(STACK_PORTS.map(([h, p]) => tcpAccepts(h, p)));
  return results.every(Boolean);
}

async function waitFor(check: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`mail stack: timed out waiting for ${what}`);
}

/** Which binaries are missing (empty when the stack can run). */
export function missingBinaries(): string[] {
  const dirs = (process.env.PATH ?? '').split(':').concat(['/usr/sbin', '/usr/bin']);
  return ['postfix', 'dovecot', 'doveadm', 'openssl'].filter((b) => !dirs.some((d) => existsSync(path.join(d, b))));
}

async function withLock<T>(fn: () => Promise<T>): Promise<T> {
  await mkdir(STATE_DIR, { recursive: true });
  const end = Date.now() + 60_000;
  for (;;) {
    try {
      await mkdir(LOCK_DIR);
      break;
    } catch {
      if (Date.now() > end) await rm(LOCK_DIR, { recursive: true, force: true }); // stale lock of a killed run
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  try {
    return await fn();
  } finally {
    await rm(LOCK_DIR, { recursive: true, force: true });
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Registered users whose process still lives (user file names are `PID-RANDOM`). */
async function liveUsers(): Promise<string[]> {
  await mkdir(USERS_DIR, { recursive: true });
  const names = await readdir(USERS_DIR);
  const live: string[] = [];
  for (const n of names) {
    if (alive(Number(n.split('-')[0]))) live.push(n);
    else await rm(path.join(USERS_DIR, n), { force: true });
  }
  return live;
}

async function readState(): Promise<StackInfo | null> {
  try {
    return JSON.parse(await readFile(STATE_FILE, 'utf8')) as StackInfo;
  } catch {
    return null;
  }
}

async function stopServers(l: StackLayout): Promise<void> {
  await Promise.allSettled([
    run('postfix', ['-c', l.postfixDir, 'stop']),
    run('doveadm', ['-c', l.dovecotConf, 'stop']),
  ]);
  await waitFor(async () => !(await Promise.all(STACK_PORTS.map(([h, p]) => tcpAccepts(h, p, 200)))).some(Boolean), 15_000, 'the ports to close');
}

async function startServers(): Promise<StackInfo> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'mailsetup-mailstack-'));
  const certs = await makeCerts(dir);
  const l = await writeConfigs(dir, certs);
  const dovecotGid = await groupId('dovecot');
  if (dovecotGid !== null) await chown(path.join(path.dirname(l.dovecotConf), 'users'), 0, dovecotGid);
  const postfixUid = await userId('postfix');
  if (postfixUid !== null) await chown(path.join(path.dirname(l.postfixDir), 'data'), postfixUid, -1);
  await run('postfix', ['-c', l.postfixDir, 'check']).catch(async (e: unknown) => {
    throw new Error(`postfix check failed: ${String(e)}\n${await readFile(l.postfixLog, 'utf8').catch(() => '')}`);
  });
  await runDaemon('dovecot', ['-c', l.dovecotConf], path.join(dir, 'dovecot', 'start.out'));
  await runDaemon('postfix', ['-c', l.postfixDir, 'start'], path.join(dir, 'postfix', 'start.out'));
  try {
    await waitFor(allUp, 20_000, 'Postfix and Dovecot to listen');
  } catch (e) {
    const logs = [await readFile(l.postfixLog, 'utf8').catch(() => ''), await readFile(l.dovecotLog, 'utf8').catch(() => '')];
    await stopServers(l).catch(() => undefined);
    throw new Error(`${(e as Error).message}\n${logs.join('\n').slice(-4000)}`);
  }
  return { dir, caFile: certs.caFile, dovecotLog: l.dovecotLog, postfixLog: l.postfixLog };
}

async function userId(name: string): Promise<number | null> {
  const line = (await readFile('/etc/passwd', 'utf8')).split('\n').find((l) => l.startsWith(`${name}:`));
  const uid = line?.split(':')[2];
  return uid === undefined ? null : Number(uid);
}

async function groupId(name: string): Promise<number | null> {
  const line = (await readFile('/etc/group', 'utf8')).split('\n').find((l) => l.startsWith(`${name}:`));
  const gid = line?.split(':')[2];
  return gid === undefined ? null : Number(gid);
}

/** Starts the stack, or joins the one another run of this machine already started. */
export async function acquireStack(): Promise<{ info: StackInfo; token: string }> {
  return withLock(async () => {
    const users = await liveUsers();
    let info = await readState();
    if (info && !(users.length > 0 && (await allUp()))) {
      // left over by a run that was killed: stop it and start clean
      await stopServers(layoutFor(info.dir)).catch(() => undefined);
      if (!process.env.MAILSTACK_KEEP) await rm(info.dir, { recursive: true, force: true });
      info = null;
    }
    if (!info) {
      info = await startServers();
      await writeFile(STATE_FILE, JSON.stringify(info));
    }
    const token = `${process.pid}-${Math.random().toString(36).slice(2)}`;
    await writeFile(path.join(USERS_DIR, token), '');
    return { info, token };
  });
}

/** Leaves the stack; the last run out stops the servers and removes their files (MAILSTACK_KEEP=1 keeps them). */
export async function releaseStack(token: string): Promise<void> {
  await withLock(async () => {
    await rm(path.join(USERS_DIR, token), { force: true });
    if ((await liveUsers()).length > 0) return;
    const info = await readState();
    if (info) await stopServers(layoutFor(info.dir));
    await rm(STATE_FILE, { force: true });
    if (info && !process.env.MAILSTACK_KEEP) await rm(info.dir, { recursive: true, force: true });
  });
}
