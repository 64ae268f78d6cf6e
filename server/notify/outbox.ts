// The durable outbox: every notification is a row in the store that says when its next attempt is due,
// so a restart (even kill -9 in the middle of an attempt) loses none: restore() puts every pending one
// back on the clock. One that was acknowledged is never sent again. Attempts to one merchant origin run concurrently up to a bound, off the request path;
// a payment's notifications make their first attempts in the order they were queued (first-attempt-order.ts).
import { EventEmitter } from 'node:events';
import { randomUUID } from 'node:crypto';
import pLimit, { type LimitFunction } from 'p-limit';
import { formatTime, type Clock } from '../clock/clock.ts';
import { signatureHeader, signMessage } from '../crypto/signature.ts';
import type { SandboxKeys } from '../crypto/keys.ts';
import type { PaymentNotifier } from '../payment/payment-runtime.ts';
import type { SandboxStore } from '../store/sandbox-store.ts';
import type { Table } from '../store/table.ts';
import { judgeAnswer } from './acknowledgement.ts';
import { NOTIFICATION_BODIES } from './notification-bodies.ts';
import { nextAttemptAt, RETRY_SCHEDULE_MS, type AttemptKind, type AttemptRecord, type NotificationRecord } from './notification.ts';
import type { Agent as HttpAgent } from 'node:http';
import { agentFor, sendNotification } from './send-notification.ts';
import { FirstAttemptOrder } from './first-attempt-order.ts';
import type { Effect, NotificationFaults, PaymentRecord } from '../payment/types.ts';

export interface OutboxOptions { timeoutMs: number; concurrencyPerOrigin: number }

export interface NotificationFilter { paymentId?: string; notifyType?: string; delivered?: boolean; kind?: AttemptKind; number?: number }
export interface AttemptEvent { notification: NotificationRecord; attempt: AttemptRecord }

/** Faults switched on from the control plane: applied to the next `remaining` notifications (all, if unset). */
export interface FaultSwitch extends NotificationFaults { remaining?: number }

const RESPONSE_CAP = 4096;
/** Of notifications queued in the same instant, which was queued first. */
const QUEUE_RANK: Record<NotificationRecord['notifyType'], number> = { PAYMENT_RESULT: 0, CAPTURE_RESULT: 1, REFUND_RESULT: 2 };
/** Sandbox time before an attempt that could not start (its commit failed) is tried again. */
const COMMIT_RETRY_MS = 5000;

export class Outbox implements PaymentNotifier {
  readonly table: Table<NotificationRecord>;
  /** Cancels of the clock tasks of pending attempts, by notification id. */
  private readonly scheduled = new Map<string, () => void>();
  private readonly channels = new Map<string, { limit: LimitFunction; agent: HttpAgent }>();
  private readonly inFlight = new Set<Promise<void>>();
  private readonly events = new EventEmitter();
  private readonly order = new FirstAttemptOrder();
  faultSwitch: FaultSwitch | undefined;

  constructor(
    private readonly store: SandboxStore,
    private readonly clock: Clock,
    private readonly keys: SandboxKeys,
    private readonly options: OutboxOptions,
  ) {
    this.table = store.notifications;
    this.events.setMaxListeners(0);
  }

  /** Puts every pending notification back on the clock (after a restart); one overdue is attempted at once. */
  restore(): void {
    // In the order they were queued (a payment's result before the capture queued in the same instant),
    // so first attempts still go out in that order after a restart.
    const pending = [...this.table.values()]
      .filter((record) => record.status === 'pending' && record.nextAttemptAt !== undefined)
      .sort((a, b) => a.createdAt - b.createdAt || QUEUE_RANK[a.notifyType] - QUEUE_RANK[b.notifyType]);
    for (const record of pending) if (record.scheduledAttempts === 0 && !heldBack(record)) this.order.enqueue(record.paymentId, record.id);
    for (const record of pending) this.schedule(record.id, record.nextAttemptAt!);
  }

  private schedule(id: string, at: number): void {
    this.scheduled.get(id)?.();
    this.scheduled.set(id, this.clock.schedule(at, () => {
      this.scheduled.delete(id);
      return this.track(this.attempt(id, 'scheduled'));
    }));
  }

  enqueue(effect: Extract<Effect, { type: 'notify' }>, payment: PaymentRecord): void {
    const build = NOTIFICATION_BODIES[effect.notifyType];
    if (!build) throw new Error(`no notification body is defined for ${effect.notifyType}`);
    const { body, url } = build(payment, effect.subjectId, this.store);
    // Antom notifies the URL the merchant gave; with none there is nothing to send or to keep.
    if (!url) return;
    const now = this.clock.now();
    const faults = this.takeFaults(payment.notificationFaults);
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
    if (!heldBack(record)) this.order.enqueue(record.paymentId, record.id);
    this.schedule(record.id, first);
    this.table.put(record);
  }

  /** Sends a notification again now, as a new attempt outside the schedule. */
  async resend(id: string): Promise<NotificationRecord | undefined> {
    if (!this.table.get(id)) return undefined;
    await this.track(this.attempt(id, 'resend'));
    return this.table.get(id);
  }

  /**
   * Resolves with the first attempt matching the filter, whether it already happened or happens later
   * (a test cannot miss one that raced ahead of it); rejects after timeoutMs of wall-clock time.
   * Filter on `number` to wait for a later attempt of the same notification.
   */
  waitForAttempt(filter: NotificationFilter = {}, timeoutMs = 5000): Promise<AttemptEvent> {
    for (const notification of [...this.table.values()].sort((a, b) => a.createdAt - b.createdAt)) {
      const attempt = notification.attempts.find((a) => matches({ notification, attempt: a }, filter));
      if (attempt) return Promise.resolve({ notification, attempt });
    }
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.events.off('attempt', listener);
        reject(new Error(`no notification attempt matching ${JSON.stringify(filter)} within ${timeoutMs} ms`));
      }, timeoutMs);
      const listener = (event: AttemptEvent) => {
        if (!matches(event, filter)) return;
        clearTimeout(timer);
        this.events.off('attempt', listener);
        resolve(event);
      };
      this.events.on('attempt', listener);
    });
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
    for (const { agent } of this.channels.values()) agent.destroy();
    this.channels.clear();
  }

  list(filter: { paymentId?: string; status?: string } = {}): NotificationRecord[] {
    return [...this.table.values()]
      .filter((n) => (filter.paymentId === undefined || n.paymentId === filter.paymentId) && (filter.status === undefined || n.status === filter.status))
      .sort((a, b) => b.createdAt - a.createdAt);
  }

  private takeFaults(fromScenario: NotificationFaults | undefined): NotificationRecord['faults'] {
    const sw = this.faultSwitch;
    if (sw && (sw.remaining === undefined || sw.remaining > 0)) {
      if (sw.remaining !== undefined && --sw.remaining === 0) this.faultSwitch = undefined;
      const { remaining: _remaining, ...faults } = sw;
      return { ...faults, dropsLeft: faults.dropFirst, source: 'control-plane' };
    }
    return fromScenario && { ...fromScenario, dropsLeft: fromScenario.dropFirst, source: 'scenario' };
  }

  private track(work: Promise<void>): Promise<void> {
    this.inFlight.add(work);
    return work.finally(() => this.inFlight.delete(work));
  }

  /** The bound on concurrent requests to one merchant origin, and the kept-alive connections it uses. */
  private channelFor(target: URL): { limit: LimitFunction; agent: HttpAgent } {
    let channel = this.channels.get(target.origin);
    if (!channel) {
      channel = { limit: pLimit(this.options.concurrencyPerOrigin), agent: agentFor(target, this.options.concurrencyPerOrigin) };
      this.channels.set(target.origin, channel);
    }
    return channel;
  }

  private async attempt(id: string, kind: AttemptKind): Promise<void> {
    if (kind !== 'scheduled') return this.makeAttempt(id, kind);
    await this.order.turnOf(id);
    try {
      await this.makeAttempt(id, kind);
    } finally {
      this.order.finished(id);
    }
  }

  private async makeAttempt(id: string, kind: AttemptKind): Promise<void> {
    // Nothing goes out about a change that is not yet on disk (this joins the commit in progress, if any).
    try {
      await this.store.commit();
    } catch (error) {
      // The disk refused the commit: this attempt's slot is gone, so it tries again a little later.
      if (kind === 'scheduled') this.schedule(id, this.clock.now() + COMMIT_RETRY_MS);
      throw error;
    }
    const record = this.table.get(id);
    // A timer left over from before a crash finds the notification already acknowledged: nothing to send.
    if (!record || (kind === 'scheduled' && record.status !== 'pending')) return;
    const url = record.url;
    const dropping = kind === 'scheduled' && (record.faults?.dropsLeft ?? 0) > 0;
    // Whatever goes wrong in making the attempt is that attempt's failure: the schedule still moves on.
    const attempt = dropping ? this.droppedAttempt(record) : await this.send(record, url, kind).catch((error: unknown) => this.failedAttempt(record, kind, error));
    let next = this.table.get(id)!;
    next = { ...next, attempts: [...next.attempts, attempt] };
    if (dropping) next.faults = { ...next.faults!, dropsLeft: next.faults!.dropsLeft! - 1 };
    if (kind === 'scheduled') next.scheduledAttempts += 1;
    if (attempt.delivered) {
      next.status = 'delivered';
      next.nextAttemptAt = undefined;
      if (kind !== 'scheduled') {
        this.scheduled.get(id)?.();
        this.scheduled.delete(id);
      }
    } else if (kind === 'scheduled') {
      const at = nextAttemptAt(next.scheduledAttempts, this.clock.now());
      next.nextAttemptAt = at;
      if (at === undefined) next.status = 'given-up';
      else this.schedule(id, at);
    }
    this.table.put(next);
    await this.store.commit();
    this.events.emit('attempt', { notification: next, attempt });
    if (attempt.delivered && kind === 'scheduled') await this.sendDuplicates(next);
  }

  private async sendDuplicates(record: NotificationRecord): Promise<void> {
    for (let i = 0; i < (record.faults?.duplicate ?? 0); i++) {
      const before = this.table.get(record.id)!;
      const copy = await this.send(before, record.url, 'duplicate');
      const current = this.table.get(record.id)!;
      const next = { ...current, attempts: [...current.attempts, copy] };
      this.table.put(next);
      await this.store.commit();
      this.events.emit('attempt', { notification: next, attempt: copy });
    }
  }

  private failedAttempt(record: NotificationRecord, kind: AttemptKind, error: unknown): AttemptRecord {
    return {
      number: record.attempts.length + 1, kind, at: formatTime(this.clock.now()), url: record.url,
      requestHeaders: {}, delivered: false, error: `the attempt could not be made: ${(error as Error).message}`,
    };
  }

  private droppedAttempt(record: NotificationRecord): AttemptRecord {
    return {
      number: record.attempts.length + 1, kind: 'dropped', at: formatTime(this.clock.now()), url: record.url,
      requestHeaders: {}, delivered: false, error: 'dropped on purpose: never sent', fault: `drop first ${record.faults!.dropFirst}`,
    };
  }

  private async send(record: NotificationRecord, url: string, kind: AttemptKind): Promise<AttemptRecord> {
    const requestTime = formatTime(this.clock.now());
    const target = new URL(url);
    const path = `${target.pathname}${target.search}`;
    const signature = await signMessage({ path, clientId: record.clientId, time: requestTime, body: record.body }, this.keys.privateKey);
    // Lower-case header names, as Antom sends them.
    const requestHeaders = {
      'content-type': 'application/json; charset=UTF-8',
      'client-id': record.clientId,
      'request-time': requestTime,
      signature: signatureHeader(signature),
    };
    // Signing happens before taking a slot: the bound is on requests to the merchant, and the signatures
    // of the next ones proceed on the thread pool while the current ones are in flight.
    const { limit, agent } = this.channelFor(target);
    const result = await limit(() => sendNotification(url, requestHeaders, record.body, this.options.timeoutMs, agent));
    const verdict = result.error !== undefined ? { delivered: false as const, error: result.error } : judgeAnswer(result.status!, result.body ?? '');
    const faults = record.faults;
    return {
      number: record.attempts.length + 1,
      kind,
      at: requestTime,
      url,
      requestHeaders,
      responseStatus: result.status,
      responseBody: result.body?.slice(0, RESPONSE_CAP),
      latencyMs: result.latencyMs,
      delivered: verdict.delivered,
      error: verdict.delivered ? undefined : verdict.error,
      fault: kind === 'duplicate' ? 'duplicate'
        : faults?.outOfOrder && record.attempts.length === 0 ? 'out of order'
        : faults?.delayMs && record.attempts.length === 0 ? `delayed ${faults.delayMs} ms` : undefined,
    };
  }
}

/** Held back on purpose by a fault: it neither waits for earlier notifications nor holds later ones. */
function heldBack(record: NotificationRecord): boolean {
  return (record.faults?.delayMs ?? 0) > 0 || record.faults?.outOfOrder === true;
}

function matches({ notification, attempt }: AttemptEvent, filter: NotificationFilter): boolean {
  return (filter.paymentId === undefined || notification.paymentId === filter.paymentId)
    && (filter.notifyType === undefined || notification.notifyType === filter.notifyType)
    && (filter.delivered === undefined || attempt.delivered === filter.delivered)
    && (filter.kind === undefined || attempt.kind === filter.kind)
    && (filter.number === undefined || attempt.number === filter.number);
}

