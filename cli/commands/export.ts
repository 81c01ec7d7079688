import type { Command } from 'commander';
import type { RuntimeFactory } from '../program.js';

// Placeholder until the capability lands.
export function registerExport(program: Command, _getRuntime: RuntimeFactory): void {
  program.command('export').description('(not implemented yet)');
}
