// Entry point of the `mailsetup` command (bin/mailsetup.js imports this module).
import { guardOutput } from './output.js';
import { main } from './program.js';

guardOutput();
process.exitCode = await main(process.argv.slice(2));
