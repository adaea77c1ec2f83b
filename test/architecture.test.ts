// The import graph of src/, type-only imports included (ESLint's import-x/no-cycle does not follow those): no
// file reaches itself. A cycle through types still ties two concepts together: the cure is a third file both
// import, or an interface where they meet.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const src = path.join(__dirname, '..', 'src');

/** Every relative import and re-export of each .ts file under `dir`, resolved to files. */
function importGraph(dir: string): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  const files = (d: string): string[] =>
    fs.readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(path.join(d, e.name)) : [path.join(d, e.name)]));
  for (const file of files(dir).filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))) {
    const text = fs.readFileSync(file, 'utf8');
    const deps = [...text.matchAll(/(?:^|\n)\s*(?:import|export)\b[^;]*?\bfrom\s+'(\.[^']+)'/g)].flatMap((m) => {
      const target = path.resolve(path.dirname(file), m[1]);
      return [`${target}.ts`, path.join(target, 'index.ts')].filter((f) => fs.existsSync(f)).slice(0, 1);
    });
    graph.set(file, deps);
  }
  return graph;
}

/** The cycles of a graph, each as the files it passes through (one per strongly connected component). */
function cycles(graph: Map<string, string[]>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const out: string[][] = [];
  let next = 0;
  const visit = (v: string): void => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1 || (graph.get(v) ?? []).includes(v)) out.push(component.sort());
    }
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return out;
}

test('no import cycle in src/, type-only imports included', () => {
  const found = cycles(importGraph(src)).map((c) => c.map((f) => path.relative(src, f)).join(' <-> '));
  expect(found).toEqual([]);
});

test('the cycle finder finds a cycle through type-only imports (self-test)', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'import-graph-'));
  fs.writeFileSync(path.join(dir, 'a.ts'), "import type { B } from './b';\nexport interface A { b?: B }\n");
  fs.writeFileSync(path.join(dir, 'b.ts'), "import type { A } from './a';\nexport interface B { a?: A }\n");
  fs.writeFileSync(path.join(dir, 'c.ts'), "import { A } from './a';\nexport const c: A = {};\n");
  expect(cycles(importGraph(dir)).map((c) => c.map((f) => path.basename(f)))).toEqual([['a.ts', 'b.ts']]);
});
