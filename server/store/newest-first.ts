// One page of records, newest first, without sorting them all: a list page of 25 out of 100,000 payments
// keeps only the newest offset + limit in a small sorted buffer on one pass. Equal times keep the
// records' order (as a stable sort would), so the answer is exactly that of sort-then-slice.

/** Past this many kept records a plain sort is cheaper than inserting into the buffer. */
const MAX_BUFFER = 2000;

export function newestFirst<T extends { createdAt: number }>(
  records: Iterable<T>, matches: (record: T) => boolean, offset: number, limit: number,
): { total: number; page: T[] } {
  const keep = offset + limit;
  if (keep > MAX_BUFFER) {
    const all = [...records].filter(matches).sort((a, b) => b.createdAt - a.createdAt);
    return { total: all.length, page: all.slice(offset, keep) };
  }
  const top: T[] = [];
  let total = 0;
  // Records are mostly stored in the order they were made, so walking from the last one keeps most
  // candidates out of the buffer with one comparison once it is full.
  const reversed = [...records].reverse();
  for (const record of reversed) {
    if (!matches(record)) continue;
    total++;
    if (top.length === keep && record.createdAt < top[keep - 1]!.createdAt) continue;
    // Met in reverse, a record goes before those of the same time (it came first) and after newer ones.
    let low = 0, high = top.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (top[mid]!.createdAt > record.createdAt) low = mid + 1;
      else high = mid;
    }
    top.splice(low, 0, record);
    if (top.length > keep) top.pop();
  }
  return { total, page: top.slice(offset, keep) };
}
