// The one schedule of work that happens later: a payment's expiry and its issuer's late answer, an
// authorization's expiry, a capture's or refund's settlement, a notification's retry (or a first attempt
// a fault holds back; one due at once needs no entry, notify/outbox.ts) and a vaulting's expiry. Each is
// an entry (due time, kind, key) in the store's `timers` table, put in the same unit of work as the change
// that asks for it (it is durable with that change's commit), armed on the sandbox clock, and put back on
// the clock at start. One runner, the clock, runs them in due order in real time, on advance() and on
// runDue(), at any time scale.
//
// Only entries due within the horizon (two hours of sandbox time) are on the clock. Every authorization
// asks for its expiry a week ahead, so a busy sandbox would otherwise hold a clock task (and its closures)
// per open authorization; the later entries wait in the store, and one clock task per hour of sandbox time
// at most moves the horizon on and puts the entries it reaches on the clock, before any of them is due.
import type { Logger } from 'pino';
import type { Clock } from './clock.ts';
import type { SandboxStore, TimerRecord } from '../store/sandbox-store.ts';
import { fallbackLogger } from '../log/fallback-logger.ts';

/** An entry as stored: `subjectId` is its key (a payment, a notification, a vaulting). */
export type ScheduleEntry = TimerRecord;

/** Does the entry's work; what it changes is committed with the removal of the entry, in one commit. */
export type ScheduleHandler = (entry: ScheduleEntry) => void | Promise<void>;

/** An entry's id: one entry per kind and key, so asking again moves it instead of adding a second. */
export const entryId = (kind: string, key: string): string => `${kind}:${key}`;

/** The horizon moves on by this much at a time; entries up to two of these ahead are on the clock. */
export const HORIZON_MS = 60 * 60_000;

export class Schedule {
  private readonly handlers = new Map<string, ScheduleHandler>();
  /** The clock task of each armed entry, by entry id. */
  private readonly armed = new Map<string, { entry: ScheduleEntry; cancel: () => void }>();
  /** Every stored entry due at or before this is on the clock; -Infinity until restore(). */
  private armedUntil = -Infinity;
  /** The clock task that moves the horizon on, and when it runs. */
  private horizon: { at: number; cancel: () => void } | undefined;

  constructor(private readonly store: SandboxStore, private readonly clock: Clock, private readonly logger: Logger = fallbackLogger) {}

  /** Who does the work of a kind; set up before restore(). */
  on(kind: string, handler: ScheduleHandler): void {
    this.handlers.set(kind, handler);
  }

  /**
   * Asks for `kind` of work on `key` at `at` (sandbox epoch ms), replacing an entry of the same kind and
   * key. Recorded in the store, so it is durable with the caller's commit, as the change that asked is.
   */
  add(at: number, kind: string, key: string, payload?: unknown): ScheduleEntry {
    const entry: ScheduleEntry = { id: entryId(kind, key), at, kind, subjectId: key };
    if (payload !== undefined) entry.payload = payload;
    this.store.timers.put(entry);
    this.disarm(entry.id);
    if (at <= this.armedUntil) this.arm(entry);
    else this.moveHorizonBefore(at);
    return entry;
  }

  /** Drops the entry of this kind and key, if any (its work is done another way). */
  cancel(kind: string, key: string): void {
    const id = entryId(kind, key);
    this.disarm(id);
    this.store.timers.delete(id);
  }

  /** The stored entries, in no order: what GET /_sandbox/clock/due picks the next ones from. */
  entries(): IterableIterator<ScheduleEntry> {
    return this.store.timers.values();
  }

  /** At start: the stored entries within the horizon back on the clock, in due order; one that fell due while down runs at once. */
  restore(): void {
    this.armedUntil = -Infinity;
    this.extendHorizon(this.clock.now());
  }

  /** Takes every entry off the clock (close, reset); the stored entries stay. */
  stop(): void {
    for (const { cancel } of this.armed.values()) cancel();
    this.armed.clear();
    this.horizon?.cancel();
    this.horizon = undefined;
  }

  private arm(entry: ScheduleEntry): void {
    this.armed.set(entry.id, { entry, cancel: this.clock.schedule(entry.at, () => this.run(entry)) });
  }

  private disarm(id: string): void {
    this.armed.get(id)?.cancel();
    this.armed.delete(id);
  }

  /**
   * Puts the stored entries due after the old horizon and up to two horizons after `from` on the clock
   * (one scan of the entries), and asks to be called again before the earliest entry left out falls due.
   * Only entries past the old horizon: those before it are on the clock already, or running (an entry
   * leaves the clock when it starts and the store only when its work is committed), or done.
   */
  private extendHorizon(from: number): void {
    this.horizon?.cancel();
    this.horizon = undefined;
    const after = this.armedUntil;
    const until = Math.max(after, from + 2 * HORIZON_MS);
    const reached: ScheduleEntry[] = [];
    let earliestLeft = Infinity;
    for (const entry of this.store.timers.values()) {
      if (entry.at > until) earliestLeft = Math.min(earliestLeft, entry.at);
      else if (entry.at > after && !this.armed.has(entry.id)) reached.push(entry);
    }
    for (const entry of reached.sort((a, b) => a.at - b.at)) this.arm(entry);
    this.armedUntil = until;
    if (earliestLeft < Infinity) this.moveHorizonBefore(earliestLeft);
  }

  /**
   * Makes sure the horizon moves on before `at`: two horizons ahead of it, and no sooner than one horizon
   * after the last move, so a steady stream of entries costs one scan per hour of sandbox time. When that
   * moment has passed already (nothing moved the horizon for a while), it moves now, so an entry due now
   * is on the clock before add() returns and runDue() finds it.
   */
  private moveHorizonBefore(at: number): void {
    if (this.armedUntil === -Infinity) return;
    const moveAt = Math.max(this.armedUntil - HORIZON_MS, at - 2 * HORIZON_MS);
    const now = this.clock.now();
    if (moveAt <= now) return this.extendHorizon(now);
    if (this.horizon && this.horizon.at <= moveAt) return;
    this.horizon?.cancel();
    this.horizon = { at: moveAt, cancel: this.clock.schedule(moveAt, () => this.extendHorizon(Math.max(moveAt, this.clock.now()))) };
  }

  private async run(entry: ScheduleEntry): Promise<void> {
    if (this.armed.get(entry.id)?.entry === entry) this.armed.delete(entry.id);
    const handler = this.handlers.get(entry.kind);
    // A handler that throws is a bug to report, not a reason to run the same entry on every restart.
    try {
      if (handler) await handler(entry);
      else this.logger.warn({ kind: entry.kind, key: entry.subjectId }, 'sandbox schedule: no handler for this kind of entry; it is dropped');
    } catch (error) {
      this.logger.error({ err: error, kind: entry.kind, key: entry.subjectId }, 'sandbox schedule entry failed');
    }
    // The entry goes only after its work, in the same commit as what the work changed: a crash before
    // that runs it again after restart, and every handler finds work already done and does nothing. An
    // entry the handler asked for again (a notification's next attempt) is a new one and stays.
    if (this.store.timers.get(entry.id) === entry) this.store.timers.delete(entry.id);
    await this.store.commit();
  }
}
