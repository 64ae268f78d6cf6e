// Compaction's write: the segments changed since the last one, one at a time so requests are served in
// between, and the data directory marker's segment counts kept up with them.
import { writeMarker, type DataDirMarker } from './data-dir-marker.ts';
import type { Table } from './table.ts';

/**
 * Rewrites the changed segments of every table. A table's first write of a new segment file is then
 * recorded in the marker (after the file exists, so a crash in between leaves a file the marker does not
 * count yet, which is harmless; never the reverse). A failed write marks what is left changed again.
 */
export async function writeChangedSegments(tables: readonly Table<unknown>[], marker: DataDirMarker, markerPath: string): Promise<void> {
  for (const table of tables) {
    const numbers = table.takeChangedSegments();
    for (let i = 0; i < numbers.length; i++) {
      try {
        await table.writeSegment(numbers[i]!);
      } catch (error) {
        table.markChanged(numbers.slice(i));
        throw error;
      }
    }
    // Segments are numbered in order of creation, and each is written by the first compaction after it.
    const written = numbers.length ? Math.max(...numbers) + 1 : 0;
    const counts = marker.segments ??= {};
    if ((counts[table.name] ?? 0) < written) {
      counts[table.name] = written;
      await writeMarker(markerPath, marker);
    }
  }
}
