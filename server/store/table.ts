// A table of records kept whole in memory (with indexes) and persisted through lowdb in segment files.
// A change is first written as one line of the store's journal (see sandbox-store.ts), so a request
// costs one small append however many records are stored; the segments that hold changed records are
// rewritten only when the journal is compacted. One lowdb file for everything would instead be
// rewritten whole on every change, and slow down in step with the number of records.
import { Low, Memory } from 'lowdb';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Damage, JournalBatch } from './journal-file.ts';
import { parseSegment, SegmentFile } from './segment-file.ts';

export interface Segment<T> { format: string; records: Record<string, T> }

export const SEGMENT_SIZE = 200;

/** The file adapter (temporary file, then rename), writing compact JSON: segments are read by the sandbox, not by hand. */
const segmentFile = <T>(path: string) => new SegmentFile<Segment<T>>(path);

export class DataFileError extends Error {}

/** What dropping a damaged segment loses: its records by id when they can still be read, else all it held. */
function droppedFrom(unsure: Segment<unknown> | undefined): string {
  const ids = unsure && typeof unsure.records === 'object' && unsure.records ? Object.keys(unsure.records) : undefined;
  return ids ? `${ids.length} record(s): ${ids.join(', ')}` : 'every record the file held (unreadable)';
}

/** Records keyed by id in an object without a prototype, so an id such as "__proto__" is a key like any other. */
const noPrototype = <T>() => Object.create(null) as Record<string, T>;

export interface TableOptions<T> {
  name: string;
  /** Directory of the segment files, or undefined for memory. */
  dir?: string;
  idOf: (record: T) => string;
  /** Unique secondary keys, e.g. clientId + paymentRequestId. A record may have none for an index. */
  indexes?: Record<string, (record: T) => string | undefined>;
}

export class Table<T> {
  private readonly byId = new Map<string, T>();
  private readonly segmentOf = new Map<string, number>();
  private readonly segments: Low<Segment<T>>[] = [];
  private readonly indexes = new Map<string, Map<string, string>>();
  private readonly dirty = new Set<number>();
  /** Records changed since the last journal write: the record, or null for a deletion. */
  private readonly unjournaled = new Map<string, T | null>();
  private readonly counts: number[] = [];
  readonly format: string;
  /** Told the id of every record put or deleted (not of journal replays): the live event stream. */
  private readonly watchers: ((id: string) => void)[] = [];

  constructor(private readonly options: TableOptions<T>) {
    this.format = `alipay-sandbox/${options.name}@1`;
    for (const name of Object.keys(options.indexes ?? {})) this.indexes.set(name, new Map());
  }

  private pathOf(number: number): string {
    return join(this.options.dir!, `${this.options.name}-${String(number).padStart(6, '0')}.json`);
  }

  /**
   * Loads every segment. A file that is not ours stops start-up and is left untouched. A damaged file
   * (not JSON, a wrong checksum) or a missing one (the data directory recorded `expectedSegments`) is
   * reported, and its number starts empty: the store refuses to start on it, or with --repair sets the
   * file aside and goes on with the rest.
   */
  async load(expectedSegments = 0): Promise<Damage[]> {
    const dir = this.options.dir;
    if (!dir) return [];
    const pattern = new RegExp(`^${this.options.name}-(\\d{6})\\.json$`);
    const files = (await readdir(dir)).filter((f) => pattern.test(f)).sort();
    const damage: Damage[] = [];
    let count = expectedSegments;
    for (const file of files) {
      const path = join(dir, file);
      const number = Number(pattern.exec(file)![1]);
      count = Math.max(count, number + 1);
      const parsed = parseSegment<Segment<T>>(await readFile(path, 'utf8'));
      if ('problem' in parsed) {
        damage.push({ path, problem: `corrupt (${parsed.problem})`, dropped: droppedFrom(parsed.unsure) });
        continue;
      }
      const { data } = parsed;
      if (!data || data.format !== this.format || typeof data.records !== 'object' || data.records === null) {
        throw new DataFileError(`data file ${path} is not an alipay-sandbox ${this.options.name} file; it was left untouched`);
      }
      const low = new Low<Segment<T>>(segmentFile<T>(path), data);
      low.data = data;
      this.segments[number] = low;
      data.records = Object.assign(noPrototype<T>(), data.records);
      this.counts[number] = Object.keys(data.records).length;
      for (const [id, record] of Object.entries(data.records)) this.index(id, record, number);
    }
    for (let number = 0; number < count; number++) {
      if (this.segments[number]) continue;
      if (!damage.some((d) => d.path === this.pathOf(number))) {
        damage.push({ path: this.pathOf(number), problem: `missing (the data directory holds ${count} ${this.options.name} segments)`, dropped: 'every record the file held' });
      }
      // An empty segment in its place, written at the next compaction, so the numbering stays whole.
      this.segments[number] = new Low(segmentFile<T>(this.pathOf(number)), { format: this.format, records: noPrototype<T>() });
      this.counts[number] = 0;
      this.dirty.add(number);
    }
    return damage;
  }

  /** Number of segments (after a compaction, of segment files). */
  get segmentCount(): number { return this.segments.length; }

  get size(): number { return this.byId.size; }
  get(id: string): T | undefined { return this.byId.get(id); }

  find(index: string, key: string): T | undefined {
    const id = this.indexes.get(index)?.get(key);
    return id === undefined ? undefined : this.byId.get(id);
  }

  values(): IterableIterator<T> { return this.byId.values(); }

  get name(): string { return this.options.name; }

  /** Inserts or replaces a record. It is durable once the store's next commit() resolves. */
  put(record: T): void {
    const id = this.options.idOf(record);
    this.apply(id, record);
    this.unjournaled.set(id, record);
    for (const watcher of this.watchers) watcher(id);
  }

  watch(watcher: (id: string) => void): void {
    this.watchers.push(watcher);
  }

  delete(id: string): void {
    if (!this.byId.has(id)) return;
    this.apply(id, null);
    this.unjournaled.set(id, null);
  }

  /** Applies a change without journaling it: for puts, deletes, and replaying the journal at start-up. */
  apply(id: string, record: T | null): void {
    if (record === null) return this.remove(id);
    let number = this.segmentOf.get(id);
    if (number === undefined) {
      number = this.segmentForNewRecord();
      this.counts[number] = (this.counts[number] ?? 0) + 1;
    }
    this.segments[number]!.data.records[id] = record;
    this.index(id, record, number);
    this.dirty.add(number);
  }

  private remove(id: string): void {
    const number = this.segmentOf.get(id);
    const record = this.byId.get(id);
    if (number === undefined || record === undefined) return;
    delete this.segments[number]!.data.records[id];
    this.byId.delete(id);
    this.segmentOf.delete(id);
    for (const [name, keyOf] of Object.entries(this.options.indexes ?? {})) {
      const key = keyOf(record);
      if (key !== undefined) this.indexes.get(name)!.delete(key);
    }
    this.dirty.add(number);
  }

  /** The changes since the last call, added to `batch` as journal lines (JSON and its checksum, one per line), and forgets them. */
  takeJournalLines(batch: JournalBatch): void {
    // All of this table's changes or none: a record that cannot be written (a bug) leaves no partial lines
    // behind to be added again, and its changes stay for the next commit.
    const mark = batch.length;
    try {
      for (const [id, record] of this.unjournaled) batch.add(record === null ? { t: this.options.name, id, d: 1 } : { t: this.options.name, id, r: record });
    } catch (error) {
      batch.length = mark;
      throw error;
    }
    this.unjournaled.clear();
  }

  /** Whether a change waits for the journal. */
  get changed(): boolean { return this.unjournaled.size > 0; }

  forgetJournal(): void {
    this.unjournaled.clear();
  }

  /** The segments changed since the last call: the ones a compaction must rewrite. */
  takeChangedSegments(): number[] {
    const numbers = [...this.dirty];
    this.dirty.clear();
    return numbers;
  }

  /** Marks segments changed again (their rewrite failed), so the next compaction retries them. */
  markChanged(numbers: number[]): void {
    for (const n of numbers) this.dirty.add(n);
  }

  /**
   * Rewrites one segment as it is now; lowdb writes a temporary file and renames it. It may already hold
   * changes newer than the journal being folded: those are in the next journal too, and replaying a whole
   * record over itself changes nothing.
   */
  async writeSegment(number: number): Promise<void> {
    await this.segments[number]!.write();
  }

  clear(): void {
    for (const id of this.byId.keys()) this.unjournaled.set(id, null);
    for (let n = 0; n < this.segments.length; n++) {
      if (!this.segments[n]) continue;
      this.segments[n]!.data.records = noPrototype<T>();
      this.counts[n] = 0;
      this.dirty.add(n);
    }
    this.byId.clear();
    this.segmentOf.clear();
    for (const index of this.indexes.values()) index.clear();
  }

  private index(id: string, record: T, number: number) {
    this.byId.set(id, record);
    this.segmentOf.set(id, number);
    for (const [name, keyOf] of Object.entries(this.options.indexes ?? {})) {
      const key = keyOf(record);
      if (key !== undefined) this.indexes.get(name)!.set(key, id);
    }
  }

  private segmentForNewRecord(): number {
    const last = this.segments.length - 1;
    if (last >= 0 && (this.counts[last] ?? 0) < SEGMENT_SIZE) return last;
    const number = this.segments.length;
    const data: Segment<T> = { format: this.format, records: noPrototype<T>() };
    const adapter = this.options.dir ? segmentFile<T>(this.pathOf(number)) : new Memory<Segment<T>>();
    this.segments[number] = new Low(adapter, data);
    return number;
  }
}
