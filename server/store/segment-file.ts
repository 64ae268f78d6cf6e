// lowdb's adapter for a segment file: compact JSON written to a temporary file (mode 0600, inside the
// data directory's 0700 folders) and renamed over the segment, so a crash leaves the old file or the new
// one, never half of either. lowdb's own DataFile writes with the process umask (usually 0644), and a
// segment holds payments.
import { randomBytes } from 'node:crypto';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Adapter } from 'lowdb';

export const FILE_MODE = 0o600;
export const DIR_MODE = 0o700;

export class SegmentFile<T> implements Adapter<T> {
  constructor(readonly path: string) {}

  async read(): Promise<T | null> {
    try {
      return JSON.parse(await readFile(this.path, 'utf8')) as T;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
  }

  async write(data: T): Promise<void> {
    const temporary = join(dirname(this.path), `.${basename(this.path)}.${randomBytes(4).toString('hex')}.tmp`);
    try {
      await writeFile(temporary, JSON.stringify(data), { mode: FILE_MODE });
      await rename(temporary, this.path);
    } catch (error) {
      await rm(temporary, { force: true });
      throw error;
    }
  }
}
