// `mailsetup save | accounts | forget`: keep an account (password in the OS keychain,
// settings in accounts.json), list what is kept, and remove it again.
import type { Command } from 'commander';
import type { Account, SaveParams } from '../../shared/accounts.js';
import type { MailSetupError } from '../../shared/errors.js';
import type { ServerSettings } from '../../shared/model.js';
import { exitCodeFor, printError, printJson, UsageError } from '../io.js';
import { readPasswordsFromStdin } from '../passwords.js';
import type { RuntimeFactory } from '../program.js';
import { parseServerSpec } from '../server-spec.js';

interface SaveOptions {
  passwordStdin?: boolean;
  smtpPasswordStdin?: boolean;
  imap?: string;
  smtp?: string;
  username?: string;
  displayName?: string;
  resolver?: string;
  json?: boolean;
}

const SAVE_HELP = `
Examples:
  printf %s "$PASS" | mailsetup save jane@example.com --password-stdin
  printf %s "$PASS" | mailsetup save jane@example.com --password-stdin \\
      --imap mail.example.com:993:tls --smtp mail.example.com:587:starttls --display-name "Jane Doe"
  printf '%s\\n%s\\n' "$PASS" "$SMTP_PASS" | mailsetup save jane@example.com --password-stdin --smtp-password-stdin

The password goes to the OS keychain (service "mailsetup", user = the address with the
domain in lower case; a separate SMTP password is user "ADDRESS#smtp"). Everything else
goes to accounts.json in the settings folder (MAILSETUP_CONFIG_DIR overrides it).
Without --imap and --smtp the settings that discovery recommends are saved. Saving an
address again updates it. When no keychain is usable nothing is stored: MailSetup never
falls back to a file.

--json prints the saved account: { email, displayName?, incoming: { protocol, host, port,
security, username, auth }, outgoing: {…}, separateSmtpPassword, source, createdAt,
updatedAt }; on failure { error: { code, message, fix?, serverSays? } }.
Exit status: 0 saved, 1 not saved (e.g. KEYCHAIN_UNAVAILABLE, KEYCHAIN_LOCKED,
KEYCHAIN_TIMEOUT, METADATA_CORRUPT), 2 bad usage.`;

const ACCOUNTS_HELP = `
Examples:
  mailsetup accounts
  mailsetup accounts --json | jq -r '.accounts[].email'

--json prints { accounts: [ Account… ] } (the shape \`mailsetup save --json\` prints, plus
lastTest: { at, ok, summary } once tested). Passwords are never shown.
Exit status: 0 listed (also when there are none), 1 the list could not be read.`;

const FORGET_HELP = `
Examples:
  mailsetup forget jane@example.com
  mailsetup forget jane@example.com --json

Removes the keychain items (the password and any separate SMTP password) and the
saved settings. The settings file is checked and prepared first and the keychain items
removed last: when forget fails (a damaged or newer settings file, a locked keychain),
nothing was removed. --json prints { email, removedSecrets, removedSettings }.
Exit status: 0 removed, 1 nothing saved for that address or nothing could be removed, 2 bad usage.`;

export function registerAccounts(program: Command, getRuntime: RuntimeFactory): void {
  program
    .command('save')
    .description('keep an account: password in the OS keychain, settings in the settings folder')
    .argument('<email>', 'the email address, e.g. jane@example.com')
    .option('--password-stdin', 'read the password from standard input (required; never give it as an argument)')
    .option('--smtp-password-stdin', 'SMTP has its own password: read it from the second line of standard input')
    .option('--imap <host:port:security>', 'IMAP server, e.g. mail.example.com:993:tls (security: tls, starttls, none)')
    .option('--smtp <host:port:security>', 'SMTP submission server, e.g. mail.example.com:587:starttls')
    .option('--username <user>', 'login name when it is not the email address')
    .option('--display-name <name>', 'the name shown as sender, e.g. "Jane Doe"')
    .option('--resolver <host[:port]>', 'DNS server for discovery, e.g. 127.0.0.53 or [::1]:5353')
    .option('--json', 'print the saved account as JSON (stable shape, see below)')
    .addHelpText('after', SAVE_HELP)
    .action(async (email: string, opts: SaveOptions) => {
      const params = await saveParams(email, opts);
      const reply = await getRuntime().call('save', params);
      if (!reply.ok) return failed(reply.error, opts.json);
      if (opts.json) printJson(reply.value);
      else process.stdout.write(renderSaved(reply.value));
    });

  program
    .command('accounts')
    .description('list the saved accounts with their settings and last test (never the passwords)')
    .option('--json', 'print { accounts: [...] } as JSON (stable shape, see below)')
    .addHelpText('after', ACCOUNTS_HELP)
    .action(async (opts: { json?: boolean }) => {
      const reply = await getRuntime().call('accounts', {});
      if (!reply.ok) return failed(reply.error, opts.json);
      if (opts.json) printJson({ accounts: reply.value });
      else process.stdout.write(renderTable(reply.value));
    });

  program
    .command('forget')
    .description('remove a saved account: its keychain items and its settings')
    .argument('<email>', 'the email address, e.g. jane@example.com')
    .option('--json', 'print { email, removedSecrets, removedSettings } as JSON')
    .addHelpText('after', FORGET_HELP)
    .action(async (email: string, opts: { json?: boolean }) => {
      const reply = await getRuntime().call('forget', { email });
      if (!reply.ok) return failed(reply.error, opts.json);
      if (opts.json) printJson(reply.value);
      else {
        const { removedSecrets: n, removedSettings } = reply.value;
        const parts = [`${n} keychain item${n === 1 ? '' : 's'}`, ...(removedSettings ? ['the saved settings'] : [])];
        process.stdout.write(`Forgot ${reply.value.email}: removed ${parts.join(' and ')}.\n`);
      }
    });
}

async function saveParams(email: string, opts: SaveOptions): Promise<SaveParams> {
  if (!opts.passwordStdin) {
    throw new UsageError('save needs the password on standard input: `printf %s "$PASS" | mailsetup save EMAIL --password-stdin`.');
  }
  const params: SaveParams = { email, password: '' };
  // Parse every option before reading stdin, so a typo fails without consuming it.
  if (opts.imap !== undefined) params.imap = parseServerSpec(opts.imap, '--imap');
  if (opts.smtp !== undefined) params.smtp = parseServerSpec(opts.smtp, '--smtp');
  if (opts.username !== undefined) params.username = opts.username;
  if (opts.displayName !== undefined) params.displayName = opts.displayName;
  if (opts.resolver !== undefined) params.resolver = opts.resolver;
  const { password, smtpPassword } = await readPasswordsFromStdin({ smtpLine: opts.smtpPasswordStdin === true });
  params.password = password;
  if (smtpPassword !== undefined) params.smtpPassword = smtpPassword;
  return params;
}

function failed(error: MailSetupError, json: boolean | undefined): void {
  if (json) printJson({ error });
  else printError(error);
  process.exitCode = exitCodeFor(error);
}

function server(s: ServerSettings): string {
  const security = s.security === 'tls' ? 'TLS' : s.security === 'starttls' ? 'STARTTLS' : 'NO ENCRYPTION';
  return `${s.protocol.toUpperCase()} ${hostPort(s)} ${security}`;
}

function hostPort(s: ServerSettings): string {
  return `${s.host.includes(':') ? `[${s.host}]` : s.host}:${s.port}`;
}

function renderSaved(a: Account): string {
  const lines = [
    `Saved ${a.email}${a.displayName ? ` (${a.displayName})` : ''}${a.source === 'manual' ? ', settings as given' : a.source ? `, settings from ${a.source}` : ''}.`,
    `  incoming: ${server(a.incoming)}, user ${a.incoming.username}`,
    `  outgoing: ${server(a.outgoing)}, user ${a.outgoing.username}`,
    `  password: in the OS keychain (service mailsetup, user ${a.email}${a.separateSmtpPassword ? `; SMTP: user ${a.email}#smtp` : ''})`,
  ];
  return `${lines.join('\n')}\n`;
}

function renderTable(accounts: Account[]): string {
  if (accounts.length === 0) {
    return 'No saved accounts. Save one with: printf %s "$PASS" | mailsetup save EMAIL --password-stdin\n';
  }
  const rows = accounts.map((a) => [
    a.email,
    server(a.incoming),
    server(a.outgoing),
    a.lastTest ? `${a.lastTest.ok ? 'ok' : 'FAILED'} ${a.lastTest.at.slice(0, 16).replace('T', ' ')}` : 'never tested',
  ]);
  const header = ['EMAIL', 'INCOMING', 'OUTGOING', 'LAST TEST'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] as string).length)));
  const line = (cells: string[]): string => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i] as number))).join('  ');
  return `${[line(header), ...rows.map(line)].join('\n')}\n`;
}
