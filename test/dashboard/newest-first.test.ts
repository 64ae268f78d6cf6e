// newestFirst gives exactly what a stable sort by time, newest first, then a slice would give.
import { describe, expect, it } from 'vitest';
import { newestFirst } from '../../server/store/newest-first.ts';

function reference<T extends { createdAt: number }>(records: T[], matches: (r: T) => boolean, offset: number, limit: number) {
  const all = records.filter(matches).sort((a, b) => b.createdAt - a.createdAt);
  return { total: all.length, page: all.slice(offset, offset + limit) };
}

describe('newestFirst', () => {
  it('matches sort-then-slice for many pages, filters and ties (including the plain-sort path past 2000)', () => {
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    // Few distinct times, so ties are common; ids show the order among them.
    const records = Array.from({ length: 5000 }, (_, i) => ({ id: i, createdAt: Math.floor(random() * 300), even: i % 2 === 0 }));
    const filters = [() => true, (r: { even: boolean }) => r.even, (r: { createdAt: number }) => r.createdAt > 290, () => false];
    for (const matches of filters) {
      for (const [offset, limit] of [[0, 25], [25, 25], [0, 1], [1990, 25], [2100, 50], [4990, 25], [6000, 10]] as const) {
        expect(newestFirst(records, matches, offset, limit), `${offset}/${limit}`).toEqual(reference(records, matches, offset, limit));
      }
    }
  });
});
