// `mailsetup hosts NAME…`: the facts the window shows about host names — the Unicode
// form of an IDN, who runs the server (its registrable domain) and, with --resolve,
// whether the name has an address. The same handler as the window's.
import type { Command } from 'commander';
import type { HostFacts } from '../../shared/hosts.js';
import { exitCodeFor, printError, printJson, UsageError } from '../io.js';
import type { RuntimeFactory } from '../program.js';

const HELP = `
Examples:
  mailsetup hosts mail.example.com xn--bcher-kva.example
  mailsetup hosts server17.hoster.example --resolve
  mailsetup hosts mail.example.co.uk --json | jq -r '.hosts[0].registrable'

--json prints { hosts: [ { host, unicode, registrable, resolves? } ] } (resolves only
with --resolve). Exit status: 0 answered (with --resolve: every name resolves), 1 a name
does not resolve, 2 bad usage. At most 10 names at a time.`;

function line(f: HostFacts): string {
  const parts = [f.unicode === f.host ? f.host : `${f.host} (${f.unicode})`, `run by ${f.registrable}`];
  if (f.resolves !== undefined) parts.push(f.resolves ? 'resolves' : 'does not resolve');
  return parts.join('  ');
}

export function registerHosts(program: Command, getRuntime: RuntimeFactory): void {
  program
    .command('hosts')
    .description('show host names in Unicode, who runs them, and whether they resolve')
    .argument('<names...>', 'host names, e.g. mail.example.com')
    .option('--resolve', 'also look each name up in DNS')
    .option('--resolver <host[:port]>', 'DNS server for --resolve, e.g. 127.0.0.53 or [::1]:5353')
    .option('--json', 'print { hosts: [...] } as JSON (stable shape, see below)')
    .addHelpText('after', HELP)
    .action(async (names: string[], opts: { resolve?: boolean; resolver?: string; json?: boolean }) => {
      if (names.length > 10) throw new UsageError('hosts takes at most 10 names at a time.');
      const reply = await getRuntime().call('hosts', { hosts: names, ...(opts.resolve ? { resolve: true } : {}), ...(opts.resolver ? { resolver: opts.resolver } : {}) });
      if (!reply.ok) {
        if (opts.json) printJson({ error: reply.error });
        else printError(reply.error);
        process.exitCode = exitCodeFor(reply.error);
        return;
      }
      if (opts.json) printJson({ hosts: reply.value });
      else process.stdout.write(`${reply.value.map(line).join('\n')}\n`);
      process.exitCode = reply.value.some((f) => f.resolves === false) ? 1 : 0;
    });
}
