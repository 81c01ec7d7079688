import type { Command } from 'commander';
import type { RuntimeFactory } from '../program.js';

// Placeholder until the capability lands.
export function registerAccounts(program: Command, _getRuntime: RuntimeFactory): void {
  program.command('accounts').description('(not implemented yet)');
}
