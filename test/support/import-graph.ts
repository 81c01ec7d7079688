// The static import graph of the project's own modules: which files and packages a
// module loads before any of its code runs. Type-only imports are erased by the compiler
// and do not count unless asked for (a cycle of types is still a cycle for a reader);
// dynamic import() is what a module loads later, on purpose, and never counts.
import { readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import ts from 'typescript';

const ROOT = path.resolve(import.meta.dirname, '..', '..');

/** The module specifiers a file imports or re-exports statically (type-only ones on request). */
function staticImports(file: string, withTypes: boolean): string[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, false);
  const specs: string[] = [];
  for (const node of source.statements) {
    if (ts.isImportDeclaration(node) && (withTypes || !node.importClause?.isTypeOnly) && ts.isStringLiteral(node.moduleSpecifier)) {
      specs.push(node.moduleSpecifier.text);
    } else if (ts.isExportDeclaration(node) && (withTypes || !node.isTypeOnly) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      specs.push(node.moduleSpecifier.text);
    }
  }
  return specs;
}

function packageName(spec: string): string {
  const parts = spec.split('/');
  return spec.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] as string);
}

/** Every project file (relative to the repository) and package reached from `entry`; packages map to the file importing them. */
export function staticImportGraph(entry: string, { withTypes = false } = {}): { files: string[]; packages: Map<string, string> } {
  const files = new Set<string>();
  const packages = new Map<string, string>();
  const queue = [path.join(ROOT, entry)];
  while (queue.length > 0) {
    const file = queue.pop() as string;
    if (files.has(file)) continue;
    files.add(file);
    for (const spec of staticImports(file, withTypes)) {
      if (spec.startsWith('.')) {
        queue.push(path.resolve(path.dirname(file), spec.replace(/\.js$/, '.ts')));
      } else if (!spec.startsWith('node:') && !builtinModules.includes(spec)) {
        packages.set(packageName(spec), path.relative(ROOT, file));
      }
    }
  }
  return { files: [...files].map((f) => path.relative(ROOT, f)), packages };
}
