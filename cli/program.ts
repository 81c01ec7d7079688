// `mailsetup`: the terminal door onto the engine. Each command lives in cli/commands/.
//
// Adding a command: write cli/commands/NAME.ts with `registerName(program, getRuntime)`
// that declares the arguments, options and help, and call it below. Keep that module's
// top-level imports to commander, cli/ and shared/ (types from anywhere are fine): the
// engine and every library are loaded when the command runs, either through
// `getRuntime().call(…)` (the handler map loads a capability on its first call) or with
// `await import('../../core/…')` inside the action. test/unit/cli-startup-imports.test.ts
// checks this, so `mailsetup --help` stays close to a bare Node start (npm run bench:cli).
import { Command, CommanderError } from 'commander';
import { createRuntime, type Runtime } from './runtime.js';
import { EXIT, UsageError } from './io.js';
import { registerDiscover } from './commands/discover.js';
import { registerTest } from './commands/test.js';
import { registerAccounts } from './commands/accounts.js';
import { registerExport } from './commands/export.js';
import { registerUi } from './commands/ui.js';
import { registerCpanel } from './commands/cpanel.js';
import { registerHosts } from './commands/hosts.js';
import { registerAudit } from './commands/audit.js';

export type RuntimeFactory = () => Runtime;

export function buildProgram(getRuntime: RuntimeFactory): Command {
  const program = new Command('mailsetup')
    .description(
      'Find, test and keep the IMAP and SMTP settings of an email account.\n\n' +
        'Typical use:\n' +
        '  mailsetup discover jane@example.com          find the settings\n' +
        '  printf %s "$PASS" | mailsetup test jane@example.com --password-stdin\n' +
        '  printf %s "$PASS" | mailsetup save jane@example.com --password-stdin\n' +
        '  mailsetup export jane@example.com --format apple --out jane.mobileconfig\n\n' +
        'Passwords are read only from standard input or the OS keychain, never from the command line.',
    )
    .version('0.1.0', '-V, --version')
    .showHelpAfterError('(run with --help for usage)')
    // Commander's own usage errors read like ours: "mailsetup: …".
    .configureOutput({ outputError: (text, write) => write(`mailsetup: ${text.replace(/^error: /, '')}`) })
    .exitOverride();
  registerDiscover(program, getRuntime);
  registerTest(program, getRuntime);
  registerAccounts(program, getRuntime);
  registerExport(program, getRuntime);
  registerUi(program, getRuntime);
  registerCpanel(program, getRuntime);
  registerHosts(program, getRuntime);
  registerAudit(program, getRuntime);
  return program;
}

export async function main(argv: string[]): Promise<number> {
  let runtime: Runtime | undefined;
  const getRuntime = (): Runtime => (runtime ??= createRuntime());
  const program = buildProgram(getRuntime);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return process.exitCode === undefined ? EXIT.OK : Number(process.exitCode);
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version') return EXIT.OK;
      // Help shown instead of a command (none given, `help nosuch`) went to stderr with exit code 1: usage, 2.
      return e.exitCode === 0 ? EXIT.OK : EXIT.USAGE;
    }
    if (e instanceof UsageError) {
      process.stderr.write(`mailsetup: ${e.message}\n`);
      return EXIT.USAGE;
    }
    const message = e instanceof Error ? e.message : String(e);
    process.stderr.write(`mailsetup: unexpected error: ${message}\n`);
    if (process.env.MAILSETUP_DEBUG && e instanceof Error && e.stack) process.stderr.write(`${e.stack}\n`);
    return EXIT.FAILED;
  }
}


