// `mailsetup discover EMAIL`: find the IMAP/POP3/SMTP settings of an address through
// the `discover` handler; a table for people, the exact contract object with --json.
import type { Command } from 'commander';
import { DISCOVERY_SOURCES, type DiscoverParams, type DiscoverProgress } from '../../shared/discover.js';
import type { DiscoveryResult, MailConfig, ServerSettings, SourceReport } from '../../shared/model.js';
import { EXIT, exitCodeFor, parseIntOption, printError, printJson, UsageError } from '../io.js';
import type { RuntimeFactory } from '../program.js';

interface DiscoverOptions {
  json?: boolean;
  resolver?: string;
  timeout?: string;
  guess?: boolean;
  ispdbUrl?: string;
  offline?: boolean;
}

const EXAMPLES = `
Examples:
  mailsetup discover jane@example.com
  mailsetup discover jane@example.com --json | jq '.configs[0]'
  mailsetup discover jane@example.com --resolver 192.0.2.53 --timeout 5000
  mailsetup discover jane@gmail.com --offline       bundled data and local override only

Sources, highest priority first: local override (<config dir>/isp/DOMAIN.xml), the
bundled ISPDB, the domain's autoconfig, the online ISPDB, the MX host's provider,
SRV records (RFC 6186), Microsoft Autodiscover, then guessing (probing imap./mail./smtp.).
"insecure" marks settings that came over plain http, unvalidated DNS, a redirect to
another domain, or a guess: check them before entering a password.

--json prints { email, domain, configs: [...], sources: [...] } and nothing else.
Exit status: 0 settings found, 1 none found, 2 bad usage.`;

export function registerDiscover(program: Command, getRuntime: RuntimeFactory): void {
  program
    .command('discover')
    .description('find the IMAP/POP3 and SMTP settings of an email address')
    .argument('<email>', 'the email address, e.g. jane@example.com')
    .option('--json', 'print the result as JSON (stable shape, see below)')
    .option('--resolver <host[:port]>', 'DNS server for every lookup, e.g. 127.0.0.53 or [::1]:5353')
    .option('--timeout <ms>', 'overall deadline in milliseconds (default 8000)')
    .option('--no-guess', 'do not probe servers (guessing)')
    .option('--ispdb-url <url>', 'base URL of the online ISPDB (default https://autoconfig.thunderbird.net/v1.1/)')
    .option('--offline', 'use only the bundled ISPDB and the local override; no network')
    .addHelpText('after', EXAMPLES)
    .action(async (emailArg: string, opts: DiscoverOptions) => {
      const params: DiscoverParams = { email: emailArg };
      if (opts.timeout !== undefined) params.timeoutMs = parseIntOption('--timeout', opts.timeout, 100, 120_000);
      if (opts.resolver !== undefined) params.resolver = opts.resolver;
      if (opts.guess === false) params.noGuess = true;
      if (opts.ispdbUrl !== undefined) {
        if (!/^https?:\/\/\S+$/.test(opts.ispdbUrl)) throw new UsageError(`--ispdb-url takes an http(s) URL, got "${opts.ispdbUrl.replace(/[\r\n]/g, ' ')}".`);
        params.ispdbUrl = opts.ispdbUrl;
      }
      if (opts.offline) params.offline = true;

      const progress = !opts.json && process.stderr.isTTY ? new ProgressLine(params.email) : undefined;
      const reply = await getRuntime().call('discover', params, progress ? { emit: (name, payload) => name === 'discover:progress' && progress.update((payload as DiscoverProgress).source) } : {});
      progress?.clear();
      if (!reply.ok) {
        printError(reply.error);
        process.exitCode = exitCodeFor(reply.error);
        return;
      }
      if (opts.json) printJson(reply.value);
      else process.stdout.write(renderResult(reply.value));
      process.exitCode = reply.value.configs.length > 0 ? EXIT.OK : EXIT.FAILED;
    });
}

/** One live stderr line: how many sources answered, which found something, which still run. */
class ProgressLine {
  private readonly done = new Map<string, SourceReport>();
  constructor(private readonly email: string) {
    this.draw();
  }
  update(report: SourceReport): void {
    this.done.set(report.source, report);
    this.draw();
  }
  clear(): void {
    process.stderr.write('\r\x1b[2K');
  }
  private draw(): void {
    const found = [...this.done.values()].filter((r) => r.status === 'found').map((r) => r.source);
    const running = DISCOVERY_SOURCES.filter((s) => !this.done.has(s));
    const parts = [`discovering ${this.email} [${this.done.size}/${DISCOVERY_SOURCES.length}]`];
    if (found.length > 0) parts.push(`found: ${found.join(', ')}`);
    if (running.length > 0) parts.push(`waiting for: ${running.join(', ')}`);
    const line = parts.join(' · ');
    const width = process.stderr.columns || 120;
    process.stderr.write(`\r\x1b[2K${line.slice(0, Math.max(20, width - 1))}`);
  }
}

function serverLine(s: ServerSettings): string {
  const security = s.security === 'tls' ? 'TLS' : s.security === 'starttls' ? 'STARTTLS' : 'NO ENCRYPTION';
  const auth = s.auth.length > 0 ? `, auth ${s.auth.join('/')}` : '';
  return `${s.protocol.toUpperCase().padEnd(4)} ${s.host}:${s.port}  ${security}  user ${s.username}${auth}`;
}

function configBlock(c: MailConfig, title: string): string[] {
  const trust = c.secure ? 'secure' : 'INSECURE — confirm before use';
  const lines = [`${title} from ${c.source} (${trust})`, `  ${c.url}`];
  for (const s of c.incoming) lines.push(`  in:  ${serverLine(s)}`);
  for (const s of c.outgoing) lines.push(`  out: ${serverLine(s)}`);
  if (c.incoming.length === 0) lines.push('  in:  (none found)');
  if (c.outgoing.length === 0) lines.push('  out: (none found)');
  return lines;
}

export function renderResult(r: DiscoveryResult): string {
  const lines: string[] = [];
  const [best, ...rest] = r.configs;
  if (best) {
    lines.push(...configBlock(best, `Recommended for ${r.email}`));
    rest.forEach((c, i) => lines.push('', ...configBlock(c, `Alternative ${i + 1}`)));
  } else {
    lines.push(`No settings found for ${r.email} (domain ${r.domain}).`);
    lines.push('Check the address, or ask the provider for the IMAP and SMTP server names.');
  }
  lines.push('', 'Sources:');
  const width = Math.max(...r.sources.map((s) => s.source.length));
  for (const s of r.sources) {
    const detail = s.detail ? `  ${s.detail.length > 160 ? `${s.detail.slice(0, 157)}...` : s.detail}` : '';
    lines.push(`  ${s.source.padEnd(width)}  ${s.status.padEnd(9)} ${String(s.ms).padStart(5)} ms${detail}`);
  }
  return `${lines.join('\n')}\n`;
}
