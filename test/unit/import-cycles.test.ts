// No import cycles in src/: not between files, and not between folders (a folder that imports one
// that imports it back has no direction: the lower one must not know the higher one).
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cyclePath, cycles, folderGraph, importGraph, type Graph } from '../helpers/import-graph.js';

const graph = importGraph(join(import.meta.dirname, '../../src'));
const shown = (g: Graph) => cycles(g).map((c) => cyclePath(g, c));

describe('the import graph of src/', () => {
  it('is read: it has the files and the imports it should', () => {
    expect(graph.get('cli.ts')?.size).toBeGreaterThan(0);
    expect(graph.get('core/submit-request.ts')).toContain('core/create-request.ts');
    // type-only imports count: an interface is a dependency too
    expect(graph.get('core/submit-request.ts')).toContain('core/recorded-check.ts');
  });

  it('has no cycle between files', () => {
    expect(shown(graph)).toEqual([]);
  });

  it('has no cycle between folders', () => {
    expect(shown(folderGraph(graph))).toEqual([]);
  });

  it('keeps the core free of terminals and commands (it reports through callbacks)', () => {
    const above = (file: string) => file.startsWith('terminal/') || file.startsWith('cmd/');
    const leaks = [...graph].filter(([file]) => file.startsWith('core/') || file.startsWith('severity/')).flatMap(([file, targets]) => [...targets].filter(above).map((t) => `${file} → ${t}`));
    expect(leaks).toEqual([]);
  });

  it('finds a cycle when there is one', () => {
    const g: Graph = new Map([
      ['a/x.ts', new Set(['b/y.ts'])],
      ['b/y.ts', new Set(['b/z.ts'])],
      ['b/z.ts', new Set(['a/w.ts'])],
      ['a/w.ts', new Set<string>()],
    ]);
    expect(shown(g)).toEqual([]);
    expect(shown(folderGraph(g))).toEqual(['a/ → b/ → a/']);
    g.get('a/w.ts')!.add('a/x.ts');
    expect(shown(g)).toEqual(['a/w.ts → a/x.ts → b/y.ts → b/z.ts → a/w.ts']);
  });
});
