// Runs the real Thunderbird (Debian's package) headless on a given profile folder and
// drives it through Marionette. Thunderbird is kept offline (offline.startup_state 3,
// checked after every start), every connection it might still open goes to a SOCKS
// proxy on a closed port of our loopback block (127.0.15.0/24) with no direct
// fallback and no local DNS, and Marionette's recommended prefs turn off update,
// telemetry and remote-settings fetches: the account's hosts are never contacted.
// Marionette listens on 127.0.0.1 on a port of its own choosing (marionette.port 0,
// read back from MarionetteActivePort).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Marionette } from './marionette.js';
import { missingServer } from './require.js';

const BINARY = 'thunderbird';

/** True when Thunderbird is installed; otherwise skips locally and fails in CI. */
export function haveThunderbird(): boolean {
  const found = spawnSync('sh', ['-c', `command -v ${BINARY}`]).status === 0;
  return found || missingServer('Thunderbird', 'the thunderbird package is not installed');
}

export function thunderbirdVersion(): string {
  return spawnSync(BINARY, ['--version'], { encoding: 'utf8', env: { ...process.env, MOZ_HEADLESS: '1' } }).stdout.trim();
}

/**
 * Test-only prefs, in user.js so they stay apart from prefs.js (the file under test).
 * None of them touches mail.* prefs.
 */
const TEST_PREFS: Record<string, string | number | boolean> = {
  'marionette.port': 0,
  'offline.startup_state': 3,
  'network.proxy.type': 1,
  'network.proxy.socks': '127.0.15.1',
  'network.proxy.socks_port': 9,
  'network.proxy.socks_remote_dns': true,
  'network.proxy.failover_direct': false,
  'network.proxy.no_proxies_on': '',
  'network.trr.mode': 5,
  'network.dns.disablePrefetch': true,
  'mail.shell.checkDefaultClient': false,
  'mailnews.start_page.enabled': false,
  'mail.rights.override': true,
  'mail.provider.suppress_dialog_on_startup': true,
  'app.update.disabledForTesting': true,
  'datareporting.policy.dataSubmissionEnabled': false,
  'toolkit.telemetry.reportingpolicy.firstRun': false,
  'mail.e2ee.auto_enable': false,
  'browser.dom.window.dump.enabled': true,
};

const created: string[] = [];

/** A folder with profile/ (user.js holding TEST_PREFS only) and home/ for one Thunderbird. */
export function newProfileDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'mailsetup-tb-'));
  created.push(dir);
  mkdirSync(join(dir, 'profile'));
  mkdirSync(join(dir, 'home'));
  const userJs = Object.entries(TEST_PREFS)
    .map(([k, v]) => `user_pref(${JSON.stringify(k)}, ${JSON.stringify(v)});`)
    .join('\n');
  writeFileSync(join(dir, 'profile', 'user.js'), `${userJs}\n`);
  return dir;
}

/**
 * Registers BASE/profile in BASE/home/.thunderbird/profiles.ini with Thunderbird's own
 * profile manager (-CreateProfile), as an installed Thunderbird would have it.
 */
export function registerProfile(base: string): number | null {
  const r = spawnSync(BINARY, ['--headless', '-CreateProfile', `mailsetup ${join(base, 'profile')}`], {
    env: { PATH: process.env.PATH, HOME: join(base, 'home'), MOZ_HEADLESS: '1', MOZ_CRASHREPORTER_DISABLE: '1' },
    timeout: 60_000,
  });
  return r.status;
}

/** Removes the folders newProfileDir made (a used profile is about 8 MB). */
export function removeProfileDirs(): void {
  for (const dir of created.splice(0)) rmSync(dir, { recursive: true, force: true });
}

export class RunningThunderbird {
  private constructor(
    readonly child: ChildProcess,
    readonly marionette: Marionette,
    private readonly exited: Promise<number | null>,
    private readonly output: { text: string },
  ) {}

  /** Starts Thunderbird on BASE/profile and connects Marionette (chrome context). */
  static async start(base: string, timeoutMs = 90_000): Promise<RunningThunderbird> {
    const profile = join(base, 'profile');
    const portFile = join(profile, 'MarionetteActivePort');
    rmSync(portFile, { force: true });
    const home = join(base, 'home');
    const child = spawn(BINARY, ['--headless', '--marionette', '-remote-allow-system-access', '-no-remote', '-profile', profile], {
      env: {
        PATH: process.env.PATH,
        HOME: home,
        XDG_CONFIG_HOME: join(home, '.config'),
        XDG_CACHE_HOME: join(home, '.cache'),
        XDG_RUNTIME_DIR: home,
        TMPDIR: process.env.TMPDIR ?? tmpdir(),
        MOZ_HEADLESS: '1',
        MOZ_CRASHREPORTER_DISABLE: '1',
        LANG: 'C.UTF-8',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const output = { text: '' };
    const keep = (b: Buffer): void => {
      output.text = (output.text + b.toString('utf8')).slice(-20_000);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    let exitCode: number | null | undefined;
    const exited = new Promise<number | null>((resolve) =>
      child.once('exit', (code) => {
        exitCode = code;
        resolve(code);
      }),
    );
    const deadline = Date.now() + timeoutMs;
    let port = 0;
    while (Date.now() < deadline && exitCode === undefined) {
      if (existsSync(portFile)) {
        port = Number(readFileSync(portFile, 'utf8').trim());
        if (port > 0) break;
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    if (port === 0) {
      child.kill('SIGKILL');
      throw new Error(`Thunderbird did not open Marionette (exit ${String(exitCode)}):\n${output.text}`);
    }
    const marionette = await Marionette.open(port).catch((e: unknown) => {
      child.kill('SIGKILL');
      throw e;
    });
    const tb = new RunningThunderbird(child, marionette, exited, output);
    // The account manager loads accounts lazily: load them before the test looks.
    try {
      const offline = await marionette.run<boolean>(`
        const { MailServices } = ChromeUtils.importESModule('resource:///modules/MailServices.sys.mjs');
        MailServices.accounts.accounts;
        return Services.io.offline;`);
      if (!offline) throw new Error('Thunderbird started online; the tests keep it offline');
    } catch (e) {
      await tb.kill();
      throw e;
    }
    return tb;
  }

  /** What Thunderbird printed (for failure messages). */
  log(): string {
    return this.output.text;
  }

  /** Quits the way the File menu does (Services.startup.quit, eAttemptQuit) and waits for the exit. */
  async quit(timeoutMs = 60_000): Promise<number | null> {
    await this.marionette.command('Marionette:Quit', { flags: ['eAttemptQuit'] }, timeoutMs).catch(() => undefined);
    this.marionette.close();
    const timer = setTimeout(() => this.child.kill('SIGKILL'), timeoutMs);
    try {
      return await this.exited;
    } finally {
      clearTimeout(timer);
    }
  }

  /** Last resort after a failed test: the process must not outlive the suite. */
  async kill(): Promise<void> {
    this.marionette.close();
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
    await this.exited;
  }
}
