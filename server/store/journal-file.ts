// The journal's line format and its reading. One change per line: the JSON entry, a tab, and the CRC-32
// of the JSON in 8 hex digits, so a flipped byte or an edited digit that still parses is caught rather
// than loaded as real. JSON never holds a raw tab, so the last tab of a line is the separator. Journals
// written before checksums (no tab on the first line) are read as they are, once: start-up folds them.
import { crc32 } from 'node:zlib';

export type JournalEntry = { t: string; id: string; r?: unknown; d?: 1 };

/** Where a data file is damaged and how: a line of a journal (1-based), or a whole segment file. */
export interface Damage { path: string; line?: number; problem: string; dropped?: string }

export const checksum = (data: string | Uint8Array): string => crc32(data).toString(16).padStart(8, '0');

/** The batch's first size, and the size it goes back to after a large commit. */
const FIRST_SIZE = 64 * 1024;

/**
 * The lines of the next append, encoded into one buffer that is reused from commit to commit. Each entry's
 * JSON is encoded once, straight into it, and its checksum taken over those bytes: zlib's crc32 given a
 * string encodes it to UTF-8 first, slowly (for a segment of 400 KB it took longer than JSON.stringify).
 * One buffer kept warm, rather than a buffer per line joined into another per commit: memory written for
 * the first time costs a page fault per 4 KB, which on a virtual machine is most of what a line costs.
 */
export class JournalBatch {
  private bytes = Buffer.allocUnsafe(FIRST_SIZE);
  /** Bytes of whole lines in the batch. */
  length = 0;

  add(entry: JournalEntry): void {
    const json = JSON.stringify(entry);
    const size = Buffer.byteLength(json);
    this.reserve(size + 10);
    const start = this.length;
    this.bytes.write(json, start, size, 'utf8');
    this.bytes[start + size] = 0x09;
    this.bytes.write(checksum(this.bytes.subarray(start, start + size)), start + size + 1, 8, 'latin1');
    this.bytes[start + size + 9] = 0x0a;
    this.length = start + size + 10;
  }

  /** The lines so far: a view, valid until the batch is cleared or added to. */
  view(): Buffer { return this.bytes.subarray(0, this.length); }

  /** Empties the batch; one grown by a large commit (a reset of 100,000 records) goes back to its first size. */
  clear(): void {
    this.length = 0;
    if (this.bytes.length > 4 * 1024 * 1024) this.bytes = Buffer.allocUnsafe(FIRST_SIZE);
  }

  private reserve(more: number): void {
    if (this.length + more <= this.bytes.length) return;
    const grown = Buffer.allocUnsafe(Math.max(this.bytes.length * 2, this.length + more));
    this.bytes.copy(grown, 0, 0, this.length);
    this.bytes = grown;
  }
}

/** An entry for a known table with a record (or a deletion), or why the line is not one. */
function entryOf(json: string, tables: ReadonlySet<string>): JournalEntry | string {
  let entry: JournalEntry;
  try {
    entry = JSON.parse(json) as JournalEntry;
  } catch (error) {
    return `damaged (not JSON: ${(error as Error).message})`;
  }
  const known = !!entry && typeof entry.id === 'string' && tables.has(entry.t);
  return known && (entry.d === 1 || (typeof entry.r === 'object' && entry.r !== null)) ? entry : 'damaged (not an alipay-sandbox journal entry)';
}

/** What a damaged line was about, when that can still be read: "payments 2026...". */
function describeLine(json: string): string | undefined {
  const found = /^\{"t":"([\w-]+)","id":"((?:[^"\\]|\\.){1,200})"/.exec(json);
  return found ? `${found[1]} ${found[2]}` : undefined;
}

export interface JournalReading { entries: JournalEntry[]; damage: Damage[] }

/**
 * Reads a journal: its intact entries in order, and every damaged line. The last line must end with a
 * newline: a line cut short was never acknowledged to anyone, but it can only come from a power loss or
 * from a file cut by hand, and nobody can tell which, so it is reported like any other damage.
 */
export function readJournal(path: string, text: string, tables: ReadonlySet<string>): JournalReading {
  const lines = text.split('\n');
  const tail = lines.pop()!;
  const legacy = lines.length > 0 && !lines[0]!.includes('\t');
  const entries: JournalEntry[] = [];
  const damage: Damage[] = [];
  lines.forEach((line, index) => {
    const tab = legacy ? -1 : line.lastIndexOf('\t');
    const json = legacy ? line : line.slice(0, Math.max(tab, 0));
    let problem: string | undefined;
    if (!legacy && (tab < 0 || line.slice(tab + 1) !== checksum(json))) problem = tab < 0 ? 'damaged (no checksum)' : 'damaged (checksum mismatch)';
    const entry = problem ?? entryOf(json, tables);
    if (typeof entry === 'string') damage.push({ path, line: index + 1, problem: entry, dropped: describeLine(json) });
    else entries.push(entry);
  });
  if (tail) damage.push({ path, line: lines.length + 1, problem: 'cut short (no end of line)', dropped: describeLine(tail) });
  return { entries, damage };
}
