#!/usr/bin/env node
// Thin launcher: the CLI is bundled by `npm run build` into dist/mailsetup/ (see
// scripts/bundle-cli.mjs). Node's compile cache, where the runtime has it (22.1+),
// saves recompiling the bundle on every start.
import { existsSync } from 'node:fs';
import module from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

const entry = fileURLToPath(new URL('../dist/mailsetup/main.js', import.meta.url));
if (!existsSync(entry)) {
  process.stderr.write('mailsetup is not built yet. Run `npm run build` in the project folder first.\n');
  process.exit(1);
}
module.enableCompileCache?.();
await import(pathToFileURL(entry).href);
