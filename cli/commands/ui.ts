// `mailsetup ui`: the desktop UI in your browser, served on 127.0.0.1 only.
import type { Command } from 'commander';
import { parseIntOption, UsageError } from '../io.js';
import type { RuntimeFactory } from '../program.js';

interface UiOptions {
  port: string;
  host: string;
  open: boolean;
  quiet?: boolean;
}

export function registerUi(program: Command, getRuntime: RuntimeFactory): void {
  program
    .command('ui')
    .description('open the MailSetup window in your browser (served on 127.0.0.1 only)')
    .option('--port <N>', 'port to listen on (0 = a free port)', '0')
    .option('--host <ADDR>', 'loopback address to listen on', '127.0.0.1')
    .option('--no-open', 'do not start a browser; just print the URL')
    .option('--quiet', 'do not log requests on stderr')
    .addHelpText(
      'after',
      '\nThe page and the engine run on this machine only. The printed URL carries a\n' +
        'one-session token after the #; anyone with that URL can use the page until you\n' +
        'stop the server (Ctrl+C). The browser is opened for you unless --no-open is given\n' +
        'or no opener (xdg-open) is installed.\n\n' +
        'Examples:\n' +
        '  mailsetup ui                         open the UI in the default browser\n' +
        '  mailsetup ui --no-open --port 8421   print the URL only, on a fixed port\n',
    )
    .action(async (opts: UiOptions) => {
      // The server is loaded when the command runs, not when the program starts.
      const [{ openBrowser }, { findRendererDir }, { isLoopbackIPv4 }, { startUiServer }] = await Promise.all([
        import('../../core/ui-server/open-browser.js'),
        import('../../core/ui-server/renderer-dir.js'),
        import('../../core/ui-server/security.js'),
        import('../../core/ui-server/server.js'),
      ]);
      const port = parseIntOption('--port', opts.port, 0, 65535);
      if (!isLoopbackIPv4(opts.host)) throw new UsageError(`--host must be a loopback address (127.x.x.x), got "${opts.host}".`);
      const rendererDir = findRendererDir();
      if (rendererDir === null) throw new UsageError('The UI is not built yet: run `npm run build` in the project folder first.');
      const handlers = await getRuntime().handlers();
      let server;
      try {
        server = await startUiServer({
          handlers,
          rendererDir,
          host: opts.host,
          port,
          log: opts.quiet ? undefined : (line) => process.stderr.write(`ui: ${line}\n`),
        });
      } catch (e) {
        const err = e as NodeJS.ErrnoException;
        if (err.code === 'EADDRINUSE') throw new UsageError(`Port ${port} on ${opts.host} is already in use; pick another with --port, or 0 for a free one.`);
        throw e;
      }
      process.stdout.write(`MailSetup is running at ${server.url}\nPress Ctrl+C to stop.\n`);
      if (opts.open) {
        const opened = await openBrowser(server.url);
        if (!opened.ok) process.stderr.write(`Could not open a browser (${opened.reason}); open the URL above yourself.\n`);
      }
      await new Promise<void>((resolve) => {
        const stop = (): void => {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          resolve();
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
      });
      await server.close();
      process.stderr.write('MailSetup UI stopped.\n');
    });
}
