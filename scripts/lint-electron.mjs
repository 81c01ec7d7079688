// The Electron security checklist as a lint step: @doyensec/electronegativity over
// electron/ (or the folder given), failing on any finding of medium or high severity
// (any confidence). Exit status 0 clean, 1 findings or files it could not check.
// Its programmatic API is used because its command line breaks on the newer commander
// hoisted in this project. It would reach the Internet twice; this step must not:
// - updated translations are fetched on every run: `got` is answered "not found" here,
//   so the English texts it ships are used;
// - AvailableSecurityFixesGlobalCheck downloads Electron's release list to compare our
//   Electron version against it: excluded here. Which Electron we ship is decided by the
//   dependency update (package.json), not by code in electron/.
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const input = path.resolve(process.argv[2] ?? path.join(root, 'electron'));
const fromHere = createRequire(import.meta.url);
const fromTool = createRequire(fromHere.resolve('@doyensec/electronegativity/package.json'));

const offlineGot = Object.assign(async () => ({ statusCode: 404, body: '' }), {
  head: async () => {
    throw new Error('no network in the lint step');
  },
});
const gotPath = fromTool.resolve('got');
fromTool.cache[gotPath] = { id: gotPath, filename: gotPath, loaded: true, exports: offlineGot, children: [], paths: [] };

const run = fromTool('./dist/runner.js');
const { severity } = fromTool('./dist/finder/attributes.js');
const electronVersion = fromHere('electron/package.json').version;

const result = await run({
  input,
  electronVersionOverride: electronVersion,
  excludeFromScan: ['AvailableSecurityFixesGlobalCheck'],
  isRelative: true,
});

const blocking = result.issues.filter((i) => i.severity.value >= severity.MEDIUM.value);
const describe = (i) => `  ${i.severity.name.padEnd(13)} ${i.confidence.name.padEnd(9)} ${i.id}  ${i.file}:${i.location.line}:${i.location.column}${i.manualReview ? ' (manual review)' : ''}`;
for (const e of result.errors) process.stderr.write(`electronegativity could not check ${e.file}: ${e.message ?? e.error ?? JSON.stringify(e)}\n`);
const others = result.issues.filter((i) => !blocking.includes(i));
if (others.length > 0) process.stdout.write(`Low and informational notes (not blocking):\n${others.map(describe).join('\n')}\n`);
if (blocking.length > 0) {
  process.stderr.write(`Electron security checklist: ${blocking.length} finding(s) of medium or high severity in ${path.relative(root, input) || '.'}/:\n${blocking.map(describe).join('\n')}\n`);
  process.exit(1);
}
if (result.errors.length > 0) process.exit(1);
process.stdout.write(`Electron security checklist: no medium or high finding in ${path.relative(root, input) || '.'}/ (${result.globalChecks + result.atomicChecks} checks, Electron ${electronVersion}).\n`);
