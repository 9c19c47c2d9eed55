// The import graph of src/, read with the TypeScript compiler's own import scanner (every import,
// export-from, type-only import and dynamic import()), and its cycles.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import ts from 'typescript';

export type Graph = Map<string, Set<string>>;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(path);
    return e.name.endsWith('.ts') && !e.name.endsWith('.d.ts') ? [path] : [];
  });
}

/** file → the files it imports, as paths relative to `root` with forward slashes. */
export function importGraph(root: string): Graph {
  const name = (path: string) => relative(root, path).split(sep).join('/');
  const graph: Graph = new Map();
  for (const file of sourceFiles(root)) {
    const edges = new Set<string>();
    for (const { fileName } of ts.preProcessFile(readFileSync(file, 'utf8'), true, true).importedFiles) {
      if (!fileName.startsWith('.')) continue;
      const base = resolve(dirname(file), fileName);
      const target = [base.replace(/\.js$/, '.ts'), `${base}.ts`, join(base, 'index.ts')].find((p) => p.endsWith('.ts') && existsSync(p));
      if (target) edges.add(name(target));
    }
    graph.set(name(file), edges);
  }
  return graph;
}

/** The graph with each file replaced by its top folder under the root (a file at the root stands for itself). */
export function folderGraph(graph: Graph): Graph {
  const folder = (file: string) => (file.includes('/') ? `${file.split('/')[0]}/` : file);
  const folders: Graph = new Map();
  for (const [file, targets] of graph) {
    const edges = folders.get(folder(file)) ?? new Set<string>();
    for (const t of targets) if (folder(t) !== folder(file)) edges.add(folder(t));
    folders.set(folder(file), edges);
  }
  return folders;
}

/** Each cycle as one strongly connected component of two or more nodes (or a node importing itself), sorted. */
export function cycles(graph: Graph): string[][] {
  // Tarjan's algorithm
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (v: string) => {
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
      if (component.length > 1 || graph.get(v)?.has(v)) found.push(component.sort());
    }
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return found;
}

/** One path through a cycle's component, to show which imports close it: a → b → … → a. */
export function cyclePath(graph: Graph, component: readonly string[]): string {
  const inside = new Set(component);
  const start = component[0]!;
  const seen = new Map<string, string | undefined>([[start, undefined]]);
  const queue = [start];
  while (queue.length) {
    const v = queue.shift()!;
    for (const w of graph.get(v) ?? []) {
      if (!inside.has(w)) continue;
      if (w === start) {
        const path = [v];
        for (let p = seen.get(v); p !== undefined; p = seen.get(p)) path.unshift(p);
        return [...path, start].join(' → ');
      }
      if (!seen.has(w)) {
        seen.set(w, v);
        queue.push(w);
      }
    }
  }
  return component.join(', ');
}
