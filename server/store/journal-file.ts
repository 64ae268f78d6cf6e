// The journal's line format and its reading. One change per line: the JSON entry, a tab, and the CRC-32
// of the JSON in 8 hex digits, so a flipped byte or an edited digit that still parses is caught rather
// than loaded as real. JSON never holds a raw tab, so the last tab of a line is the separator. Journals
// written before checksums (no tab on the first line) are read as they are, once: start-up folds them.
import { crc32 } from 'node:zlib';

export type JournalEntry = { t: string; id: string; r?: unknown; d?: 1 };

/** Where a data file is damaged and how: a line of a journal (1-based), or a whole segment file. */
export interface Damage { path: string; line?: number; problem: string; dropped?: string }

export const checksum = (data: string | Uint8Array): string => crc32(data).toString(16).padStart(8, '0');

/**
 * One journal line as the bytes appended. The JSON is encoded once, straight into the line, and the
 * checksum taken over those bytes: zlib's crc32 given a string encodes it to UTF-8 first, slowly (for a
 * segment of 400 KB it took longer than JSON.stringify), and the line was then encoded again to be written.
 */
export function journalLine(entry: JournalEntry): Buffer {
  const json = JSON.stringify(entry);
  const size = Buffer.byteLength(json);
  const line = Buffer.allocUnsafe(size + 10);
  line.write(json, 0, size, 'utf8');
  line[size] = 0x09;
  line.write(checksum(line.subarray(0, size)), size + 1, 8, 'latin1');
  line[size + 9] = 0x0a;
  return line;
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
