import type { Command } from 'commander';
import type { RuntimeFactory } from '../program.js';

// Placeholder until the capability lands.
export function registerUi(program: Command, _getRuntime: RuntimeFactory): void {
  program.command('ui').description('(not implemented yet)');
}
