// The sandbox's state: a few tables behind one commit(). commit() is a group commit: every change made
// before it is appended to one journal file in a single write, and concurrent callers share it. The
// journal is folded into the tables' lowdb segment files (compaction) at start-up and at close. While
// running, a journal past COMPACT_BYTES is set aside and folded in the background while commits go on
// into a fresh one: a compaction rewrites thousands of records, and requests must not wait for it.
import { closeSync, ftruncateSync, openSync, renameSync, writeSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { CardTokenRecord } from '../vault/card-token.ts';
import { pointerKey } from '../payment/lifecycle.ts';
import { vaultingKey, type VaultingRecord } from '../vault/vaulting.ts';
import type { NotificationRecord } from '../notify/notification.ts';
import { DataFileError, Table } from './table.ts';
import type { LifecyclePointer, PaymentRecord } from '../payment/types.ts';

export interface MerchantRecord { clientId: string; publicKey: string; registeredAt: number }

/** Small facts about the sandbox itself, such as how far the clock was ahead of wall time. */
export interface SettingRecord { id: string; value: number }

/** A timer that must survive a restart (expiry, delayed settlement, notification retry). */
export interface TimerRecord { id: string; at: number; kind: string; subjectId: string; payload?: unknown }

const DATA_MARKER = { format: 'alipay-sandbox/data-dir@1' };
const COMPACT_BYTES = 64 * 1024 * 1024;

export interface StoreOptions {
  /** Journal size that starts a background compaction; small in tests that exercise it. */
  compactBytes?: number;
}

type JournalEntry = { t: string; id: string; r?: unknown; d?: 1 };

export class SandboxStore {
  readonly payments: Table<PaymentRecord>;
  readonly merchants: Table<MerchantRecord>;
  readonly settings: Table<SettingRecord>;
  readonly timers: Table<TimerRecord>;
  readonly cardTokens: Table<CardTokenRecord>;
  readonly notifications: Table<NotificationRecord>;
  /** vaultPaymentMethod requests, by client and vaultingRequestId; their 3DS pages by page token. */
  readonly vaultings: Table<VaultingRecord>;
  /** Lookup rows of captures and refunds (which live on their payment): by id, and by merchant request id. */
  readonly captures: Table<LifecyclePointer>;
  readonly refunds: Table<LifecyclePointer>;
  private readonly tables: Table<unknown>[] = [];
  private scheduled: Promise<void> | undefined;
  private inFlight: Promise<void> = Promise.resolve();
  /** The journal's file descriptor, open for appending. */
  private journal: number | undefined;
  private journalBytes = 0;
  /** Journal lines of a commit whose append failed: written first by the next one. */
  private unwritten = '';
  /** Set when a failed append could not be cut off again: nothing may follow its torn line. */
  private broken: Error | undefined;
  /** The background compaction of a set-aside journal, while one runs. */
  private folding: Promise<void> | undefined;
  private readonly compactBytes: number;

  private constructor(readonly dir: string | undefined, options: StoreOptions = {}) {
    this.compactBytes = options.compactBytes ?? COMPACT_BYTES;
    const dbDir = dir && join(dir, 'db');
    this.payments = this.table({
      name: 'payments', dir: dbDir, idOf: (p: PaymentRecord) => p.paymentId,
      indexes: { requestId: (p) => `${p.clientId}\u0000${p.paymentRequestId}`, pageToken: (p) => p.pageToken },
    });
    this.merchants = this.table({ name: 'merchants', dir: dbDir, idOf: (m: MerchantRecord) => m.clientId });
    this.settings = this.table({ name: 'settings', dir: dbDir, idOf: (s: SettingRecord) => s.id });
    this.timers = this.table({ name: 'timers', dir: dbDir, idOf: (t: TimerRecord) => t.id });
    this.cardTokens = this.table({ name: 'card-tokens', dir: dbDir, idOf: (t: CardTokenRecord) => t.cardToken });
    this.notifications = this.table({ name: 'notifications', dir: dbDir, idOf: (n: NotificationRecord) => n.id });
    this.vaultings = this.table({
      name: 'vaultings', dir: dbDir, idOf: (v: VaultingRecord) => vaultingKey(v.clientId, v.vaultingRequestId),
      indexes: { pageToken: (v) => v.pageToken },
    });
    const byRequestId = { requestId: (p: LifecyclePointer) => pointerKey(p.clientId, p.requestId) };
    this.captures = this.table({ name: 'captures', dir: dbDir, idOf: (p: LifecyclePointer) => p.id, indexes: byRequestId });
    this.refunds = this.table({ name: 'refunds', dir: dbDir, idOf: (p: LifecyclePointer) => p.id, indexes: byRequestId });
  }

  /** Adds a table; later features (notifications, vault, captures) register theirs the same way. */
  table<T>(options: ConstructorParameters<typeof Table<T>>[0]): Table<T> {
    const table = new Table<T>(options);
    this.tables.push(table as Table<unknown>);
    return table;
  }

  static memory(): SandboxStore {
    return new SandboxStore(undefined);
  }

  /** Opens (or creates) a data directory. A directory holding foreign files stops start-up, untouched. */
  static async open(dir: string, options: StoreOptions = {}): Promise<SandboxStore> {
    await mkdir(join(dir, 'db'), { recursive: true });
    const markerPath = join(dir, 'db', 'sandbox.json');
    let marker: unknown;
    try {
      marker = JSON.parse(await readFile(markerPath, 'utf8'));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
        throw new DataFileError(`data file ${markerPath} is corrupt (${(error as Error).message}); it was left untouched`);
      }
      await writeFile(markerPath, JSON.stringify(DATA_MARKER));
      marker = DATA_MARKER;
    }
    if ((marker as { format?: unknown }).format !== DATA_MARKER.format) {
      throw new DataFileError(`data file ${markerPath} is not an alipay-sandbox file; it was left untouched`);
    }
    const store = new SandboxStore(dir, options);
    await store.load();
    return store;
  }

  private get journalPath(): string {
    return join(this.dir!, 'db', 'journal.ndjson');
  }

  /** A journal set aside for a background compaction; still there after a crash if that never finished. */
  private get foldingPath(): string {
    return join(this.dir!, 'db', 'journal-folding.ndjson');
  }

  /** Loads the segments, replays the journals over them (older first), compacts, and opens the journal for appending. */
  async load(): Promise<void> {
    for (const table of this.tables) await table.load();
    await this.replayJournal(this.foldingPath);
    await this.replayJournal(this.journalPath);
    await this.compactAll();
    this.journal = openSync(this.journalPath, 'a');
  }

  private async replayJournal(path: string): Promise<void> {
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw error;
    }
    const byName = new Map(this.tables.map((t) => [t.name, t]));
    // Every entry ends with a newline, so the last piece is either empty or the tail of an append cut
    // short by a crash: that commit was never acknowledged to anyone, and is dropped. Any other bad line
    // means the file is damaged or foreign.
    const complete = text.split('\n').slice(0, -1);
    complete.forEach((line, index) => {
      let entry: JournalEntry;
      try {
        entry = JSON.parse(line) as JournalEntry;
      } catch (error) {
        throw new DataFileError(`data file ${path} is corrupt at line ${index + 1} (${(error as Error).message}); it was left untouched`);
      }
      const table = entry && typeof entry.id === 'string' ? byName.get(entry.t) : undefined;
      if (!table || (entry.d !== 1 && (typeof entry.r !== 'object' || entry.r === null))) {
        throw new DataFileError(`data file ${path} line ${index + 1} is not an alipay-sandbox journal entry; it was left untouched`);
      }
      table.apply(entry.id, entry.d === 1 ? null : entry.r);
    });
  }

  /** Folds both journals into the segment files, then empties them. At start-up and close, inside the commit chain. */
  private async compactAll(): Promise<void> {
    if (!this.dir) return;
    await this.writeChangedSegments();
    await rm(this.foldingPath, { force: true });
    if (this.journal !== undefined) ftruncateSync(this.journal, 0);
    else await writeFile(this.journalPath, '');
    this.journalBytes = 0;
  }

  /** Rewrites the changed segments one at a time, so requests are served in between. */
  private async writeChangedSegments(): Promise<void> {
    for (const table of this.tables) {
      const numbers = table.takeChangedSegments();
      for (let i = 0; i < numbers.length; i++) {
        try {
          await table.writeSegment(numbers[i]!);
        } catch (error) {
          table.markChanged(numbers.slice(i));
          throw error;
        }
      }
    }
  }

  /**
   * Sets the journal aside and starts a fresh one (synchronously, inside the commit chain, so no append
   * falls between), then folds the set-aside journal into the segments in the background. Every change
   * it holds is in memory and goes into a segment before the set-aside journal is removed; a crash before
   * that leaves it to be replayed, older journal first, at the next start. If the files cannot be
   * switched, nothing changes and the journal simply grows until close() or the next start folds it.
   */
  private startFolding(): void {
    let fresh: number;
    try {
      // The open descriptor follows the renamed file, so appends go on there until the fresh one is open.
      renameSync(this.journalPath, this.foldingPath);
      try {
        fresh = openSync(this.journalPath, 'a');
      } catch (error) {
        renameSync(this.foldingPath, this.journalPath);
        throw error;
      }
    } catch (error) {
      console.error(`sandbox store: could not set ${this.journalPath} aside for compaction; it keeps growing:`, error);
      return;
    }
    const old = this.journal!;
    this.journal = fresh;
    this.journalBytes = 0;
    try {
      closeSync(old);
    } catch (error) {
      console.error(`sandbox store: closing the set-aside journal failed (its appends are already on disk):`, error);
    }
    this.folding = this.writeChangedSegments()
      .then(() => rm(this.foldingPath, { force: true }))
      .then(
        () => { this.folding = undefined; },
        (error: unknown) => {
          // The set-aside journal stays (so nothing is lost) and no other is set aside until close() or
          // the next start folds it; until then the journal simply grows.
          console.error(`sandbox store: compacting ${this.foldingPath} failed; it is kept and replayed at the next start:`, error);
        },
      );
  }

  /** Resolves once every change made so far is on disk (in the journal). */
  commit(): Promise<void> {
    if (this.scheduled) return this.scheduled;
    const previous = this.inFlight;
    const run = async () => {
      await previous.catch(() => {});
      this.scheduled = undefined;
      if (this.journal === undefined) {
        // Memory: nothing to write, only forget what was pending.
        for (const table of this.tables) table.forgetJournal();
        return;
      }
      const lines = this.unwritten + this.tables.map((t) => t.takeJournalLines()).join('');
      if (!lines) return;
      this.unwritten = '';
      try {
        this.append(Buffer.from(lines));
      } catch (error) {
        // Not on disk, so whoever waits is told; the changes stay in memory and go with the next commit.
        this.unwritten = lines;
        throw error;
      }
      if (this.journalBytes > this.compactBytes && !this.folding) this.startFolding();
    };
    // Wait a turn of the event loop so that changes from requests arriving together share one write.
    this.scheduled = new Promise<void>((resolve) => setImmediate(resolve)).then(run);
    // Whoever waits sees a failure; a commit nobody waits for (the clock saving its lead) must not take
    // the process down with an unhandled rejection.
    this.scheduled.catch(() => {});
    this.inFlight = this.scheduled;
    return this.scheduled;
  }

  /**
   * A synchronous append of a few kilobytes to the page cache takes microseconds; through the thread pool
   * it would wait behind the RSA signatures queued there, and every answer with it. A failed or short
   * append (disk full, file too large) is cut off again, so the next one never follows a torn line.
   */
  private append(bytes: Buffer): void {
    if (this.broken) throw this.broken;
    let written = 0;
    try {
      while (written < bytes.length) written += writeSync(this.journal!, bytes, written);
    } catch (error) {
      try {
        ftruncateSync(this.journal!, this.journalBytes);
      } catch (cutError) {
        // The next start drops a torn last line; a line appended after it would make the file unreadable.
        this.broken = new Error(`the journal ${this.journalPath} ends in an append that could not be cut off (${(cutError as Error).message}); nothing more is written until the sandbox restarts`);
      }
      throw error;
    }
    this.journalBytes += bytes.length;
  }

  /** Resolves once everything is committed and no compaction is running in the background. */
  async settled(): Promise<void> {
    await this.commit();
    await this.folding;
  }

  /** Commits, compacts and closes the journal. */
  async close(): Promise<void> {
    await this.commit();
    const previous = this.inFlight;
    this.inFlight = previous.catch(() => {}).then(async () => {
      await this.folding;
      await this.compactAll();
      if (this.journal !== undefined) closeSync(this.journal);
      this.journal = undefined;
    });
    await this.inFlight;
  }

  clear(): void {
    for (const table of this.tables) table.clear();
  }
}
