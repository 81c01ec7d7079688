// Builds the `mailsetup` command as ES-module chunks in dist/mailsetup/ (bin/mailsetup.js
// runs it). One bundle starts much faster than hundreds of separately resolved files;
// code splitting keeps each command's libraries in chunks loaded only when it runs.
// The source layout is unchanged: this is a build output next to tsc's dist/.
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const outdir = path.join(root, 'dist', 'mailsetup');
const ispdbData = path.join(root, 'core', 'discover', 'ispdb', 'data');

const result = await build({
  absWorkingDir: root,
  // The batch audit's worker threads start from an entry of their own (cli/audit-pool.ts).
  entryPoints: { main: 'cli/main.ts', 'audit-worker': 'cli/audit-worker.ts' },
  outdir,
  write: false,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  minify: true,
  sourcemap: 'linked',
  chunkNames: 'chunks/[name]-[hash]',
  // A native addon: loaded from node_modules by the keychain helper process.
  external: ['@napi-rs/keyring'],
  // CommonJS libraries inside an ES-module bundle still call require() for Node's own modules.
  banner: { js: "import{createRequire as __cr}from'node:module';const require=__cr(import.meta.url);" },
  logLevel: 'warning',
});

// The bundled ISPDB is read beside the chunk that loads it (new URL('./data/…', import.meta.url)).
const files = new Map(result.outputFiles.map((f) => [f.path, f.contents]));
for (const name of readdirSync(ispdbData)) files.set(path.join(outdir, 'chunks', 'data', name), readFileSync(path.join(ispdbData, name)));

// Each file is renamed into place and stale ones removed afterwards, so a `mailsetup`
// already running (tests start the CLI while another suite rebuilds) never reads a
// half-written file; unchanged chunks keep their content-hashed names.
for (const [file, contents] of files) {
  mkdirSync(path.dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, contents);
  renameSync(temp, file);
}
for (const entry of readdirSync(outdir, { recursive: true, withFileTypes: true })) {
  const file = path.join(entry.parentPath, entry.name);
  if (entry.isFile() && !files.has(file)) rmSync(file, { force: true });
}
