// `mailsetup`: the terminal door onto the engine. Each command lives in cli/commands/.
import { Command, CommanderError } from 'commander';
import { createRuntime, type Runtime } from './runtime.js';
import { EXIT, UsageError } from './io.js';
import { registerDiscover } from './commands/discover.js';
import { registerTest } from './commands/test.js';
import { registerAccounts } from './commands/accounts.js';
import { registerExport } from './commands/export.js';
import { registerUi } from './commands/ui.js';
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
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return EXIT.OK;
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


