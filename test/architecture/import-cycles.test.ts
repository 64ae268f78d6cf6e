// No import cycles in server/ and schemas/, type-only imports included: shared types live in a types.ts of
// their folder, so a module never needs one that needs it back.
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { cyclesOf, importGraph } from './import-graph.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

describe('import graph', () => {
  const graph = importGraph(ROOT, ['server', 'schemas']);

  it('has no cycles in server/ and schemas/', () => {
    expect(cyclesOf(graph).map((files) => files.join(' -> '))).toEqual([]);
  });

  it('counts type-only imports as edges', () => {
    // lifecycle-bodies.ts imports only a type from types.ts.
    expect(graph.get('server/notify/lifecycle-bodies.ts')).toContain('server/notify/types.ts');
  });

  it('finds a cycle through several files, and a file that imports itself', () => {
    const cyclic = new Map([['a.ts', ['b.ts']], ['b.ts', ['c.ts']], ['c.ts', ['a.ts']], ['d.ts', ['d.ts']], ['e.ts', ['a.ts']]]);
    expect(cyclesOf(cyclic)).toEqual([['a.ts', 'b.ts', 'c.ts'], ['d.ts']]);
  });
});
