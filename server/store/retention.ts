// Retention: a sandbox that runs for weeks keeps only recent payments. Payments older than `maxAgeMs`
// (sandbox time), and beyond the newest `maxPayments`, are dropped in the background with their
// notifications and capture/refund lookup rows, a bounded batch per turn, committed like any change (so
// a restart does not bring them back). A payment with work still pending is never dropped: in process or
// at a 3DS or wallet step, an authorization still open for capture, a capture or refund in process, a
// notification still to be delivered, or a durable timer about it.
import type { PaymentRecord } from '../payment/types.ts';
import type { SandboxStore } from './sandbox-store.ts';

export interface RetentionOptions {
  /** Drop payments created longer ago than this (sandbox ms); undefined keeps them whatever their age. */
  maxAgeMs?: number;
  /** Keep at most this many payments (the newest); undefined: no count limit. */
  maxPayments?: number;
  /** Payments dropped per batch; the next batch follows at once while more are due. */
  batchSize?: number;
  /** Wall-clock ms between looks when nothing is due. */
  intervalMs?: number;
}

export const DEFAULT_RETAIN_MS = 7 * 24 * 3600_000;
const DEFAULT_BATCH = 500;
const DEFAULT_INTERVAL_MS = 60_000;

/** Whether a payment still has work ahead of it, from its own record. */
function busyInItself(payment: PaymentRecord): boolean {
  if (payment.status === 'PROCESSING' || payment.pendingStep !== undefined) return true;
  if (payment.status === 'SUCCESS' && payment.isAuthorization && !payment.authClosed && payment.cancelledAt === undefined) return true;
  return (payment.captures ?? []).some((c) => c.status === 'PROCESSING') || (payment.refunds ?? []).some((r) => r.status === 'PROCESSING');
}

export class Retention {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<number> | undefined;
  /** Counts start() and stop() calls: a look armed under an earlier one ends instead of arming another. */
  private generation = 0;
  /** Payments dropped since start. */
  dropped = 0;

  constructor(private readonly store: SandboxStore, private readonly now: () => number, readonly options: RetentionOptions) {}

  get enabled(): boolean { return this.options.maxAgeMs !== undefined || this.options.maxPayments !== undefined; }

  /** Looks every intervalMs (wall clock, not keeping the process alive), and batch after batch while more are due. */
  start(): void {
    if (!this.enabled || this.timer) return;
    const generation = ++this.generation;
    const look = () => {
      // A sweep under way when stop() came ends here: it arms no further look on a closed store.
      if (generation !== this.generation) return;
      this.timer = setTimeout(() => {
        void this.sweep().then((n) => (n > 0 ? setImmediate(look) : look()), () => look());
      }, this.options.intervalMs ?? DEFAULT_INTERVAL_MS);
      this.timer.unref();
    };
    this.timer = setTimeout(look, 0);
    this.timer.unref();
  }

  stop(): void {
    this.generation++;
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** Drops one batch of expired payments (and what belongs to them), commits, and returns how many went. */
  sweep(): Promise<number> {
    this.running ??= this.sweepOnce().finally(() => { this.running = undefined; });
    return this.running;
  }

  /** The payments one batch drops: expired or beyond the count, oldest first, none with work pending. */
  due(): PaymentRecord[] {
    const { maxAgeMs, maxPayments } = this.options;
    const store = this.store;
    const overCount = maxPayments === undefined ? 0 : Math.max(0, store.payments.size - maxPayments);
    const cutoff = maxAgeMs === undefined ? -Infinity : this.now() - maxAgeMs;
    const pendingNotifications = new Set<string>();
    for (const n of store.notifications.values()) if (n.status === 'pending') pendingNotifications.add(n.paymentId);
    const timed = new Set<string>();
    for (const t of store.timers.values()) timed.add(t.subjectId);
    const candidates: PaymentRecord[] = [];
    for (const p of store.payments.values()) {
      if (busyInItself(p) || pendingNotifications.has(p.paymentId) || timed.has(p.paymentId)) continue;
      candidates.push(p);
    }
    candidates.sort((a, b) => a.createdAt - b.createdAt);
    const due: PaymentRecord[] = [];
    const batch = this.options.batchSize ?? DEFAULT_BATCH;
    for (let i = 0; i < candidates.length && due.length < batch; i++) {
      const p = candidates[i]!;
      if (i < overCount || p.createdAt < cutoff) due.push(p);
      else break;
    }
    return due;
  }

  private async sweepOnce(): Promise<number> {
    const due = this.due();
    if (due.length === 0) return 0;
    const ids = new Set(due.map((p) => p.paymentId));
    const store = this.store;
    for (const n of [...store.notifications.values()]) if (ids.has(n.paymentId)) store.notifications.delete(n.id);
    for (const table of [store.captures, store.refunds]) {
      for (const pointer of [...table.values()]) if (ids.has(pointer.paymentId)) table.delete(pointer.id);
    }
    for (const id of ids) store.payments.delete(id);
    await store.commit();
    this.dropped += ids.size;
    return ids.size;
  }
}
