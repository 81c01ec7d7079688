import type { Command } from 'commander';
import type { RuntimeFactory } from '../program.js';

// Placeholder until the capability lands.
export function registerTest(program: Command, _getRuntime: RuntimeFactory): void {
  program.command('test').description('(not implemented yet)');
}
