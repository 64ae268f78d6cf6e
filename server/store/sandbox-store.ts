// The sandbox's state: a few tables behind one commit(). commit() is a group commit: every change made
// before it is appended to one journal file in a single write, and concurrent callers share it. The
// journal is folded into the tables' lowdb segment files (compaction) at start-up and at close. While
// running, a journal past COMPACT_BYTES is set aside and folded in the background while commits go on
// into a fresh one: a compaction rewrites thousands of records, and requests must not wait for it.
import { closeSync, fstatSync, ftruncateSync, openSync, renameSync, statSync, writeSync } from 'node:fs';
import { chmod, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { CardTokenRecord } from '../vault/card-token.ts';
import { pointerKey } from '../payment/lifecycle.ts';
import { vaultingKey, type VaultingRecord } from '../vault/vaulting.ts';
import type { NotificationRecord } from '../notify/notification.ts';
import { DATA_FORMAT, readMarker, writeMarker, type DataDirMarker } from './data-dir-marker.ts';
import { readJournal, type Damage } from './journal-file.ts';
import { DIR_MODE, FILE_MODE } from './segment-file.ts';
import { DataFileError, Table } from './table.ts';
import type { LifecyclePointer, PaymentRecord } from '../payment/types.ts';
import type { Logger } from 'pino';
import { fallbackLogger } from '../log/fallback-logger.ts';

/** The store refuses every change because its data directory is gone or replaced; the log has said so once already. */
export class DataDirectoryLostError extends Error {}

/** A merchant's key, and the display name its buyers see on the hosted pages (optional). */
export interface MerchantRecord { clientId: string; publicKey: string; registeredAt: number; name?: string }

/** Small facts about the sandbox itself, such as how far the clock was ahead of wall time. */
export interface SettingRecord { id: string; value: number }

/** A timer that must survive a restart (expiry, delayed settlement, notification retry). */
export interface TimerRecord { id: string; at: number; kind: string; subjectId: string; payload?: unknown }

const COMPACT_BYTES = 64 * 1024 * 1024;
/**
 * How often, at most, a commit checks that the journal it appends to is still the file at its path (one
 * stat, compared with the open file's device and inode). A deleted or replaced data directory is noticed
 * by the first commit after this long; commits inside that window still reach the now unlinked file.
 */
export const IDENTITY_CHECK_MS = 50;

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
  /** The journal's file descriptor, open for appending. */
  private journal: number | undefined;
  private journalBytes = 0;
  /** Journal lines of a commit whose append failed: written first by the next one. */
  private unwritten = '';
  /** Set when a failed append could not be cut off again: nothing may follow its torn line. */
  private broken: Error | undefined;
  /** Set once the journal's file is no longer at its path (the data directory was deleted or replaced). */
  private lost: Error | undefined;
  /** The open journal's device and inode, and when they were last compared with the path's. */
  private identity: { dev: number; ino: number } | undefined;
  private checkedAt = 0;
  /** Set by close(): appends go through the commit chain again, behind the final compaction. */
  private closing = false;
  /** The last append's failure, until an append succeeds again: what health reports. */
  private failing: Error | undefined;
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
    damage.push(...await this.replayJournal(this.foldingPath, false));
    damage.push(...await this.replayJournal(this.journalPath, existing));
    if (damage.length > 0 && !this.options.repair) {
      const first = damage[0]!;
      const more = damage.length > 1 ? ` (and ${damage.length - 1} more problem(s))` : '';
      throw new DataFileError(`data file ${first.path}${first.line ? ` line ${first.line}` : ''} is ${first.problem}${more}; it was left untouched. Start with --repair to move the damaged file(s) aside and start with what is intact`);
    }
    await this.setDamagedFilesAside(damage);
    await this.compactAll();
    // A directory made before segments were counted gets its counts now.
    const counts = this.marker.segments ??= {};
    if (this.tables.some((t) => (counts[t.name] ?? 0) < t.segmentCount)) {
      for (const t of this.tables) counts[t.name] = Math.max(counts[t.name] ?? 0, t.segmentCount);
      await writeMarker(this.markerPath, this.marker);
    }
    this.openJournal(openSync(this.journalPath, 'a', FILE_MODE));
  }

  /** Appends go to `fd` from now on; its identity is what later checks compare the path with. */
  private openJournal(fd: number): void {
    this.journal = fd;
    const { dev, ino } = fstatSync(fd);
    this.identity = { dev, ino };
  }

  /**
   * Whether the journal is still the file at its path; once it is not, everything refuses, loudly and
   * once in the log: appending on to an unlinked file would answer S for payments that vanish with it,
   * and writing a fresh directory would replace the sandbox key merchants trust.
   */
  private checkIdentity(): Error | undefined {
    if (this.lost || !this.identity) return this.lost;
    this.checkedAt = Date.now();
    const now = statSync(this.journalPath, { throwIfNoEntry: false });
    if (now && now.dev === this.identity.dev && now.ino === this.identity.ino) return undefined;
    this.lost = new DataDirectoryLostError(`the data directory ${this.dir} is gone or replaced (${this.journalPath} is ${now ? 'another file' : 'missing'}); nothing more is stored and every change is refused until the sandbox restarts`);
    console.error(`\n*** alipay-sandbox: ${this.lost.message} ***\n`);
    return this.lost;
  }

  /** Why the store cannot keep what it is given (checked now), or undefined while it can. */
  health(): string | undefined {
    return (this.checkIdentity() ?? this.broken ?? this.failing)?.message;
  }

  /** With --repair: every damaged file renamed aside, kept as it was, and what was dropped listed in `repairs`. */
  private async setDamagedFilesAside(damage: Damage[]): Promise<void> {
    const suffix = `.damaged-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    const moved = new Set<string>();
    for (const d of damage) {
      let aside = '';
      if (!moved.has(d.path) && !d.problem.startsWith('missing')) {
        await rename(d.path, d.path + suffix);
        moved.add(d.path);
        aside = `; the file was kept as ${d.path + suffix}`;
      }
      this.repairs.push(`${d.path}${d.line ? ` line ${d.line}` : ''}: ${d.problem}; dropped ${d.dropped ?? 'the line'}${aside}`);
    }
  }

  /** Applies a journal's intact entries and returns its damage; a journal that should be there and is not is damage too. */
  private async replayJournal(path: string, expected: boolean): Promise<Damage[]> {
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      return expected ? [{ path, problem: 'missing (the data directory had one)', dropped: 'every change since the last compaction' }] : [];
    }
    const byName = new Map(this.tables.map((t) => [t.name, t]));
    const { entries, damage } = readJournal(path, text, new Set(byName.keys()));
    for (const entry of entries) byName.get(entry.t)!.apply(entry.id, entry.d === 1 ? null : entry.r);
    return damage;
  }

  /** Folds both journals into the segment files, then empties them. At start-up and close, inside the commit chain. */
  private async compactAll(): Promise<void> {
    if (!this.dir) return;
    await this.writeChangedSegments();
    await rm(this.foldingPath, { force: true });
    if (this.journal !== undefined) ftruncateSync(this.journal, 0);
    else await writeFile(this.journalPath, '', { mode: FILE_MODE });
    this.journalBytes = 0;
  }

  /**
   * Rewrites the changed segments one at a time, so requests are served in between. A table's first write
   * of a new segment file is then recorded in the marker (after the file exists, so a crash in between
   * leaves a file the marker does not count yet, which is harmless; never the reverse).
   */
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
      // Segments are numbered in order of creation, and each is written by the first compaction after it.
      const written = numbers.length ? Math.max(...numbers) + 1 : 0;
      const counts = this.marker.segments ??= {};
      if ((counts[table.name] ?? 0) < written) {
        counts[table.name] = written;
        await writeMarker(this.markerPath, this.marker);
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
        fresh = openSync(this.journalPath, 'a', FILE_MODE);
      } catch (error) {
        renameSync(this.foldingPath, this.journalPath);
        throw error;
      }
    } catch (error) {
      this.logger.error({ err: error }, `sandbox store: could not set ${this.journalPath} aside for compaction; it keeps growing`);
      return;
    }
    const old = this.journal!;
    this.openJournal(fresh);
    this.journalBytes = 0;
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
    // A stat every IDENTITY_CHECK_MS at most: nothing on the hot path, whatever the commit rate.
    if (this.lost || Date.now() - this.checkedAt >= IDENTITY_CHECK_MS) {
      const lost = this.checkIdentity();
      if (lost) throw lost;
    }
    let lines = this.unwritten + this.tables.map((t) => t.takeJournalLines()).join('');
    if (!lines) return;
    if (this.beforeAppend) {
      this.beforeAppend();
      lines += this.tables.map((t) => t.takeJournalLines()).join('');
    }
    this.unwritten = '';
    try {
      this.append(Buffer.from(lines));
    } catch (error) {
      // Not on disk, so whoever waits is told; the changes stay in memory and go with the next commit.
      this.unwritten = lines;
      throw error;
    }
    if (this.journalBytes > this.compactBytes && !this.folding) this.startFolding();
  }

  /**
   * Appends every pending change now, in this turn of the event loop, instead of after the next turn as
   * commit() does to group requests: for a notification's acknowledgement, so that the time between the
   * merchant's answer and the record of it on disk (where a crash makes the notification go out again)
   * holds no wait at all. While closing, or in memory, it is an ordinary commit.
   */
  commitNow(): Promise<void> {
    if (this.journal === undefined || this.closing) return this.commit();
    try {
      this.writePending();
      return Promise.resolve();
    } catch (error) {
      return Promise.reject(error as Error);
    }
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
      this.writePending();
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
      this.failing = error as Error;
      try {
        ftruncateSync(this.journal!, this.journalBytes);
      } catch (cutError) {
        // The next start drops a torn last line; a line appended after it would make the file unreadable.
        this.broken = new Error(`the journal ${this.journalPath} ends in an append that could not be cut off (${(cutError as Error).message}); nothing more is written until the sandbox restarts`);
      }
      throw error;
    }
    this.journalBytes += bytes.length;
    this.failing = undefined;
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
      if (!this.lost) throw error;
    });
    const previous = this.inFlight;
    this.inFlight = previous.catch(() => {}).then(async () => {
      await this.folding;
      // Where the directory is gone there is nothing to fold into, and nothing may be made in its place.
      if (!this.checkIdentity()) await this.compactAll();
      if (this.journal !== undefined) closeSync(this.journal);
      this.journal = undefined;
    });
    await this.inFlight;
  }

  clear(): void {
    for (const table of this.tables) table.clear();
  }
}
