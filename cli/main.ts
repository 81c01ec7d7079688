// Entry point of the `mailsetup` command (bin/mailsetup.js imports this module).
import { main } from './program.js';

process.exitCode = await main(process.argv.slice(2));
