// db/sandbox.json: says that a directory is an alipay-sandbox data directory, and how many segment files
// each table has written, so a deleted segment is noticed at start-up instead of its payments vanishing.
import { readFile, rename, writeFile } from 'node:fs/promises';
import { FILE_MODE } from './segment-file.ts';
import { DataFileError } from './table.ts';

export const DATA_FORMAT = 'alipay-sandbox/data-dir@1';

export interface DataDirMarker {
  format: string;
  /** Segment files written so far, by table (absent in directories made before it was kept). */
  segments?: Record<string, number>;
}

/** The marker of a directory, or undefined when there is none yet (a new directory). Anything else stops start-up. */
export async function readMarker(path: string): Promise<DataDirMarker | undefined> {
  let marker: unknown;
  try {
    marker = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new DataFileError(`data file ${path} is corrupt (${(error as Error).message}); it was left untouched`);
  }
  if ((marker as { format?: unknown } | null)?.format !== DATA_FORMAT) {
    throw new DataFileError(`data file ${path} is not an alipay-sandbox file; it was left untouched`);
  }
  return marker as DataDirMarker;
}

/** Replaces the marker whole (temporary file, then rename). */
export async function writeMarker(path: string, marker: DataDirMarker): Promise<void> {
  const temporary = `${path}.tmp`;
  await writeFile(temporary, JSON.stringify(marker), { mode: FILE_MODE });
  await rename(temporary, path);
}

