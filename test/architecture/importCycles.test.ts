/**
 * No import cycles in src/: modules depend one way (cli → index → engine →
 * sources → model), so each can be read, tested and changed on its own. A
 * small graph walk over the relative `import`/`export … from` statements of
 * every .ts file — type-only imports and `import('./x.js')` too: a lazily
 * loaded module or a type couples two modules as much as a value does.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/tempRegistry.js';

const SRC = join(REPO_ROOT, 'src');

/** Every .ts file under `dir`. */
function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sourceFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));
}

/** The relative static imports of a module, as absolute .ts paths. */
function importsOf(file: string, text: string): string[] {
  const out: string[] = [];
  // `import … from './x.js'`, `import './x.js'`, `export … from './x.js'` (statements start a line).
  // `import('./x.js')` with a literal path: loaded later, but still a dependency of the module.
  for (const m of text.matchAll(/^(?:import|export)\b[^;]*?\bfrom\s*['"](\.{1,2}\/[^'"]+)['"]|^import\s*['"](\.{1,2}\/[^'"]+)['"]|\bimport\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)/gms)) {
    const spec = (m[1] ?? m[2] ?? m[3]) as string;
    out.push(resolve(dirname(file), spec.replace(/\.js$/, '.ts')));
  }
  return out;
}

/** The cycles of a graph, each once, as a path that returns to its start (Tarjan's strongly connected components). */
function findCycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v) as number, low.get(w) as number));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v) as number, index.get(w) as number));
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop() as string;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1 || (graph.get(v) ?? []).includes(v)) components.push(component.sort());
    }
  };
  for (const v of [...graph.keys()].sort()) if (!index.has(v)) visit(v);
  return components;
}

describe('import structure of src/', () => {
  it('the cycle finder finds a cycle, a self-import, and none in a chain', () => {
    expect(findCycles(new Map([['a', ['b']], ['b', ['c']], ['c', ['a']], ['d', ['a']]]))).toEqual([['a', 'b', 'c']]);
    expect(findCycles(new Map([['a', ['a']]]))).toEqual([['a']]);
    expect(findCycles(new Map([['a', ['b']], ['b', ['c']], ['c', []]]))).toEqual([]);
  });

  it('the import parser sees named, type-only, re-export, side-effect and dynamic imports, not packages', () => {
    const file = join(SRC, 'x', 'y.ts');
    const text = "import { a } from './a.js';\nimport type {\n  B,\n} from '../b.js';\nexport { c } from './c.js';\nexport * from './d.js';\nimport './e.js';\nconst f = await import('./f.js');\nimport { g } from 'node:fs';\n";
    expect(importsOf(file, text).map((f) => relative(SRC, f)).sort()).toEqual(['b.ts', 'x/a.ts', 'x/c.ts', 'x/d.ts', 'x/e.ts', 'x/f.ts']);
  });

  it('has no import cycles', () => {
    const files = sourceFiles(SRC);
    expect(files.length).toBeGreaterThan(50);
    const graph = new Map(files.map((f) => [f, importsOf(f, readFileSync(f, 'utf8'))]));
    const cycles = findCycles(graph).map((c) => c.map((f) => relative(SRC, f)).join(' ↔ '));
    expect(cycles).toEqual([]);
  });
});
