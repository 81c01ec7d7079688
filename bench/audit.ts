// `npm run bench:audit`: the built `mailsetup audit --batch` over 1,000 simulated domains
// on loopback (127.0.13.0/24) with added latency: every DNS answer and every server
// greeting (TCP accept) waits 40 ms. Measured in the same run: domains per second and the
// CLI's peak RSS at concurrency 1 and at 64, and their ratio. Then one domain's full audit
// against the shared stack's good Postfix/Dovecot, median wall time, next to `mailsetup test`
// (the connection test with the real password) on the same servers.
// Knobs (environment): BENCH_AUDIT_DOMAINS, BENCH_AUDIT_SERIAL (domains at concurrency 1),
// BENCH_AUDIT_LATENCY_MS, BENCH_AUDIT_HOSTS (server addresses), BENCH_AUDIT_BATCH_REPS
// (paired batch runs, default 3), BENCH_REPS (single-domain runs, default 5); to see where the
// time goes: BENCH_AUDIT_ARGS (extra batch arguments, e.g. "--threads 1"), BENCH_AUDIT_NODE_ARGS
// (Node options for the CLI, e.g. "--single-threaded-gc"), BENCH_AUDIT_PROFILE (a V8 CPU profile
// of each CLI run), BENCH_AUDIT_QUERIES=1 (DNS questions by shape).
import { spawn } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createTestCa } from '../test/support/ca.js';
import { startDnsServer, type Zone } from '../test/support/dns-server.js';
import { startResponder, type Responder } from '../test/support/audit/responder.js';
import { USERS } from '../test/support/mailstack/fixtures.js';
import { acquireStack, missingBinaries, releaseStack } from '../test/support/mailstack/stack.js';

const DOMAINS = Number(process.env.BENCH_AUDIT_DOMAINS ?? 1000);
const SERIAL = Number(process.env.BENCH_AUDIT_SERIAL ?? 100);
const LATENCY_MS = Number(process.env.BENCH_AUDIT_LATENCY_MS ?? 40);
const HOSTS = Number(process.env.BENCH_AUDIT_HOSTS ?? 64);
const REPS = Number(process.env.BENCH_REPS ?? 5);
const BATCH_REPS = Number(process.env.BENCH_AUDIT_BATCH_REPS ?? 3);
const REPO = path.resolve(import.meta.dirname, '..');
const BIN = path.join(REPO, 'bin', 'mailsetup.js');
// BENCH_AUDIT_PROFILE=DIR writes a V8 CPU profile of each CLI run there (for finding where the time goes).
// BENCH_AUDIT_ARGS="--no-probe": extra arguments for the batch runs (to see what each part costs).
const EXTRA_ARGS = (process.env.BENCH_AUDIT_ARGS ?? '').split(' ').filter(Boolean);
const PROFILE_ARGS = process.env.BENCH_AUDIT_PROFILE ? ['--cpu-prof', '--cpu-prof-dir', process.env.BENCH_AUDIT_PROFILE] : [];

const name = (i: number): string => `d${String(i).padStart(4, '0')}.bench.test`;
const hostOf = (i: number): string => `mail-d${String(i).padStart(4, '0')}.bench.test`;
const addressOf = (i: number): string => `127.0.13.${100 + (i % HOSTS)}`;

function zone(): Zone {
  const key = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
  const z: Zone = {};
  for (let i = 0; i < DOMAINS; i++) {
    const d = name(i);
    const h = hostOf(i);
    z[d] = { MX: [{ priority: 10, exchange: h }], TXT: ['v=spf1 mx -all'] };
    z[`_dmarc.${d}`] = { TXT: [`v=DMARC1; p=reject; rua=mailto:postmaster@${d}`] };
    z[`default._domainkey.${d}`] = { TXT: [`v=DKIM1; k=rsa; p=${key}`] };
    z[`_submission._tcp.${d}`] = { SRV: [{ priority: 0, weight: 1, port: 587, target: h }] };
    z[`_imaps._tcp.${d}`] = { SRV: [{ priority: 0, weight: 1, port: 993, target: h }] };
    z[h] = { A: [addressOf(i)] };
  }
  // the good server of the shared stack, for the single-domain comparison
  z['good.bench.test'] = { MX: [{ priority: 10, exchange: 'mail.example.test' }], TXT: ['v=spf1 mx -all'] };
  z['_dmarc.good.bench.test'] = { TXT: ['v=DMARC1; p=reject'] };
  z['_submission._tcp.good.bench.test'] = { SRV: [{ priority: 0, weight: 1, port: 587, target: 'mail.example.test' }] };
  z['_imaps._tcp.good.bench.test'] = { SRV: [{ priority: 0, weight: 1, port: 993, target: 'mail.example.test' }] };
  z['mail.example.test'] = { A: ['127.0.0.1'] };
  return z;
}

interface Run {
  ms: number;
  peakRssMb: number;
  /** User + system CPU time of the CLI process. */
  cpuMs: number;
  /** Of which in the kernel (sockets, loopback delivery). */
  sysMs: number;
  code: number | null;
  stderr: string;
}

/** Runs the built CLI, sampling its peak resident set (VmHWM) until it exits. */
function runCli(args: string[], env: NodeJS.ProcessEnv, stdin?: string): Promise<Run> {
  return new Promise((resolve) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, [...PROFILE_ARGS, ...(process.env.BENCH_AUDIT_NODE_ARGS ?? '').split(' ').filter(Boolean), BIN, ...args], { env: { ...process.env, ...env }, stdio: ['pipe', 'ignore', 'pipe'] });
    if (stdin !== undefined) child.stdin.end(stdin);
    else child.stdin.end();
    let peakKb = 0;
    let ticks = 0;
    let sysTicks = 0;
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const sample = (): void => {
      try {
        const m = /VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
        if (m) peakKb = Math.max(peakKb, Number(m[1]));
        // fields 14 and 15 of /proc/PID/stat: utime and stime in clock ticks (100 per second)
        const stat = readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
        ticks = Math.max(ticks, Number(stat[11]) + Number(stat[12]));
        sysTicks = Math.max(sysTicks, Number(stat[12]));
      } catch {
        // exited between samples
      }
    };
    const timer = setInterval(sample, 50);
    child.once('close', (code) => {
      clearInterval(timer);
      resolve({ ms: performance.now() - t0, peakRssMb: peakKb / 1024, cpuMs: ticks * 10, sysMs: sysTicks * 10, code, stderr });
    });
  });
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] ?? 0) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
}

/** The DNS server runs in a process of its own, so the responders' TLS work never delays an answer. */
async function startDnsProcess(host: string, delayMs: number): Promise<{ spec: string; stop: () => void }> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(REPO, 'bench', 'audit.ts'), '--dns-only', host, String(delayMs)], { cwd: REPO, stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, BENCH_AUDIT_DOMAINS: String(DOMAINS) } });
  const spec = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /^dns (\S+)$/m.exec(out);
      if (m?.[1]) resolve(m[1]);
    });
    child.once('exit', (code) => reject(new Error(`the bench DNS process exited (${code})`)));
  });
  return { spec, stop: () => void child.kill() };
}

async function dnsOnly(host: string, delayMs: number): Promise<void> {
  const dns = await startDnsServer({ host, zone: zone(), delayMs, frozen: true });
  process.stdout.write(`dns ${dns.spec}\n`);
  process.on('SIGTERM', () => {
    if (process.env.BENCH_AUDIT_QUERIES) {
      const shapes = new Map<string, number>();
      for (const q of dns.queries) {
        const k = `${q.type} ${q.name.replace(/d\d{4}/, 'D')}`;
        shapes.set(k, (shapes.get(k) ?? 0) + 1);
      }
      process.stderr.write(`${dns.queries.length} queries\n${[...shapes].sort((a, b) => b[1] - a[1]).map(([k, n]) => `${n} ${k}`).join('\n')}\n`);
    }
    void dns.close().then(() => process.exit(0));
  });
}

async function main(): Promise<void> {
  const missing = missingBinaries();
  if (missing.length > 0) throw new Error(`bench:audit needs the mail stack for its last part; missing ${missing.join(', ')}`);
  const ca = createTestCa('MailSetup Bench CA');
  const { cert, key } = ca.issue(['*.bench.test']);
  const dns = await startDnsProcess('127.0.13.53', LATENCY_MS);
  const responders: Responder[] = [];
  for (let h = 0; h < HOSTS; h++) {
    const host = `127.0.13.${100 + h}`;
    const opts = { host, cert, key, acceptDelayMs: LATENCY_MS };
    responders.push(
      ...(await Promise.all([
        startResponder({ ...opts, port: 25, protocol: 'smtp', tls: 'starttls' }),
        startResponder({ ...opts, port: 587, protocol: 'smtp', tls: 'starttls' }),
        startResponder({ ...opts, port: 465, protocol: 'smtp', tls: 'implicit' }),
        startResponder({ ...opts, port: 143, protocol: 'imap', tls: 'starttls' }),
        startResponder({ ...opts, port: 993, protocol: 'imap', tls: 'implicit' }),
      ])),
    );
  }
  const dir = mkdtempSync(path.join(tmpdir(), 'mailsetup-bench-audit-'));
  const env = { NODE_EXTRA_CA_CERTS: ca.caFile, MAILSETUP_CONFIG_DIR: dir };
  const batch = async (n: number, concurrency: number, rep: number): Promise<Run & { rate: number; serverCpuMs: number }> => {
    const input = path.join(dir, `in-${concurrency}.txt`);
    writeFileSync(input, Array.from({ length: n }, (_, i) => name(i)).join('\n'));
    const out = path.join(dir, `out-${concurrency}-${rep}.jsonl`);
    const cpu0 = process.cpuUsage();
    const r = await runCli(['audit', '--batch', input, '--out', out, '--concurrency', String(concurrency), '--resolver', dns.spec, '--timeout', '5000', ...EXTRA_ARGS], env);
    const lines = readFileSync(out, 'utf8').split('\n').filter(Boolean);
    const verdicts = lines.map((l) => (JSON.parse(l) as { verdict: string }).verdict);
    if (lines.length !== n) throw new Error(`concurrency ${concurrency}: ${lines.length} of ${n} results\n${r.stderr}`);
    const fails = verdicts.filter((v) => v === 'fail').length;
    // The throw-away CA's certificates live 3 days, so "warn: renew soon" is the expected verdict here.
    if (fails > 0) process.stderr.write(`note: at concurrency ${concurrency}, ${fails} of ${n} simulated domains failed (timeouts under load)\n${r.stderr.slice(-600)}\n`);
    const cpu = process.cpuUsage(cpu0);
    return { ...r, rate: n / (r.ms / 1000), serverCpuMs: (cpu.user + cpu.system) / 1000 };
  };
  try {
    console.log(`bench:audit — ${DOMAINS} simulated domains, ${LATENCY_MS} ms per DNS answer and per server greeting, ${HOSTS} server addresses`);
    const line = (label: string, n: number, r: Run & { rate: number; serverCpuMs: number }): string =>
      `${label}: ${n} domains in ${(r.ms / 1000).toFixed(1)} s = ${r.rate.toFixed(2)} domains/s, peak RSS ${r.peakRssMb.toFixed(0)} MB, CPU ${(r.cpuMs / n).toFixed(1)} ms per domain, ${(r.sysMs / n).toFixed(1)} of it in the kernel (simulated servers: ${(r.serverCpuMs / n).toFixed(1)} ms)`;
    // Paired runs, alternating, so that the machine's drift touches both sides alike.
    const ones: (Run & { rate: number; serverCpuMs: number })[] = [];
    const manys: (Run & { rate: number; serverCpuMs: number })[] = [];
    for (let rep = 0; rep < BATCH_REPS; rep++) {
      const one = await batch(SERIAL, 1, rep);
      console.log(line(`run ${rep + 1}, concurrency  1`, SERIAL, one));
      const many = await batch(DOMAINS, 64, rep);
      console.log(line(`run ${rep + 1}, concurrency 64`, DOMAINS, many));
      ones.push(one);
      manys.push(many);
    }
    const rate1 = median(ones.map((r) => r.rate));
    const rate64 = median(manys.map((r) => r.rate));
    const peak = Math.max(...manys.map((r) => r.peakRssMb), ...ones.map((r) => r.peakRssMb));
    console.log(`medians of ${BATCH_REPS}: concurrency 1 ${rate1.toFixed(2)} domains/s, concurrency 64 ${rate64.toFixed(2)} domains/s, CPU ${median(manys.map((r) => r.cpuMs / DOMAINS)).toFixed(0)} ms per domain at 64`);
    console.log(`throughput ratio 64 : 1 = ${(rate64 / rate1).toFixed(1)}x (goal ≥ 30x); highest peak RSS ${peak.toFixed(0)} MB (goal < 300 MB)`);
  } finally {
    await Promise.all(responders.map((r) => r.close()));
  }

  // One domain's full audit vs the connection test, same good servers (127.0.0.1), no added latency.
  const { info, token } = await acquireStack();
  try {
    const stackEnv = { NODE_EXTRA_CA_CERTS: info.caFile, MAILSETUP_CONFIG_DIR: dir };
    const fast = await startDnsProcess('127.0.13.54', 0);
    try {
      const audit: number[] = [];
      const test: number[] = [];
      const auditArgs = ['audit', 'good.bench.test', '--json', '--resolver', fast.spec];
      const testArgs = ['test', USERS.alice.email, '--password-stdin', '--json', '--imap', 'mail.example.test:993:tls', '--smtp', 'mail.example.test:587:starttls', '--resolver', fast.spec];
      await runCli(auditArgs, stackEnv);
      await runCli(testArgs, stackEnv, USERS.alice.password);
      for (let i = 0; i < REPS; i++) {
        audit.push((await runCli(auditArgs, stackEnv)).ms);
        const t = await runCli(testArgs, stackEnv, USERS.alice.password);
        if (t.code !== 0) throw new Error(`mailsetup test failed: ${t.stderr}`);
        test.push(t.ms);
      }
      console.log(`one domain, whole command, median of ${REPS}: mailsetup audit ${median(audit).toFixed(0)} ms; mailsetup test ${median(test).toFixed(0)} ms; audit/test = ${(median(audit) / median(test)).toFixed(2)}`);
    } finally {
      fast.stop();
    }
  } finally {
    await releaseStack(token);
    dns.stop();
    ca.cleanup();
  }
}

const dnsFlag = process.argv.indexOf('--dns-only');
(dnsFlag >= 0 ? dnsOnly(process.argv[dnsFlag + 1] as string, Number(process.argv[dnsFlag + 2])) : main()).catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : String(e));
  process.exit(1);
});
