// `npm run bench:probe`: the full connection test (SMTP 587 STARTTLS + relay check +
// AUTH, IMAP 993 login + folders) against the real local Postfix/Dovecot stack through
// a proxy that adds latency to every chunk each way. Measured in the same run:
// SMTP+IMAP concurrently, the same two tests one after the other, and each alone.
// Prints medians and ratios, and the SMTP round trips per test against the minimum
// the protocol needs. Addresses 127.0.2.1 (the latency proxies).
import { readFile } from 'node:fs/promises';
import { testImap } from '../core/probe/imap-test.js';
import { createRedactor } from '../core/probe/redact.js';
import { runConnectionTest } from '../core/probe/run-test.js';
import { testSmtp } from '../core/probe/smtp-test.js';
import type { ProbeContext } from '../core/probe/context.js';
import { trustedContext } from '../core/net/tls-trust.js';
import { ADDR, USERS } from '../test/support/mailstack/fixtures.js';
import { acquireStack, missingBinaries, releaseStack } from '../test/support/mailstack/stack.js';
import { createStaticResolver } from '../test/support/mailstack/static-resolver.js';
import { startProxy, type TcpTool } from '../test/support/mailstack/tcp-tools.js';

const DELAY_MS = Number(process.env.BENCH_DELAY_MS ?? 30);
const REPS = Number(process.env.BENCH_REPS ?? 7);
const PROXY = '127.0.2.1';
const HOST = 'bench.example.test';

/** The fewest round trips for "AUTH proven on 587 + relay refused": TCP, EHLO, STARTTLS, TLS 1.3, EHLO, MAIL+RCPT+RSET pipelined, AUTH PLAIN. */
const SMTP_MINIMUM = 7;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] ?? 0) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
}

async function timed<T>(fn: () => Promise<T>): Promise<[number, T]> {
  const t = performance.now();
  const v = await fn();
  return [performance.now() - t, v];
}

async function main(): Promise<void> {
  const missing = missingBinaries();
  if (missing.length > 0) throw new Error(`bench:probe needs the mail stack; missing ${missing.join(', ')} (run scripts/install-test-deps.sh)`);
  const { info, token } = await acquireStack();
  const proxies: TcpTool[] = [];
  try {
    const smtpProxy = await startProxy({ host: PROXY, port: 587, target: { host: ADDR.main, port: 587 }, delayMs: DELAY_MS });
    const imapProxy = await startProxy({ host: PROXY, port: 993, target: { host: ADDR.main, port: 993 }, delayMs: DELAY_MS });
    proxies.push(smtpProxy, imapProxy);
    // bench.example.test is not on the certificate: trust that exact certificate, as a user could.
    const ctx: ProbeContext = {
      resolver: createStaticResolver({ [HOST]: PROXY, 'mail.example.test': PROXY }),
      secureContext: trustedContext([await readFile(info.caFile, 'utf8')]),
      trustedFingerprints: new Set(),
      timeoutMs: 10_000,
      redactor: createRedactor([USERS.alice.password]),
    };
    const input = {
      email: USERS.alice.email,
      username: USERS.alice.email,
      smtp: { host: 'mail.example.test', port: 587, security: 'starttls' as const },
      imap: { host: 'mail.example.test', port: 993, security: 'tls' as const },
      imapPassword: USERS.alice.password,
      smtpPassword: USERS.alice.password,
    };
    const smtpIn = { spec: input.smtp, email: input.email, username: input.username, password: input.smtpPassword };
    const imapIn = { spec: input.imap, email: input.email, username: input.username, password: input.imapPassword };

    // warm-up (TLS session setup code paths, Dovecot auth worker), not measured
    await runConnectionTest(input, ctx);

    const t = { concurrent: [] as number[], sequential: [] as number[], smtp: [] as number[], imap: [] as number[] };
    const engineTrips: number[] = [];
    const wireTrips: number[] = [];
    for (let i = 0; i < REPS; i++) {
      // interleaved, so that drift affects every variant alike
      const [c, report] = await timed(() => runConnectionTest(input, ctx));
      if (!report.ok) throw new Error(`bench run failed: ${report.summary}`);
      t.concurrent.push(c);
      t.sequential.push((await timed(() => runConnectionTest({ ...input, sequential: true }, ctx)))[0]);
      const before = smtpProxy.turns();
      const [s, smtpReport] = await timed(() => testSmtp(smtpIn, ctx));
      t.smtp.push(s);
      wireTrips.push(smtpProxy.turns() - before);
      engineTrips.push(smtpReport.roundTrips ?? 0);
      t.imap.push((await timed(() => testImap(imapIn, ctx)))[0]);
    }
    const m = { concurrent: median(t.concurrent), sequential: median(t.sequential), smtp: median(t.smtp), imap: median(t.imap) };
    const slower = Math.max(m.smtp, m.imap);
    const ratio = m.concurrent / slower;
    const fmt = (n: number): string => `${n.toFixed(0).padStart(6)} ms`;
    console.log(`bench:probe — ${REPS} repetitions, +${DELAY_MS} ms per chunk each way (RTT ≈ ${2 * DELAY_MS} ms), loopback Postfix 587 + Dovecot 993`);
    console.log(`  SMTP alone (587 STARTTLS, relay check, AUTH)   median ${fmt(m.smtp)}`);
    console.log(`  IMAP alone (993, login, LIST, LOGOUT)          median ${fmt(m.imap)}`);
    console.log(`  SMTP then IMAP (sequential baseline)           median ${fmt(m.sequential)}`);
    console.log(`  SMTP + IMAP concurrently                        median ${fmt(m.concurrent)}`);
    console.log(`  concurrent / slower single protocol: ${ratio.toFixed(2)}x (goal <= 1.15x) ${ratio <= 1.15 ? 'MET' : 'NOT MET'}`);
    console.log(`  concurrent / sequential: ${(m.concurrent / m.sequential).toFixed(2)}x`);
    console.log(`  SMTP round trips per test: ${median(engineTrips)} counted by the engine (TCP + TLS handshake + each wait for a reply; QUIT is not waited for); protocol minimum ${SMTP_MINIMUM}`);
    console.log(`    client->server bursts seen by the proxy: ${median(wireTrips)} (the TCP handshake is invisible to it; TLS records and commands may share a burst)`);
  } finally {
    await Promise.all(proxies.map((p) => p.close()));
    await releaseStack(token);
  }
}

main().catch((e: unknown) => {
  console.error(`bench:probe failed: ${e instanceof Error ? e.message : String(e)}`);
  process.exitCode = 1;
});
