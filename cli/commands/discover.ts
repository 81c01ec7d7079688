import type { Command } from 'commander';
import type { RuntimeFactory } from '../program.js';

// Placeholder until the capability lands.
export function registerDiscover(program: Command, _getRuntime: RuntimeFactory): void {
  program.command('discover').description('(not implemented yet)');
}
