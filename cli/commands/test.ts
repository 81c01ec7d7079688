// `mailsetup test EMAIL`: prove the settings with the real password (587/STARTTLS +
// AUTH, IMAP login) through the `test` handler; a step-by-step report for people, the
// TestReport object with --json.
import type { Command } from 'commander';
import type { Diagnosis, ServerTestReport, TestParams, TestProgress, TestReport } from '../../shared/probe.js';
import { MAX_PEM_BYTES, readUserFile } from '../user-file.js';
import { EXIT, exitCodeFor, parseIntOption, printError, printJson, UsageError } from '../io.js';
import { readPasswordsFromStdin } from '../passwords.js';
import type { RuntimeFactory } from '../program.js';
import { parseServerSpec } from '../server-spec.js';

interface TestOptions {
  passwordStdin?: boolean;
  imap?: string;
  smtp?: string;
  username?: string;
  resolver?: string;
  ca?: string;
  trustFingerprint?: string[];
  timeout?: string;
  save?: boolean;
  json?: boolean;
}

const EXAMPLES = `
Examples:
  printf %s "$PASS" | mailsetup test jane@example.com --password-stdin
  printf %s "$PASS" | mailsetup test jane@example.com --password-stdin \\
      --imap mail.example.com:993:tls --smtp mail.example.com:587:starttls
  mailsetup test jane@example.com                      password from the keychain (saved account)
  printf %s "$PASS" | mailsetup test jane@example.com --password-stdin --save --json

What is checked: DNS, TCP, TLS (protocol, cipher, certificate chain, host name), the
EHLO/CAPABILITY before and after STARTTLS, that port 587 refuses to relay without a
login, SMTP AUTH and IMAP login, special-use folders and IDLE. SMTP and IMAP run at the
same time; no message is sent. The password goes only over TLS whose certificate is
valid for the host name, or whose SHA-256 you trusted with --trust-fingerprint.
Without --imap/--smtp the settings discovery recommends are used.

--json prints { email, ok, summary, servers: [ { protocol, host, port, security, ok,
steps: [{step, ok, ms, detail}], tls, auth, diagnosis: [{code, severity, message, fix}],
transcript, capabilities, folders, idle, relay, roundTrips } ] } (credentials redacted).
Exit status: 0 everything works, 1 a check failed, 2 bad usage.`;

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

export function registerTest(program: Command, getRuntime: RuntimeFactory): void {
  program
    .command('test')
    .description('test IMAP and SMTP with the real password and explain any failure')
    .argument('<email>', 'the email address, e.g. jane@example.com')
    .option('--password-stdin', 'read the password from standard input (never give it as an argument)')
    .option('--imap <host:port:security>', 'IMAP server, e.g. mail.example.com:993:tls (security: tls, starttls, none)')
    .option('--smtp <host:port:security>', 'SMTP submission server, e.g. mail.example.com:587:starttls')
    .option('--username <user>', 'login name when it is not the email address')
    .option('--resolver <host[:port]>', 'DNS server for every lookup, e.g. 127.0.0.53 or [::1]:5353')
    .option('--ca <file>', 'also trust the CA certificate(s) in this PEM file (NODE_EXTRA_CA_CERTS works too)')
    .option('--trust-fingerprint <sha256>', 'trust exactly this certificate (SHA-256, hex with or without colons); repeatable', collect)
    .option('--timeout <ms>', 'timeout of each step in milliseconds (default 10000)')
    .option('--save', 'save the account (settings + password in the keychain) when the test passes')
    .option('--json', 'print the TestReport as JSON (stable shape, see below)')
    .addHelpText('after', EXAMPLES)
    .action(async (email: string, opts: TestOptions) => {
      const params = await paramsFrom(email, opts);
      const progress = !opts.json && process.stderr.isTTY;
      const reply = await getRuntime().call('test', params, progress ? { emit: (name, payload) => name === 'test:progress' && showProgress(payload as TestProgress) } : {});
      if (progress) process.stderr.write('\r\x1b[2K');
      if (!reply.ok) {
        printError(reply.error);
        process.exitCode = exitCodeFor(reply.error);
        return;
      }
      if (opts.json) printJson(reply.value);
      else process.stdout.write(renderReport(reply.value));
      process.exitCode = reply.value.ok ? EXIT.OK : EXIT.FAILED;
    });
}

async function paramsFrom(email: string, opts: TestOptions): Promise<TestParams> {
  const params: TestParams = { email };
  if (opts.imap !== undefined) params.imap = parseServerSpec(opts.imap, '--imap');
  if (opts.smtp !== undefined) params.smtp = parseServerSpec(opts.smtp, '--smtp');
  if (opts.username !== undefined) params.username = opts.username;
  if (opts.resolver !== undefined) params.resolver = opts.resolver;
  if (opts.timeout !== undefined) params.timeoutMs = parseIntOption('--timeout', opts.timeout, 100, 300_000);
  if (opts.save) params.save = true;
  if (opts.trustFingerprint) {
    for (const fp of opts.trustFingerprint) {
      if (fp.replace(/^sha-?256[:=]?/i, '').replace(/[:\s]/g, '').length !== 64 || !/^[0-9a-f:\s]+$/i.test(fp.replace(/^sha-?256[:=]?/i, ''))) {
        throw new UsageError(`--trust-fingerprint "${fp.slice(0, 100)}" is not a SHA-256 fingerprint (64 hex digits, colons allowed).`);
      }
    }
    params.trustFingerprints = opts.trustFingerprint;
  }
  if (opts.ca !== undefined) params.caPem = await readCa(opts.ca);
  if (opts.passwordStdin) params.password = (await readPasswordsFromStdin()).password;
  return params;
}

export async function readCa(file: string): Promise<string> {
  const text = await readUserFile('--ca', file, MAX_PEM_BYTES);
  if (!text.includes('-----BEGIN CERTIFICATE-----')) throw new UsageError(`--ca ${file}: not a PEM certificate file (no "-----BEGIN CERTIFICATE-----").`);
  return text;
}

function showProgress(p: TestProgress): void {
  process.stderr.write(`\r\x1b[2K${p.protocol.toUpperCase()} ${p.step.ok ? '✓' : '✗'} ${p.step.step} (${p.step.ms} ms)`);
}

const SECURITY_LABEL = { tls: 'SSL/TLS', starttls: 'STARTTLS', none: 'no encryption' } as const;
const MARK = { error: '✗', warning: '!', info: 'i' } as const;

function diagnosisLines(d: Diagnosis): string[] {
  const lines = [`  ${MARK[d.severity]} ${d.code}: ${d.message}`];
  if (d.fix) lines.push(`      what to do: ${d.fix}`);
  return lines;
}

function serverBlock(s: ServerTestReport): string[] {
  const lines = [`${s.protocol.toUpperCase()} ${s.host}:${s.port} (${SECURITY_LABEL[s.security]}): ${s.ok ? 'OK' : 'FAILED'}`];
  for (const st of s.steps) {
    const detail = st.detail ? `  ${st.detail.length > 110 ? `${st.detail.slice(0, 107)}...` : st.detail}` : '';
    lines.push(`  ${st.ok ? '✓' : '✗'} ${st.step.padEnd(12)}${String(st.ms).padStart(6)} ms${detail}`);
  }
  const leaf = s.tls?.chain[0];
  if (leaf) {
    lines.push(`    certificate: ${leaf.subject}; names ${leaf.subjectAltNames.join(', ') || '(none)'}`);
    lines.push(`      issuer ${leaf.issuer}; valid ${leaf.validFrom.slice(0, 10)} – ${leaf.validTo.slice(0, 10)}`);
    lines.push(`      SHA-256 ${leaf.fingerprint256}`);
  }
  if (s.auth && s.auth.offeredAfterTls.length > 0) lines.push(`    login methods offered: ${s.auth.offeredAfterTls.join(' ')}${s.auth.mechanism ? ` (used ${s.auth.mechanism})` : ''}`);
  if (s.folders && Object.keys(s.folders).length > 0) lines.push(`    folders: ${Object.entries(s.folders).map(([k, v]) => `${k}=${v}`).join(' ')}`);
  for (const d of s.diagnosis) lines.push(...diagnosisLines(d));
  return lines;
}

export function renderReport(r: TestReport): string {
  const lines = [`Connection test for ${r.email}${r.source ? ` (settings from ${r.source})` : ''}`, ''];
  for (const s of r.servers) lines.push(...serverBlock(s), '');
  lines.push(r.ok ? `Everything works: ${r.summary}` : `Not working yet: ${r.summary}`);
  if (r.saved) lines.push(r.saved.ok ? 'Account saved.' : `Account not saved: ${r.saved.message ?? ''}`);
  return `${lines.join('\n')}\n`;
}
