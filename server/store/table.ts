// A table of records kept whole in memory (with indexes) and persisted through lowdb in small segment
// files. Records are appended to the newest segment; a change rewrites only the segment that holds the
// record. A write therefore costs the same with 100 or 100,000 stored records, where one lowdb file for
// everything would be rewritten whole on every change.
import { Low, Memory } from 'lowdb';
import { JSONFile } from 'lowdb/node';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface Segment<T> { format: string; records: Record<string, T> }

export const SEGMENT_SIZE = 200;

export class DataFileError extends Error {}

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
  private readonly counts: number[] = [];
  readonly format: string;

  constructor(private readonly options: TableOptions<T>) {
    this.format = `alipay-sandbox/${options.name}@1`;
    for (const name of Object.keys(options.indexes ?? {})) this.indexes.set(name, new Map());
  }

  /** Loads every segment. A file that is not ours, or not JSON, stops start-up and is left untouched. */
  async load(): Promise<void> {
    const dir = this.options.dir;
    if (!dir) return;
    const pattern = new RegExp(`^${this.options.name}-(\\d{6})\\.json$`);
    const files = (await readdir(dir)).filter((f) => pattern.test(f)).sort();
    for (const file of files) {
      const path = join(dir, file);
      const number = Number(pattern.exec(file)![1]);
      let data: Segment<T>;
      try {
        data = JSON.parse(await readFile(path, 'utf8')) as Segment<T>;
      } catch (error) {
        throw new DataFileError(`data file ${path} is corrupt (${(error as Error).message}); it was left untouched`);
      }
      if (!data || data.format !== this.format || typeof data.records !== 'object' || data.records === null) {
        throw new DataFileError(`data file ${path} is not an alipay-sandbox ${this.options.name} file; it was left untouched`);
      }
      const low = new Low<Segment<T>>(new JSONFile(path), data);
      low.data = data;
      this.segments[number] = low;
      this.counts[number] = Object.keys(data.records).length;
      for (const [id, record] of Object.entries(data.records)) this.index(id, record, number);
    }
  }

  get size(): number { return this.byId.size; }
  get(id: string): T | undefined { return this.byId.get(id); }

  find(index: string, key: string): T | undefined {
    const id = this.indexes.get(index)?.get(key);
    return id === undefined ? undefined : this.byId.get(id);
  }

  values(): IterableIterator<T> { return this.byId.values(); }

  /** Inserts or replaces a record. It is durable once the store's next commit() resolves. */
  put(record: T): void {
    const id = this.options.idOf(record);
    let number = this.segmentOf.get(id);
    if (number === undefined) {
      number = this.segmentForNewRecord();
      this.counts[number] = (this.counts[number] ?? 0) + 1;
    }
    this.segments[number]!.data.records[id] = record;
    this.index(id, record, number);
    this.dirty.add(number);
  }

  delete(id: string): void {
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

  /** Writes every changed segment. lowdb's file adapter writes to a temporary file and renames it. */
  async flush(): Promise<void> {
    const numbers = [...this.dirty];
    this.dirty.clear();
    await Promise.all(numbers.map((n) => this.segments[n]!.write()));
  }

  hasChanges(): boolean { return this.dirty.size > 0; }

  clear(): void {
    for (let n = 0; n < this.segments.length; n++) {
      if (!this.segments[n]) continue;
      this.segments[n]!.data.records = {};
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
    const data: Segment<T> = { format: this.format, records: {} };
    const adapter = this.options.dir
      ? new JSONFile<Segment<T>>(join(this.options.dir, `${this.options.name}-${String(number).padStart(6, '0')}.json`))
      : new Memory<Segment<T>>();
    this.segments[number] = new Low(adapter, data);
    return number;
  }
}
