// `mailsetup --help` must start in about bare Node's time (npm run bench:cli): what the
// program loads before it parses its arguments is only the command line itself. A command
// module registers its options and help cheaply and imports the engine (core/) and any
// library inside its action, with `await import(…)`. This walks the static imports from
// cli/main.ts (type-only imports are erased and do not count) and fails on anything else.
import { readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const ALLOWED_PACKAGES = new Set(['commander']);
const ALLOWED_DIRS = ['cli/', 'shared/'];

/** The runtime (non-type-only) module specifiers a file imports or re-exports statically. */
function staticImports(file: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, false);
  const specs: string[] = [];
  for (const node of source.statements) {
    if (ts.isImportDeclaration(node) && !node.importClause?.isTypeOnly && ts.isStringLiteral(node.moduleSpecifier)) {
      specs.push(node.moduleSpecifier.text);
    } else if (ts.isExportDeclaration(node) && !node.isTypeOnly && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      specs.push(node.moduleSpecifier.text);
    }
  }
  return specs;
}

function packageName(spec: string): string {
  const parts = spec.split('/');
  return spec.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] as string);
}

/** Every project file and package reached from `entry` through static imports. */
function startupGraph(entry: string): { files: string[]; packages: Map<string, string> } {
  const files = new Set<string>();
  const packages = new Map<string, string>();
  const queue = [path.join(ROOT, entry)];
  while (queue.length > 0) {
    const file = queue.pop() as string;
    if (files.has(file)) continue;
    files.add(file);
    for (const spec of staticImports(file)) {
      if (spec.startsWith('.')) {
        queue.push(path.resolve(path.dirname(file), spec.replace(/\.js$/, '.ts')));
      } else if (!spec.startsWith('node:') && !builtinModules.includes(spec)) {
        packages.set(packageName(spec), path.relative(ROOT, file));
      }
    }
  }
  return { files: [...files].map((f) => path.relative(ROOT, f)), packages };
}

describe('what `mailsetup` loads before it parses its arguments', () => {
  const graph = startupGraph('cli/main.ts');

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
