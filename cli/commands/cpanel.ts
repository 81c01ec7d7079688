// `mailsetup cpanel …`: connect a cPanel account with an API token (read from standard
// input, kept in the OS keychain), list and create its mailboxes, export them all,
// and check the domain's SPF / DKIM / reverse DNS.
import { stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline/promises';
import { Option, type Command } from 'commander';
import {
  describeAuthState,
  type CpanelAddMailboxParams,
  type CpanelAuthRecord,
  type CpanelDeliverabilityParams,
  type CpanelDeliverabilityResult,
  type CpanelMailbox,
} from '../../shared/cpanel.js';
import type { MailSetupError } from '../../shared/errors.js';
import { EXPORT_FORMATS, type ExportFormat } from '../../shared/profiles.js';
import { EXIT, exitCodeFor, parseIntOption, printError, printJson, UsageError } from '../io.js';
import { readPasswordsFromStdin } from '../passwords.js';
import type { RuntimeFactory } from '../program.js';
import { inside, writeOne } from './export.js';
import { renderReport } from './test.js';

const HELP = `
Examples:
  printf %s "$TOKEN" | mailsetup cpanel connect https://server1.example.com:2083 --user jane --token-stdin
  mailsetup cpanel list
  mailsetup cpanel mailboxes server1.example.com
  mailsetup cpanel add-mailbox sales@example.com --quota 2048 --show-password
  mailsetup cpanel export-all --format apple --out ./profiles
  mailsetup cpanel deliverability example.com --enable-dkim --install-spf

A connection is named by its URL's host:port (2083 when not given); the bare host works
when only one connection has it. The API token is read only from standard input and
kept in the OS keychain (service "mailsetup-cpanel", user "USER@HOST:PORT"); nothing
else ever holds it. Every subcommand has --json; on failure {error:{code, message, fix?}}.`;

const CONNECT_HELP = `
The token is checked (Variables::get_user_information), the mail domains are read
(Email::list_mail_domains), and only then is anything stored. A certificate that does
not validate for HOST stops the connection before the token is sent, unless its
SHA-256 fingerprint is given with --trust-fingerprint (hex, colons optional); when a
trusted certificate later changes (AutoSSL renews every few months) it is refused.

--json prints { url, user, domains: [..], certificate: { fingerprint256, validated } }.
Errors: CPANEL_AUTH_FAILED (token refused, HTTP 401/403), CPANEL_FEATURE_MISSING,
CPANEL_API_ERROR (cPanel's own text), CPANEL_REDIRECT_REFUSED, CERT_UNTRUSTED,
CERT_HOSTNAME_MISMATCH, CERT_EXPIRED. Exit status: 0 connected, 1 failed, 2 bad usage.`;

const ADD_HELP = `
Without --password-stdin a password is generated from a CSPRNG to the server's required
strength (PasswdStrength::get_required_strength, app=pop). The mailbox is created
(Email::add_pop; --quota 0 = unlimited, without --quota cPanel's default), its password
stored in the OS keychain (service "mailsetup", user = the address), and the real
connection test runs against the settings cPanel gives (Email::get_client_settings).
The account is saved only when the test passes.

--json prints { email, created: true, requiredStrength, saved, test: <mailsetup test --json> };
the password never appears in it. --show-password prints a generated password once in
the human output. Exit status: 0 created, tested and saved; 1 otherwise.`;

const EXPORT_HELP = `
One file per mailbox named after the address (a folder for multi-file formats), each
person's helpdesk sheet (ADDRESS.helpdesk.html), and index.html linking them. No file
holds a password. --json prints { files: [ { email, path } ], index }.`;

const DELIVERABILITY_HELP = `
Shows cPanel's SPF, DKIM and reverse-DNS (PTR) state for the domain with what each
means and how to fix it. --enable-dkim calls EmailAuth::enable_dkim; --install-spf
installs one full SPF record (the current one with cPanel's expected terms added before
its "all" term, or "v=spf1 +a +mx" + the terms + " ~all"). Both show what will change
and ask first; --yes does not ask; without a terminal and without --yes nothing is changed.

--json prints { domain, spf, dkim, ptr, changed: [..] } with cPanel's objects unchanged.
Exit status: 0 when all three are VALID, 1 otherwise.`;

interface Json {
  json?: boolean;
}

function failed(error: MailSetupError, json: boolean | undefined): void {
  if (json) printJson({ error });
  else printError(error);
  process.exitCode = exitCodeFor(error);
}

async function readToken(): Promise<string> {
  if (process.stdin.isTTY) {
    throw new UsageError('--token-stdin reads the API token from standard input, e.g. `printf %s "$TOKEN" | mailsetup cpanel connect …`; nothing was piped in.');
  }
  try {
    return (await readPasswordsFromStdin()).password;
  } catch (e) {
    if (e instanceof UsageError) throw new UsageError(e.message.replace(/--password-stdin/g, '--token-stdin').replace(/password/g, 'API token'));
    throw e;
  }
}

function megabytes(bytes: number): string {
  return bytes < 1024 * 1024 ? `${Math.round(bytes / 1024)} KB` : `${(bytes / 1024 / 1024).toFixed(1).replace(/\.0$/, '')} MB`;
}

function mailboxTable(boxes: CpanelMailbox[]): string {
  if (boxes.length === 0) return 'No mailboxes yet. Create one with: mailsetup cpanel add-mailbox ADDRESS\n';
  const rows = boxes.map((b) => [b.email, megabytes(b.diskUsedBytes), b.diskQuotaBytes === null ? 'unlimited' : megabytes(b.diskQuotaBytes)]);
  const header = ['EMAIL', 'USED', 'QUOTA'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] as string).length)));
  const line = (cells: string[]): string => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i] as number))).join('  ');
  return `${[line(header), ...rows.map(line)].join('\n')}\n`;
}

function authLines(name: string, kind: 'spf' | 'dkim' | 'ptr', record: CpanelAuthRecord): string[] {
  const state = typeof record.state === 'string' ? record.state : 'UNKNOWN';
  const { meaning, fix } = describeAuthState(kind, state);
  const lines = [`${name.padEnd(5)} ${state.padEnd(14)} ${meaning}`];
  if (state !== 'VALID' && fix) lines.push(`      fix: ${fix}`);
  if (kind === 'spf' && state !== 'VALID' && typeof record.expected === 'string') lines.push(`      cPanel expects: ${record.expected}`);
  return lines;
}

function renderDeliverability(r: CpanelDeliverabilityResult): string {
  return `${[`Deliverability of ${r.domain} (as cPanel sees it):`, ...authLines('SPF', 'spf', r.spf), ...authLines('DKIM', 'dkim', r.dkim), ...authLines('PTR', 'ptr', r.ptr), ...r.changed.map((c) => `changed: ${c}`)].join('\n')}\n`;
}

const allValid = (r: CpanelDeliverabilityResult): boolean => [r.spf, r.dkim, r.ptr].every((x) => x.state === 'VALID');

async function confirm(question: string): Promise<boolean> {
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    const answer = await rl.question(`${question} [y/N] `);
    return /^y(es)?$/i.test(answer.trim());
  } finally {
    rl.close();
  }
}

export function registerCpanel(program: Command, getRuntime: RuntimeFactory): void {
  const cpanel = program.command('cpanel').description('use a cPanel hosting account: its mailboxes, their settings, new mailboxes, SPF/DKIM').addHelpText('after', HELP);

  cpanel
    .command('connect')
    .description('connect a cPanel account with an API token (read from standard input)')
    .argument('<url>', 'https://HOST[:PORT] of cPanel (port 2083 when not given)')
    .requiredOption('--user <user>', 'the cPanel user name')
    .option('--token-stdin', 'read the API token from standard input (required; never give it as an argument)')
    .option('--trust-fingerprint <sha256>', 'trust this exact certificate (SHA-256, hex, colons optional) when it does not validate')
    .option('--json', 'print the result as JSON')
    .addHelpText('after', CONNECT_HELP)
    .action(async (url: string, o: { user: string; tokenStdin?: boolean; trustFingerprint?: string } & Json) => {
      if (!o.tokenStdin) throw new UsageError('connect needs the API token on standard input: `printf %s "$TOKEN" | mailsetup cpanel connect URL --user USER --token-stdin`.');
      const token = await readToken();
      const reply = await getRuntime().call('cpanelConnect', { url, user: o.user, token, ...(o.trustFingerprint !== undefined ? { trustFingerprint: o.trustFingerprint } : {}) });
      if (!reply.ok) return failed(reply.error, o.json);
      const r = reply.value;
      if (o.json) return printJson(r);
      const name = r.url.replace(/^https:\/\//, '');
      process.stdout.write(
        [
          `Connected to cPanel at ${r.url} as ${r.user}.`,
          `  mail domains: ${r.domains.join(', ') || 'none'}`,
          `  certificate: ${r.certificate.validated ? 'valid for the host' : 'trusted by its fingerprint'} (SHA-256 ${r.certificate.fingerprint256})`,
          `  token: in the OS keychain (service mailsetup-cpanel, user ${r.user}@${name})`,
          '',
        ].join('\n'),
      );
    });

  cpanel
    .command('list')
    .description('list the cPanel connections')
    .option('--json', 'print { connections: [ { url, user, domains } ] }')
    .action(async (o: Json) => {
      const reply = await getRuntime().call('cpanelList', {});
      if (!reply.ok) return failed(reply.error, o.json);
      if (o.json) return printJson(reply.value);
      const list = reply.value.connections;
      if (list.length === 0) return void process.stdout.write('No cPanel connections. Connect one with: mailsetup cpanel connect https://HOST --user USER --token-stdin\n');
      process.stdout.write(list.map((c) => `${c.url}  user ${c.user}  domains: ${c.domains.join(', ') || 'none'}`).join('\n') + '\n');
    });

  cpanel
    .command('disconnect')
    .description('forget a connection: its token in the keychain and its settings')
    .argument('<connection>', 'host:port, or the bare host')
    .option('--json', 'print { url, user, removedToken }')
    .action(async (connection: string, o: Json) => {
      const reply = await getRuntime().call('cpanelDisconnect', { connection });
      if (!reply.ok) return failed(reply.error, o.json);
      if (o.json) return printJson(reply.value);
      process.stdout.write(`Disconnected ${reply.value.user} at ${reply.value.url}${reply.value.removedToken ? '; the token was removed from the keychain' : ''}.\n`);
    });

  cpanel
    .command('refresh')
    .description('re-read the mail domains of a connection')
    .argument('<connection>', 'host:port, or the bare host')
    .option('--json', 'print { url, user, domains }')
    .action(async (connection: string, o: Json) => {
      const reply = await getRuntime().call('cpanelRefresh', { connection });
      if (!reply.ok) return failed(reply.error, o.json);
      if (o.json) return printJson(reply.value);
      process.stdout.write(`${reply.value.url}: mail domains ${reply.value.domains.join(', ') || 'none'}\n`);
    });

  cpanel
    .command('mailboxes')
    .description('list the mailboxes of a connection with their disk usage')
    .argument('[connection]', 'host:port, or the bare host (default: the only connection)')
    .option('--json', 'print { url, user, mailboxes: [ { email, diskUsedBytes, diskQuotaBytes } ] }')
    .action(async (connection: string | undefined, o: Json) => {
      const reply = await getRuntime().call('cpanelMailboxes', connection !== undefined ? { connection } : {});
      if (!reply.ok) return failed(reply.error, o.json);
      if (o.json) return printJson(reply.value);
      process.stdout.write(`Mailboxes of ${reply.value.user} at ${reply.value.url}:\n${mailboxTable(reply.value.mailboxes)}`);
    });

  cpanel
    .command('add-mailbox')
    .description('create a mailbox, test it for real, and save it on this computer')
    .argument('<address>', 'the new address, e.g. sales@example.com')
    .option('--connection <connection>', 'which connection (default: the one that manages the domain)')
    .option('--quota <MB>', 'mailbox quota in MB (0 = unlimited; default: cPanel\'s)')
    .option('--password-stdin', 'read the password from standard input instead of generating one')
    .option('--show-password', 'print a generated password once (never with --json)')
    .option('--resolver <host[:port]>', 'DNS server for the connection test')
    .option('--json', 'print the result as JSON (never with the password)')
    .addHelpText('after', ADD_HELP)
    .action(async (address: string, o: { connection?: string; quota?: string; passwordStdin?: boolean; showPassword?: boolean; resolver?: string } & Json) => {
      const params: CpanelAddMailboxParams = { email: address };
      if (o.connection !== undefined) params.connection = o.connection;
      if (o.quota !== undefined) params.quotaMb = parseIntOption('--quota', o.quota, 0, 1_000_000_000);
      if (o.resolver !== undefined) params.resolver = o.resolver;
      if (o.passwordStdin) params.password = (await readPasswordsFromStdin()).password;
      const reply = await getRuntime().call('cpanelAddMailbox', params);
      if (!reply.ok) return failed(reply.error, o.json);
      const { generatedPassword, ...result } = reply.value;
      process.exitCode = result.saved ? EXIT.OK : EXIT.FAILED;
      if (o.json) return printJson(result);
      const lines = [`Created ${result.email} on cPanel (required password strength ${result.requiredStrength}).`];
      if (generatedPassword !== undefined && o.showPassword) lines.push(`  password (shown once): ${generatedPassword}`);
      else if (generatedPassword !== undefined) lines.push('  password: generated from a secure random source; not printed (--show-password prints it once)');
      lines.push(`  password stored in the OS keychain (service mailsetup, user ${result.email})`, '', renderReport(result.test).trimEnd(), '');
      lines.push(result.saved ? `Saved ${result.email}: it works with these settings.` : `The mailbox ${result.email} exists on cPanel but did not pass the connection test, so it was not saved. Fix what the report says, then: mailsetup test ${result.email} --save`);
      process.stdout.write(`${lines.join('\n')}\n`);
    });

  cpanel
    .command('export-all')
    .description('export every mailbox (of every connection, or narrowed) in one format, with helpdesk sheets and an index')
    .addOption(new Option('-f, --format <format>', 'any format of `mailsetup export`').choices([...EXPORT_FORMATS]).makeOptionMandatory())
    .requiredOption('-o, --out <dir>', 'folder to write into')
    .option('--connection <connection>', 'only this connection')
    .option('--domain <domain>', 'only this domain')
    .option('--force', 'replace files that already exist')
    .option('--json', 'print { files: [ { email, path } ], index }')
    .addHelpText('after', EXPORT_HELP)
    .action(async (o: { format: ExportFormat; out: string; connection?: string; domain?: string; force?: boolean } & Json) => {
      const folder = resolve(o.out);
      if (await stat(folder).then((s) => !s.isDirectory(), () => false)) throw new UsageError(`--out ${o.out} is a file; give a folder.`);
      const reply = await getRuntime().call('cpanelExportAll', { format: o.format, ...(o.connection !== undefined ? { connection: o.connection } : {}), ...(o.domain !== undefined ? { domain: o.domain } : {}) });
      if (!reply.ok) return failed(reply.error, o.json);
      const files: { email: string; path: string }[] = [];
      let index = join(folder, 'index.html');
      for (const file of reply.value.files) {
        const path = inside(folder, file.name);
        await writeOne(path, file, o.force === true);
        if (file.kind === 'index') index = path;
        else if (file.email !== undefined) files.push({ email: file.email, path });
      }
      if (o.json) return printJson({ files, index });
      const people = new Set(files.map((f) => f.email)).size;
      process.stdout.write(`Wrote ${files.length} files for ${people} mailbox${people === 1 ? '' : 'es'} to ${folder}\n${files.map((f) => `  ${f.path}`).join('\n')}\n  index: ${index}\n`);
      for (const w of reply.value.warnings) process.stderr.write(`warning: ${w}\n`);
    });

  cpanel
    .command('deliverability')
    .description('SPF, DKIM and reverse DNS of a domain as cPanel checks them, with fixes')
    .argument('<domain>', 'the mail domain')
    .option('--connection <connection>', 'which connection (default: the one that manages the domain)')
    .option('--enable-dkim', 'turn DKIM on for the domain (asks first)')
    .option('--install-spf', 'install the SPF record cPanel expects (asks first)')
    .option('--yes', 'make the changes without asking')
    .option('--json', 'print { domain, spf, dkim, ptr, changed: [..] }')
    .addHelpText('after', DELIVERABILITY_HELP)
    .action(async (domain: string, o: { connection?: string; enableDkim?: boolean; installSpf?: boolean; yes?: boolean } & Json) => {
      const base: CpanelDeliverabilityParams = { domain, ...(o.connection !== undefined ? { connection: o.connection } : {}) };
      const runtime = getRuntime();
      const first = await runtime.call('cpanelDeliverability', base);
      if (!first.ok) return failed(first.error, o.json);
      const plan: string[] = [];
      const apply: CpanelDeliverabilityParams = { ...base };
      if (o.enableDkim && first.value.dkim.state !== 'VALID') {
        plan.push(`Turn on DKIM for ${first.value.domain}: cPanel creates a signing key if there is none and publishes default._domainkey.${first.value.domain}.`);
        apply.enableDkim = true;
      }
      if (o.installSpf && first.value.proposedSpf) {
        const p = first.value.proposedSpf;
        plan.push(p.current ? `Replace the SPF record of ${first.value.domain}:\n    now: ${p.current}\n    new: ${p.record}` : `Add an SPF record to ${first.value.domain}:\n    new: ${p.record}`);
        apply.installSpf = p.record;
      }
      const finish = (r: CpanelDeliverabilityResult): void => {
        const { proposedSpf: _p, dkimEnableSuggested: _d, ...shown } = r;
        if (o.json) printJson(shown);
        else process.stdout.write(renderDeliverability(r));
        process.exitCode = allValid(r) ? EXIT.OK : EXIT.FAILED;
      };
      if ((o.enableDkim || o.installSpf) && plan.length === 0 && !o.json) process.stderr.write('Nothing to change: the requested records are already valid.\n');
      if (plan.length === 0) return finish(first.value);
      if (!o.json || !o.yes) process.stderr.write(`This will change the domain's DNS through cPanel:\n${plan.map((p) => `  - ${p}`).join('\n')}\n`);
      if (!o.yes) {
        if (!process.stdin.isTTY) {
          const error: MailSetupError = { code: 'CONFIRMATION_REQUIRED', message: 'Nothing was changed: there is no terminal to ask for confirmation.', fix: 'Run it in a terminal to be asked, or add --yes to make these changes without asking.' };
          return failed(error, o.json);
        }
        if (!(await confirm('Make these changes?'))) {
          process.stderr.write('Nothing was changed.\n');
          return finish(first.value);
        }
      }
      const second = await runtime.call('cpanelDeliverability', apply);
      if (!second.ok) return failed(second.error, o.json);
      finish(second.value);
    });
}
