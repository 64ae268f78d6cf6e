// The sandbox's state: a few tables behind one commit(). commit() is a group commit: every change made
// before it is appended to one journal file in a single write, and concurrent callers share it. The
// journal is folded into the tables' lowdb segment files (compaction) at start-up, at close, and when it
// grows past COMPACT_BYTES, so it stays short and start-up stays fast.
import { closeSync, ftruncateSync, openSync, writeSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { CardTokenRecord } from '../core/card-token.ts';
import { pointerKey, type LifecyclePointer } from '../core/lifecycle.ts';
import type { PaymentRecord } from '../core/payment.ts';
import { vaultingKey, type VaultingRecord } from '../core/vaulting.ts';
import type { NotificationRecord } from '../notifications/notification.ts';
import { DataFileError, Table } from './table.ts';

export interface MerchantRecord { clientId: string; publicKey: string; registeredAt: number }

/** Small facts about the sandbox itself, such as how far the clock was ahead of wall time. */
export interface SettingRecord { id: string; value: number }

/** A timer that must survive a restart (expiry, delayed settlement, notification retry). */
export interface TimerRecord { id: string; at: number; kind: string; subjectId: string; payload?: unknown }

const DATA_MARKER = { format: 'alipay-sandbox/data-dir@1' };
const COMPACT_BYTES = 64 * 1024 * 1024;

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

  private constructor(readonly dir: string | undefined) {
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
  static async open(dir: string, extraTables: (store: SandboxStore) => void = () => {}): Promise<SandboxStore> {
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
    const store = new SandboxStore(dir);
    extraTables(store);
    await store.load();
    return store;
  }

  private get journalPath(): string {
    return join(this.dir!, 'db', 'journal.ndjson');
  }

  /** Loads the segments, replays the journal over them, compacts, and opens the journal for appending. */
  async load(): Promise<void> {
    for (const table of this.tables) await table.load();
    await this.replayJournal();
    await this.compact();
    this.journal = openSync(this.journalPath, 'a');
  }

  private async replayJournal(): Promise<void> {
    let text: string;
    try {
      text = await readFile(this.journalPath, 'utf8');
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
        throw new DataFileError(`data file ${this.journalPath} is corrupt at line ${index + 1} (${(error as Error).message}); it was left untouched`);
      }
      const table = entry && typeof entry.id === 'string' ? byName.get(entry.t) : undefined;
      if (!table || (entry.d !== 1 && (typeof entry.r !== 'object' || entry.r === null))) {
        throw new DataFileError(`data file ${this.journalPath} line ${index + 1} is not an alipay-sandbox journal entry; it was left untouched`);
      }
      table.apply(entry.id, entry.d === 1 ? null : entry.r);
    });
  }

  /** Folds the journal into the segment files, then empties it. Runs inside the commit chain. */
  private async compact(): Promise<void> {
    if (!this.dir) return;
    await Promise.all(this.tables.map((t) => t.writeSegments()));
    if (this.journal !== undefined) ftruncateSync(this.journal, 0);
    else await writeFile(this.journalPath, '');
    this.journalBytes = 0;
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
      const lines = this.tables.map((t) => t.takeJournalLines()).join('');
      if (!lines) return;
      const bytes = Buffer.from(lines);
      // A synchronous append of a few kilobytes to the page cache takes microseconds; through the thread
      // pool it would wait behind the RSA signatures queued there, and every answer with it.
      writeSync(this.journal, bytes);
      this.journalBytes += bytes.length;
      if (this.journalBytes > COMPACT_BYTES) await this.compact();
    };
    // Wait a turn of the event loop so that changes from requests arriving together share one write.
    this.scheduled = new Promise<void>((resolve) => setImmediate(resolve)).then(run);
    this.inFlight = this.scheduled;
    return this.scheduled;
  }

  /** Commits, compacts and closes the journal. */
  async close(): Promise<void> {
    await this.commit();
    const previous = this.inFlight;
    this.inFlight = previous.catch(() => {}).then(async () => {
      await this.compact();
      if (this.journal !== undefined) closeSync(this.journal);
      this.journal = undefined;
    });
    await this.inFlight;
  }

  clear(): void {
    for (const table of this.tables) table.clear();
  }
}
