// lowdb's adapter for a segment file: compact JSON written to a temporary file (mode 0600, inside the
// data directory's 0700 folders) and renamed over the segment, so a crash leaves the old file or the new
// one, never half of either. lowdb's own DataFile writes with the process umask (usually 0644), and a
// segment holds payments. The JSON is followed by a line with its CRC-32, so damage is found at start-up
// instead of loaded as real; files written before checksums have no such line and are read as they are.
import { randomBytes } from 'node:crypto';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Adapter } from 'lowdb';
import { checksum } from './journal-file.ts';

export const FILE_MODE = 0o600;
export const DIR_MODE = 0o700;

const TRAILER = /\n([0-9a-f]{8})\n$/;

/** A segment's contents, or what is wrong with them (with the contents, when they parse despite a wrong checksum). */
export function parseSegment<T>(text: string): { data: T } | { problem: string; unsure?: T } {
  const trailer = TRAILER.exec(text);
  const json = trailer ? text.slice(0, trailer.index) : text;
  let data: T;
  try {
    data = JSON.parse(json) as T;
  } catch (error) {
    return { problem: (error as Error).message };
  }
  return trailer && checksum(json) !== trailer[1] ? { problem: 'checksum mismatch', unsure: data } : { data };
}

export class SegmentFile<T> implements Adapter<T> {
  constructor(readonly path: string) {}

  async read(): Promise<T | null> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
    const parsed = parseSegment<T>(text);
    if ('problem' in parsed) throw new Error(`${this.path}: ${parsed.problem}`);
    return parsed.data;
  }

  async write(data: T): Promise<void> {
    const temporary = join(dirname(this.path), `.${basename(this.path)}.${randomBytes(4).toString('hex')}.tmp`);
    try {
      // Encoded once, and the checksum taken over the bytes (see JournalBatch).
      const json = Buffer.from(JSON.stringify(data));
      await writeFile(temporary, Buffer.concat([json, Buffer.from(`\n${checksum(json)}\n`)]), { mode: FILE_MODE });
      await rename(temporary, this.path);
    } catch (error) {
      await rm(temporary, { force: true });
      throw error;
    }
  }
}
