// What the sandbox clock will run next, read from the store (not from the clock's queue, which also
// holds tasks that will find nothing left to do): notification attempts, expiries of unpaid payments and
// of authorizations, and delayed settlements. One pass over the pending rows; GET /_sandbox/clock/due.
import type { DueEvent } from '../../schemas/control/dashboard.ts';
import type { SandboxStore } from '../store/sandbox-store.ts';

export function dueEvents(store: SandboxStore, now: number, limit: number): DueEvent[] {
  const found: (Omit<DueEvent, 'at' | 'inMs'> & { atMs: number })[] = [];
  for (const n of store.notifications.values()) {
    if (n.status !== 'pending' || n.nextAttemptAt === undefined) continue;
    found.push({
      atMs: n.nextAttemptAt, kind: 'notification-attempt', paymentId: n.paymentId, notificationId: n.id,
      description: `${n.notifyType} attempt ${n.scheduledAttempts + 1} to ${n.url}`,
    });
  }
  // An unpaid payment's expiry and an issuer's late answer are timer rows; an authorization's expiry is
  // kept on the payment itself (server/runtime/payment-runtime.ts).
  for (const p of store.payments.values()) {
    if (p.status === 'SUCCESS' && p.authExpiresAt !== undefined && !p.authClosed) {
      found.push({ atMs: p.authExpiresAt, kind: 'authorization-expiry', paymentId: p.paymentId, description: `authorization of ${p.paymentId} expires` });
    }
  }
  for (const t of store.timers.values()) {
    const event = (t.payload as { type?: string } | undefined)?.type ?? t.kind;
    const payment = store.payments.get(t.subjectId);
    // A timer whose work is already done (the payment was paid before it expired) fires and does nothing.
    if ((event === 'expire' || event === 'settle') && payment?.status !== 'PROCESSING') continue;
    found.push(event === 'expire'
      ? { atMs: t.at, kind: 'payment-expiry', paymentId: t.subjectId, description: `payment ${t.subjectId} closes unpaid` }
      : { atMs: t.at, kind: 'payment-event', paymentId: t.subjectId, description: `${event} of payment ${t.subjectId}` });
  }
  found.sort((a, b) => a.atMs - b.atMs);
  return found.slice(0, limit).map(({ atMs, ...event }) => ({ at: new Date(atMs).toISOString(), inMs: Math.max(0, atMs - now), ...event }));
}
