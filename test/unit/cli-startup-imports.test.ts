// `mailsetup --help` must start in about bare Node's time (npm run bench:cli): what the
// program loads before it parses its arguments is only the command line itself. A command
// module registers its options and help cheaply and imports the engine (core/) and any
// library inside its action, with `await import(…)`. This walks the static imports from
// cli/main.ts (type-only imports are erased and do not count) and fails on anything else.
import { describe, expect, it } from 'vitest';
import { staticImportGraph } from '../support/import-graph.js';

const ALLOWED_PACKAGES = new Set(['commander']);
// core/fs/ holds the bounded file reads the command line uses for user-named files: a few
// lines over Node's own fs, no library, so loading them costs nothing measurable.
const ALLOWED_DIRS = ['cli/', 'shared/', 'core/fs/'];

describe('what `mailsetup` loads before it parses its arguments', () => {
  const graph = staticImportGraph('cli/main.ts');

  it('walks the command modules (the walk itself works)', () => {
    expect(graph.files).toContain('cli/program.ts');
    expect(graph.files).toContain('cli/commands/discover.ts');
    expect(graph.packages.has('commander')).toBe(true);
  });

  it('loads no library but commander (the others are imported inside the actions)', () => {
    const extra = [...graph.packages].filter(([name]) => !ALLOWED_PACKAGES.has(name)).map(([name, from]) => `${name} (from ${from})`);
    expect(extra).toEqual([]);
  });

  it('loads nothing from the engine (core/) until a command runs', () => {
    expect(graph.files.filter((f) => !ALLOWED_DIRS.some((dir) => f.startsWith(dir)))).toEqual([]);
  });
});
