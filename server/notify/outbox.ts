// The durable outbox: every notification is a row in the store, so a restart (even kill -9 in the middle
// of an attempt) loses none. An attempt due later (a retry, a first attempt held back by a fault) is an
// entry of the one schedule (clock/schedule.ts), put in the same commit as the record that asks for it.
// A first attempt due at once needs no entry: the record itself, pending and never tried, says it is owed,
// and restore() puts it on the schedule if a restart finds it so. Delivery is at least once: an
// acknowledgement is appended to the journal at the end of the event-loop turn that reads it, so only a
// crash within that turn sends it again.
// Attempts to one merchant origin run concurrently up to a bound (attempt-sender.ts), off the request
// path; a payment's notifications make their first attempts in the order they were queued
// (first-attempt-order.ts).
import { randomUUID } from 'node:crypto';
import type { Clock } from '../clock/clock.ts';
import { entryId, type Schedule } from '../clock/schedule.ts';
import type { SandboxKeys } from '../crypto/keys.ts';
import type { PaymentNotifier } from '../payment/payment-runtime.ts';
import type { SandboxStore } from '../store/sandbox-store.ts';
import type { Table } from '../store/table.ts';
import { AttemptEvents, type AttemptEvent, type NotificationFilter } from './attempt-events.ts';
import { AttemptSender, type SenderOptions } from './attempt-sender.ts';
import { FirstAttemptOrder } from './first-attempt-order.ts';
import { NOTIFICATION_BODIES } from './notification-bodies.ts';
import { heldBack, takeFaults, type FaultSwitch } from './notification-faults.ts';
import { nextAttemptAt, RETRY_SCHEDULE_MS, type AttemptKind, type NotificationRecord } from './notification.ts';
import type { Effect, PaymentRecord } from '../payment/types.ts';

export type OutboxOptions = SenderOptions;

/** The schedule's kind of a notification's next attempt; the entry's key is the notification id. */
export const ATTEMPT_KIND = 'notification-attempt';

/** Of notifications queued in the same instant, which was queued first. */
const QUEUE_RANK: Record<NotificationRecord['notifyType'], number> = { PAYMENT_RESULT: 0, CAPTURE_RESULT: 1, REFUND_RESULT: 2 };
/** Sandbox time before an attempt that could not start (its commit failed) is tried again. */
const COMMIT_RETRY_MS = 5000;

export class Outbox implements PaymentNotifier {
  readonly table: Table<NotificationRecord>;
  private readonly inFlight = new Set<Promise<void>>();
  private readonly events: AttemptEvents;
  private readonly sender: AttemptSender;
  private readonly order = new FirstAttemptOrder();
  /** Faults switched on from the control plane (GET/POST/DELETE /_sandbox/notifications/faults). */
  faultSwitch: FaultSwitch | undefined;

  constructor(
    private readonly store: SandboxStore,
    private readonly clock: Clock,
    private readonly schedule: Schedule,
    keys: SandboxKeys,
    options: OutboxOptions,
  ) {
    this.table = store.notifications;
    this.events = new AttemptEvents(this.table);
    this.sender = new AttemptSender(clock, keys, options);
    schedule.on(ATTEMPT_KIND, (entry) => this.track(this.attempt(entry.subjectId, 'scheduled')));
  }

  /**
   * After a restart, before the schedule runs anything: the first attempts still to make, in the order
   * they were queued (a payment's result before the capture queued in the same instant).
   */
  restore(): void {
    const untried = [...this.table.values()].filter((record) => record.status === 'pending' && record.scheduledAttempts === 0);
    // Without an entry (a first attempt due at once when the sandbox stopped): owed, and on the schedule from here on.
    for (const record of untried) {
      if (!this.store.timers.get(entryId(ATTEMPT_KIND, record.id))) this.scheduleAttempt(record.id, record.nextAttemptAt ?? record.createdAt);
    }
    const first = untried
      .filter((record) => !heldBack(record))
      .sort((a, b) => a.createdAt - b.createdAt || QUEUE_RANK[a.notifyType] - QUEUE_RANK[b.notifyType]);
    for (const record of first) this.order.enqueue(record.paymentId, record.id);
  }

  /** Puts the notification's next attempt on the schedule; kept on the record too, for whoever reads it. */
  private scheduleAttempt(id: string, at: number): void {
    this.schedule.add(at, ATTEMPT_KIND, id);
  }

  /**
   * A first attempt due now: on the clock like a schedule entry, but not stored. An entry would be one
   * more journal line with the notification and another with the acknowledgement, for work the pending
   * record already stands for (restore() above).
   */
  private attemptNow(id: string): void {
    this.clock.schedule(this.clock.now(), () => this.track(this.attempt(id, 'scheduled')));
  }

  enqueue(effect: Extract<Effect, { type: 'notify' }>, payment: PaymentRecord): void {
    const build = NOTIFICATION_BODIES[effect.notifyType];
    if (!build) throw new Error(`no notification body is defined for ${effect.notifyType}`);
    const { body, url } = build(payment, effect.subjectId, this.store);
    // Antom notifies the URL the merchant gave; with none there is nothing to send or to keep.
    if (!url) return;
    const now = this.clock.now();
    const { faults, switchAfter } = takeFaults(this.faultSwitch, payment.notificationFaults);
    this.faultSwitch = switchAfter;
    // Out of order: held back one retry slot, so a later notification to the same URL goes first.
    const first = now + (faults?.delayMs ?? 0) + (faults?.outOfOrder ? RETRY_SCHEDULE_MS[1]! : 0);
    const record: NotificationRecord = {
      id: `ntf_${randomUUID()}`,
      notifyType: effect.notifyType,
      paymentId: payment.paymentId,
      subjectId: effect.subjectId,
      clientId: payment.clientId,
      url,
      body: JSON.stringify(body),
      status: 'pending',
      createdAt: now,
      nextAttemptAt: first,
      scheduledAttempts: 0,
      faults,
      attempts: [],
    };
    // Due now unless a fault holds it back: then it is later work, an entry of the schedule.
    if (heldBack(record)) this.scheduleAttempt(record.id, first);
    else {
      this.order.enqueue(record.paymentId, record.id);
      this.attemptNow(record.id);
    }
    this.table.put(record);
  }

  /**
   * Sends a notification again now, as a new attempt outside the schedule: a `resend`, or a `duplicate`
   * (the same delivery once more, as Antom may send it, for testing the merchant's idempotency).
   */
  async resend(id: string, kind: 'resend' | 'duplicate' = 'resend'): Promise<NotificationRecord | undefined> {
    if (!this.table.get(id)) return undefined;
    await this.track(this.attempt(id, kind));
    return this.table.get(id);
  }

  /** Queues a notification the control plane composed (a body the payment's own state did not produce), on the usual schedule. */
  compose(payment: PaymentRecord, notifyType: NotificationRecord['notifyType'], body: object, url: string): NotificationRecord {
    const now = this.clock.now();
    const record: NotificationRecord = {
      id: `ntf_${randomUUID()}`, notifyType, paymentId: payment.paymentId, clientId: payment.clientId, url, body: JSON.stringify(body),
      status: 'pending', createdAt: now, nextAttemptAt: now, scheduledAttempts: 0, composed: true, attempts: [],
    };
    this.attemptNow(record.id);
    this.table.put(record);
    return record;
  }

  /** Forgets the fault switch and the first-attempt order (reset: the notifications and their schedule entries are wiped from the store). */
  forgetAll(): void {
    this.faultSwitch = undefined;
    this.order.clear();
  }

  /** See AttemptEvents.waitFor. */
  waitForAttempt(filter: NotificationFilter = {}, timeoutMs = 5000): Promise<AttemptEvent> {
    return this.events.waitFor(filter, timeoutMs);
  }

  /** Calls the listener after every attempt (scheduled, resend, duplicate, dropped), once recorded; returns the unsubscribe. */
  onAttempt(listener: (event: AttemptEvent) => void): () => void {
    return this.events.on(listener);
  }

  /** Runs every attempt that is due now and waits until none is in flight. */
  async flush(): Promise<void> {
    await this.clock.runDue();
    while (this.inFlight.size > 0) {
      await Promise.allSettled([...this.inFlight]);
      await this.clock.runDue();
    }
  }

  /** Closes the kept-alive connections to merchants. */
  closeConnections(): void {
    this.sender.closeConnections();
  }

  list(filter: { paymentId?: string; status?: string } = {}): NotificationRecord[] {
    return [...this.table.values()]
      .filter((n) => (filter.paymentId === undefined || n.paymentId === filter.paymentId) && (filter.status === undefined || n.status === filter.status))
      .sort((a, b) => b.createdAt - a.createdAt);
  }

  private track(work: Promise<void>): Promise<void> {
    this.inFlight.add(work);
    return work.finally(() => this.inFlight.delete(work));
  }

  private async attempt(id: string, kind: AttemptKind): Promise<void> {
    if (kind !== 'scheduled') return this.makeAttempt(id, kind);
    const turn = this.order.turnOf(id);
    if (turn) await turn;
    try {
      await this.makeAttempt(id, kind);
    } finally {
      this.order.finished(id);
    }
  }

  private async makeAttempt(id: string, kind: AttemptKind): Promise<void> {
    // Nothing goes out about a change that is not yet on disk (this joins the commit in progress, if any).
    try {
      await this.store.committed();
    } catch (error) {
      // The disk refused the commit: this attempt's slot is gone, so it tries again a little later.
      if (kind === 'scheduled') this.scheduleAttempt(id, this.clock.now() + COMMIT_RETRY_MS);
      throw error;
    }
    const record = this.table.get(id);
    // An entry left over from before a crash finds the notification already acknowledged: nothing to send.
    if (!record || (kind === 'scheduled' && record.status !== 'pending')) return;
    const dropping = kind === 'scheduled' && (record.faults?.dropsLeft ?? 0) > 0;
    // Whatever goes wrong in making the attempt is that attempt's failure: the schedule still moves on.
    const attempt = dropping ? this.sender.dropped(record) : await this.sender.send(record, kind).catch((error: unknown) => this.sender.failed(record, kind, error));
    const current = this.table.get(id);
    // Wiped by a reset while the attempt was in flight: nothing left to record it on.
    if (!current) return;
    const next: NotificationRecord = { ...current, attempts: [...current.attempts, attempt] };
    if (dropping) next.faults = { ...next.faults!, dropsLeft: next.faults!.dropsLeft! - 1 };
    if (kind === 'scheduled') next.scheduledAttempts += 1;
    if (attempt.delivered) {
      next.status = 'delivered';
      next.nextAttemptAt = undefined;
      // Delivered by a resend: the scheduled attempt still waiting has nothing left to do, and the
      // payment's later notifications need not wait for it.
      if (kind !== 'scheduled') {
        this.schedule.cancel(ATTEMPT_KIND, id);
        this.order.finished(id);
      }
    } else if (kind === 'scheduled') {
      const at = nextAttemptAt(next.scheduledAttempts, this.clock.now());
      next.nextAttemptAt = at;
      if (at === undefined) next.status = 'given-up';
      else this.scheduleAttempt(id, at);
    }
    this.table.put(next);
    // The commit runs at the end of this turn of the event loop, before any timer or newly read I/O, with
    // whatever else the turn changed: a crash between the merchant's answer and that append is what sends
    // an acknowledged notification again (docs/notifications.md, at least once). An append of its own
    // per acknowledgement would close the rest of the turn too, and cost an eighth of the delivery rate.
    await this.store.commit();
    this.events.emit({ notification: next, attempt });
    if (attempt.delivered && kind === 'scheduled') await this.sendDuplicates(next);
  }

  private async sendDuplicates(record: NotificationRecord): Promise<void> {
    for (let i = 0; i < (record.faults?.duplicate ?? 0); i++) {
      const before = this.table.get(record.id)!;
      const copy = await this.sender.send(before, 'duplicate');
      const current = this.table.get(record.id)!;
      const next = { ...current, attempts: [...current.attempts, copy] };
      this.table.put(next);
      await this.store.commit();
      this.events.emit({ notification: next, attempt: copy });
    }
  }
}
