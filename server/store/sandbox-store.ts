// The sandbox's state: a few tables behind one commit(). commit() is a group commit: every change made
// before it is appended to one journal file in a single write, and concurrent callers share it. The
// journal is folded into the tables' lowdb segment files (compaction) at start-up and at close. While
// running, a journal past COMPACT_BYTES is set aside and folded in the background while commits go on
// into a fresh one: a compaction rewrites thousands of records, and requests must not wait for it.
import { closeSync, existsSync, openSync, renameSync } from 'node:fs';
import { JournalAppender } from './journal-appender.ts';
import { chmod, mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { CardTokenRecord } from '../vault/card-token.ts';
import { pointerKey } from '../payment/lifecycle.ts';
import { vaultingKey, type VaultingRecord } from '../vault/vaulting.ts';
import type { NotificationRecord } from '../notify/notification.ts';
import { DATA_FORMAT, readMarker, writeMarker, type DataDirMarker } from './data-dir-marker.ts';
import { JournalBatch, type Damage } from './journal-file.ts';
import { refusalOf, replayJournal, setDamagedFilesAside } from './load-damage.ts';
import { writeChangedSegments } from './write-segments.ts';
import { DataDirectoryLostError, type MerchantRecord, type SettingRecord, type TimerRecord } from './store-records.ts';
import { DIR_MODE, FILE_MODE } from './segment-file.ts';
import { Table } from './table.ts';
import type { LifecyclePointer, PaymentRecord } from '../payment/types.ts';
import type { Logger } from 'pino';
import { fallbackLogger } from '../log/fallback-logger.ts';

export { DataDirectoryLostError, type MerchantRecord, type SettingRecord, type TimerRecord } from './store-records.ts';

const COMPACT_BYTES = 64 * 1024 * 1024;
export { IDENTITY_CHECK_MS } from './journal-appender.ts';

export interface StoreOptions {
  /** Journal size that starts a background compaction; small in tests that exercise it. */
  compactBytes?: number;
  /** Where compaction trouble is reported (pino); errors to stderr when absent. */
  logger?: Logger;
  /**
   * Start even when a data file is damaged or missing: each damaged file is moved aside (renamed with a
   * `.damaged-<time>` suffix, kept as it was) and the store starts with what is intact. Without it,
   * start-up refuses, naming the file and the line.
   */
  repair?: boolean;
}

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
  /** The journal open for appending (file stores only). */
  private readonly journal: JournalAppender | undefined;
  /** The lines of the next append; after an append that failed, its lines, written first by the next one. */
  private readonly lines = new JournalBatch();
  /** Set by close(): appends go through the commit chain again, behind the final compaction. */
  private closing = false;
  /** The background compaction of a set-aside journal, while one runs. */
  private folding: Promise<void> | undefined;
  private readonly compactBytes: number;
  private readonly logger: Logger;
  /**
   * Called by a commit that writes something, just before it takes the lines to append: what it puts
   * goes into the same write (the clock's lead, which must be on disk with every time it stamped).
   */
  beforeAppend: (() => void) | undefined;
  /** Whether open() made this data directory (it had no marker): the CLI says so, a new key with it. */
  created = false;
  /** What --repair set aside and dropped at start-up, one line each, for the log. */
  readonly repairs: string[] = [];
  /** The marker as last written: the segment counts it records. */
  private marker: DataDirMarker = { format: DATA_FORMAT, segments: {} };

  private constructor(readonly dir: string | undefined, private readonly options: StoreOptions = {}) {
    this.compactBytes = options.compactBytes ?? COMPACT_BYTES;
    this.logger = options.logger ?? fallbackLogger;
    const dbDir = dir && join(dir, 'db');
    this.journal = dir ? new JournalAppender(join(dir, 'db', 'journal.ndjson'), dir) : undefined;
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
    // Payments, card data and the sandbox key are the user's alone: 0700 folders, 0600 files. A directory
    // made by an older version is closed up the same way.
    await mkdir(join(dir, 'db'), { recursive: true, mode: DIR_MODE });
    await chmod(dir, DIR_MODE);
    await chmod(join(dir, 'db'), DIR_MODE);
    const found = await readMarker(join(dir, 'db', 'sandbox.json'));
    const store = new SandboxStore(dir, options);
    if (found) store.marker = { ...found, segments: { ...found.segments } };
    else await writeMarker(store.markerPath, store.marker);
    store.created = found === undefined;
    await store.load(found !== undefined);
    return store;
  }

  private get markerPath(): string {
    return join(this.dir!, 'db', 'sandbox.json');
  }

  private get journalPath(): string {
    return join(this.dir!, 'db', 'journal.ndjson');
  }

  /** A journal set aside for a background compaction; still there after a crash if that never finished. */
  private get foldingPath(): string {
    return join(this.dir!, 'db', 'journal-folding.ndjson');
  }

  /**
   * Loads the segments, replays the journals over them (older first), compacts, and opens the journal for
   * appending. Damage anywhere (a segment or journal line that fails its checksum or does not parse, a
   * missing segment, a journal missing from a directory that had one, a line cut short) stops start-up
   * before anything is written, naming the file and the line; with `repair`, see StoreOptions.
   */
  async load(existing = false): Promise<void> {
    const damage: Damage[] = [];
    for (const table of this.tables) damage.push(...await table.load(this.marker.segments?.[table.name] ?? 0));
    damage.push(...await replayJournal(this.foldingPath, false, this.tables));
    // A compaction renames the journal aside and then opens a fresh one: a crash between the two leaves
    // the set-aside journal and no journal, which is that moment, not damage.
    const midSwitch = existsSync(this.foldingPath);
    damage.push(...await replayJournal(this.journalPath, existing && !midSwitch, this.tables));
    if (damage.length > 0 && !this.options.repair) throw refusalOf(damage);
    this.repairs.push(...await setDamagedFilesAside(damage));
    await this.compactAll();
    // A directory made before segments were counted gets its counts now.
    const counts = this.marker.segments ??= {};
    if (this.tables.some((t) => (counts[t.name] ?? 0) < t.segmentCount)) {
      for (const t of this.tables) counts[t.name] = Math.max(counts[t.name] ?? 0, t.segmentCount);
      await writeMarker(this.markerPath, this.marker);
    }
    this.journal!.use(openSync(this.journalPath, 'a', FILE_MODE));
  }

  /** Why the store cannot keep what it is given (checked now), or undefined while it can. */
  health(): string | undefined {
    return this.journal?.health();
  }

  /** Folds both journals into the segment files, then empties them. At start-up and close, inside the commit chain. */
  private async compactAll(): Promise<void> {
    if (!this.dir) return;
    await this.writeChangedSegments();
    await rm(this.foldingPath, { force: true });
    if (this.journal!.isOpen) this.journal!.empty();
    else await writeFile(this.journalPath, '', { mode: FILE_MODE });
  }

  /** The changed segments rewritten, and the marker's counts kept up with them (write-segments.ts). */
  private writeChangedSegments(): Promise<void> {
    return writeChangedSegments(this.tables, this.marker, this.markerPath);
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
        fresh = openSync(this.journalPath, 'a', FILE_MODE);
      } catch (error) {
        renameSync(this.foldingPath, this.journalPath);
        throw error;
      }
    } catch (error) {
      this.logger.error({ err: error }, `sandbox store: could not set ${this.journalPath} aside for compaction; it keeps growing`);
      return;
    }
    const old = this.journal!.use(fresh)!;
    try {
      closeSync(old);
    } catch (error) {
      this.logger.error({ err: error }, 'sandbox store: closing the set-aside journal failed (its appends are already on disk)');
    }
    this.folding = this.writeChangedSegments()
      .then(() => rm(this.foldingPath, { force: true }))
      .then(
        () => { this.folding = undefined; },
        (error: unknown) => {
          // The set-aside journal stays (so nothing is lost) and no other is set aside until close() or
          // the next start folds it; until then the journal simply grows.
          this.logger.error({ err: error }, `sandbox store: compacting ${this.foldingPath} failed; it is kept and replayed at the next start`);
        },
      );
  }

  /** Appends every change not yet in the journal, synchronously; a failure leaves them pending for the next commit. */
  private writePending(): void {
    this.journal!.checkIdentitySometimes();
    // Lines of an append that failed are still in the batch: they go first.
    for (const table of this.tables) table.takeJournalLines(this.lines);
    if (!this.lines.length) return;
    if (this.beforeAppend) {
      this.beforeAppend();
      for (const table of this.tables) table.takeJournalLines(this.lines);
    }
    // Not on disk if this throws, so whoever waits is told; the lines stay for the next commit.
    this.journal!.append(this.lines.view());
    this.lines.clear();
    if (this.journal!.bytes > this.compactBytes && !this.folding) this.startFolding();
  }

  /**
   * commit() when something is still to be written or a commit is under way; otherwise everything is on
   * disk already, and this resolves without a commit of its own (a turn of the event loop saved for
   * work, such as a notification attempt, that only has to start after what came before it is stored).
   */
  committed(): Promise<void> {
    if (this.scheduled || this.lines.length > 0 || this.tables.some((t) => t.changed)) return this.commit();
    // Nothing to write, but what a commit would refuse is still refused: a data directory that is gone.
    try {
      if (this.journal?.isOpen) this.journal.checkIdentitySometimes();
    } catch (error) {
      return Promise.reject(error as Error);
    }
    return Promise.resolve();
  }

  /** Resolves once every change made so far is on disk (in the journal). */
  commit(): Promise<void> {
    if (this.scheduled) return this.scheduled;
    const previous = this.inFlight;
    const run = async () => {
      await previous.catch(() => {});
      this.scheduled = undefined;
      if (!this.journal?.isOpen) {
        // Memory: nothing to write, only forget what was pending.
        for (const table of this.tables) table.forgetJournal();
        return;
      }
      this.writePending();
    };
    // Wait for the end of this turn of the event loop (setImmediate: after the I/O callbacks read in it,
    // before any timer and before new I/O is read), so that changes from requests read together share one
    // write.
    this.scheduled = new Promise<void>((resolve) => setImmediate(resolve)).then(run);
    // Whoever waits sees a failure; a commit nobody waits for (the clock saving its lead) must not take
    // the process down with an unhandled rejection.
    this.scheduled.catch(() => {});
    this.inFlight = this.scheduled;
    return this.scheduled;
  }

  /** Resolves once everything is committed and no compaction is running in the background. */
  async settled(): Promise<void> {
    await this.commit();
    await this.folding;
  }

  /** Commits, compacts and closes the journal. With the directory gone, it only lets go of the journal. */
  async close(): Promise<void> {
    this.closing = true;
    await this.commit().catch((error: unknown) => {
      if (!(error instanceof DataDirectoryLostError)) throw error;
    });
    const previous = this.inFlight;
    this.inFlight = previous.catch(() => {}).then(async () => {
      await this.folding;
      // Where the directory is gone there is nothing to fold into, and nothing may be made in its place.
      if (!this.journal?.checkIdentity()) await this.compactAll();
      this.journal?.close();
    });
    await this.inFlight;
  }

  clear(): void {
    for (const table of this.tables) table.clear();
  }
}
