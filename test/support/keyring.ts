// A private Secret Service for tests (keychain.md §2): a session dbus-daemon and an
// unlocked gnome-keyring with its files in a temporary XDG_DATA_HOME/HOME, so the
// user's own keyring is never touched. Pass `env` to CLI subprocesses; call stop().
//
// Items written by @napi-rs/keyring carry the attributes `service` and `username`
// (no schema) and the label `keyring:USER@SERVICE`; so
// `secret-tool lookup service mailsetup username jane@example.com` prints a password.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import net from 'node:net';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface BusSession {
  /** DBUS_SESSION_BUS_ADDRESS, XDG_DATA_HOME, HOME, XDG_RUNTIME_DIR for child processes. */
  env: Record<string, string>;
  /** The temporary folder holding the keyring files and sockets. */
  dir: string;
  stop(): Promise<void>;
}

export interface KeyringSession extends BusSession {
  /** Locks the login collection through the Secret Service (as a screen lock would). */
  lock(): Promise<void>;
  /** `secret-tool ARGS…` inside this session (for `search`, stdout and stderr together). */
  secretTool(...args: string[]): Promise<string>;
  /** Whether gnome-keyring-daemon still runs, and its last words if not (for assertion messages). */
  daemonStatus(): string;
}

/** Why a real keyring cannot run here, or null when it can. */
export async function keyringMissing(): Promise<string | null> {
  for (const tool of ['dbus-daemon', 'dbus-send', 'gnome-keyring-daemon', 'secret-tool']) {
    try {
      await run('sh', ['-c', `command -v ${tool}`]);
    } catch {
      return `${tool} is not installed`;
    }
  }
  return null;
}

async function tempSession(prefix: string): Promise<{ dir: string; env: Record<string, string> }> {
  const dir = await mkdtemp(path.join(tmpdir(), prefix));
  const env = { XDG_DATA_HOME: path.join(dir, 'data'), HOME: path.join(dir, 'home'), XDG_RUNTIME_DIR: path.join(dir, 'run') };
  for (const d of Object.values(env)) await mkdir(d, { recursive: true, mode: 0o700 });
  return { dir, env };
}

/**
 * A session bus with a minimal configuration: no service directories, so nothing
 * (gnome-keyring in particular) is auto-activated behind the test's back.
 */
async function startBus(dir: string, runtimeDir: string): Promise<{ address: string; pid: number }> {
  const socket = path.join(runtimeDir, 'bus');
  const config = path.join(dir, 'session.conf');
  await writeFile(
    config,
    `<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN" "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:path=${socket}</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
`,
  );
  const { stdout } = await run('dbus-daemon', [`--config-file=${config}`, '--fork', '--print-pid=1', '--print-address=1']);
  const [address, pidText] = stdout.trim().split('\n');
  return { address: (address ?? '').trim(), pid: Number(pidText) };
}

function kill(pid: number | undefined): void {
  if (pid === undefined || !Number.isInteger(pid) || pid <= 0) return;
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    // already gone
  }
}

/** A D-Bus session with an unlocked gnome-keyring holding an empty login keyring. */
export async function startKeyring(loginPassword = 'test-login-keyring'): Promise<KeyringSession> {
  const { dir, env } = await tempSession('mailsetup-keyring-');
  const bus = await startBus(dir, env.XDG_RUNTIME_DIR as string);
  const fullEnv = { ...env, DBUS_SESSION_BUS_ADDRESS: bus.address };
  const childEnv = { ...process.env, ...fullEnv };
  // --foreground so that we own the process and can stop it; --unlock reads the
  // login password from stdin and creates login.keyring on first use.
  const daemon: ChildProcess = spawn('gnome-keyring-daemon', ['--foreground', '--unlock', '--components=secrets'], {
    env: childEnv,
    stdio: ['pipe', 'ignore', 'pipe'],
  });
  daemon.stdin?.end(loginPassword);
  // Its last output is kept, so a test that loses the daemon can say how it ended.
  let stderrTail = '';
  daemon.stderr?.on('data', (c: Buffer) => (stderrTail = `${stderrTail}${c.toString()}`.slice(-2000)));
  // dbus-send comes with the dbus package itself (gdbus would need libglib2.0-bin).
  const secretService = (method: string, ...args: string[]) =>
    run('dbus-send', ['--session', '--print-reply', '--dest=org.freedesktop.secrets', '/org/freedesktop/secrets', `org.freedesktop.Secret.Service.${method}`, ...args], { env: childEnv, timeout: 10_000 });
  // Ready once the login collection answers.
  const deadline = Date.now() + 15_000;
  for (;;) {
    try {
      const { stdout } = await secretService('ReadAlias', 'string:login');
      if (stdout.includes('/collection/login')) break;
    } catch {
      // not on the bus yet
    }
    if (Date.now() > deadline || daemon.exitCode !== null) {
      kill(daemon.pid);
      kill(bus.pid);
      throw new Error('gnome-keyring-daemon did not come up with an unlocked login keyring');
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    env: fullEnv,
    dir,
    async lock() {
      await secretService('Lock', 'array:objpath:/org/freedesktop/secrets/collection/login');
    },
    async secretTool(...args: string[]) {
      // secret-tool prints the label and secret on stdout but the attributes on stderr.
      const { stdout, stderr } = await run('secret-tool', args, { env: childEnv, timeout: 10_000 });
      return args[0] === 'search' ? `${stdout}${stderr}` : stdout;
    },
    daemonStatus() {
      if (daemon.exitCode === null && daemon.signalCode === null) return 'gnome-keyring-daemon is running';
      return `gnome-keyring-daemon ended (exit code ${String(daemon.exitCode)}, signal ${String(daemon.signalCode)}); its last output: ${stderrTail.trim() || '(none)'}`;
    },
    async stop() {
      kill(daemon.pid);
      kill(bus.pid);
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** A session bus where nobody provides the Secret Service. */
export async function startBusWithoutKeyring(): Promise<BusSession> {
  const { dir, env } = await tempSession('mailsetup-nokeyring-');
  const bus = await startBus(dir, env.XDG_RUNTIME_DIR as string);
  return {
    env: { ...env, DBUS_SESSION_BUS_ADDRESS: bus.address },
    dir,
    async stop() {
      kill(bus.pid);
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** A bus address whose socket accepts connections and never answers: a hung D-Bus. */
export async function startSilentBus(): Promise<BusSession> {
  const { dir, env } = await tempSession('mailsetup-silentbus-');
  const socket = path.join(env.XDG_RUNTIME_DIR as string, 'bus');
  const clients = new Set<net.Socket>();
  const server = net.createServer((c) => {
    clients.add(c);
    c.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(socket, resolve));
  return {
    env: { ...env, DBUS_SESSION_BUS_ADDRESS: `unix:path=${socket}` },
    dir,
    async stop() {
      for (const c of clients) c.destroy();
      await new Promise((r) => server.close(r));
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** A bus address that points at nothing. */
export function missingBusEnv(dir: string): Record<string, string> {
  return { DBUS_SESSION_BUS_ADDRESS: `unix:path=${path.join(dir, 'no-such-bus')}`, XDG_RUNTIME_DIR: dir };
}
