import { readFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * A sandboxed preload can require only "electron" (and a few Node shims); electron-vite leaves
 * npm dependencies external, so one runtime import of zod would break every window at load.
 * This walks the preload's runtime import graph (type-only imports are erased) to keep it so.
 */
const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

function runtimeImports(file: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, false);
  const found: string[] = [];
  for (const statement of source.statements) {
    if ((ts.isImportDeclaration(statement) || ts.isExportDeclaration(statement)) && statement.moduleSpecifier && ts.isStringLiteral(statement.moduleSpecifier)) {
      if (ts.isImportDeclaration(statement)) {
        const clause = statement.importClause;
        if (clause?.isTypeOnly) continue;
        const named = clause?.namedBindings;
        const allTypes = clause && !clause.name && named && ts.isNamedImports(named) && named.elements.length > 0 && named.elements.every((e) => e.isTypeOnly);
        if (allTypes) continue;
      } else if (statement.isTypeOnly) {
        continue;
      }
      found.push(statement.moduleSpecifier.text);
    }
  }
  return found;
}

function runtimeGraph(entry: string): { files: string[]; packages: string[] } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const queue = [entry];
  for (let i = 0; i < queue.length && i < 200; i++) {
    const file = queue[i]!;
    if (files.has(file)) continue;
    files.add(file);
    for (const spec of runtimeImports(file)) {
      if (spec.startsWith('.')) queue.push(resolve(dirname(file), `${spec}.ts`));
      else packages.add(spec);
    }
  }
  return { files: [...files].map((f) => relative(repo, f)).sort(), packages: [...packages].sort() };
}

describe('the preload bundle', () => {
  it('loads nothing at run time but electron and its own zod-free files', () => {
    expect(runtimeGraph(resolve(repo, 'src/preload/index.ts'))).toEqual({
      files: ['src/preload/build-api.ts', 'src/preload/index.ts', 'src/shared/contract/preload-api.ts'],
      packages: ['electron'],
    });
  });

  it('would notice a runtime import of the contract (the check can fail)', () => {
    expect(runtimeGraph(resolve(repo, 'src/shared/contract/wire.ts')).packages).toContain('zod');
  });
});
