// What the sandbox clock will run next, read from the one schedule (clock/schedule.ts): notification
// attempts, expiries of unpaid payments, of authorizations and of vaultings, and delayed settlements. One
// pass over the schedule's entries (never over all payments), keeping the `limit` earliest; an entry
// whose work is already done (a payment paid before it expired) would run and do nothing, so it is not
// listed. GET /_sandbox/clock/due and the dashboard's clock page.
import type { DueEvent } from '../../schemas/control/dashboard.ts';
import type { ScheduleEntry } from './schedule.ts';
import type { SandboxStore } from '../store/sandbox-store.ts';

type Found = Omit<DueEvent, 'at' | 'inMs'> & { atMs: number };

/** The entry as a due event, or undefined when running it would change nothing. */
function describe(entry: ScheduleEntry, store: SandboxStore): Found | undefined {
  const atMs = entry.at;
  if (entry.kind === 'notification-attempt') {
    const n = store.notifications.get(entry.subjectId);
    if (n?.status !== 'pending') return undefined;
    return { atMs, kind: 'notification-attempt', paymentId: n.paymentId, notificationId: n.id, description: `${n.notifyType} attempt ${n.scheduledAttempts + 1} to ${n.url}` };
  }
  if (entry.kind === 'vaulting-expiry') {
    const v = store.vaultings.get(entry.subjectId);
    if (v?.status !== 'PROCESSING') return undefined;
    return { atMs, kind: 'vaulting-expiry', vaultingRequestId: v.vaultingRequestId, description: `vaulting ${v.vaultingRequestId} of ${v.clientId} ends unverified` };
  }
  // Every other kind is a payment's: its key starts with the payment id, its payload is the event.
  const paymentId = entry.subjectId.split('/', 1)[0]!;
  const payment = store.payments.get(paymentId);
  const event = (entry.payload as { type?: string } | undefined)?.type ?? entry.kind;
  if (event === 'authExpire') {
    if (payment?.status !== 'SUCCESS' || payment.authClosed) return undefined;
    return { atMs, kind: 'authorization-expiry', paymentId, description: `authorization of ${paymentId} expires` };
  }
  if ((event === 'expire' || event === 'settle') && payment?.status !== 'PROCESSING') return undefined;
  return event === 'expire'
    ? { atMs, kind: 'payment-expiry', paymentId, description: `payment ${paymentId} closes unpaid` }
    : { atMs, kind: 'payment-event', paymentId, description: `${event} of payment ${paymentId}` };
}

export function dueEvents(entries: Iterable<ScheduleEntry>, store: SandboxStore, now: number, limit: number): DueEvent[] {
  // The earliest `limit` entries, kept in order as they are found: O(entries x log limit).
  const earliest: ScheduleEntry[] = [];
  const later = (a: ScheduleEntry, b: ScheduleEntry) => a.at > b.at;
  const found: Found[] = [];
  for (const entry of entries) {
    if (earliest.length === limit && !later(earliest[limit - 1]!, entry)) continue;
    const event = describe(entry, store);
    if (!event) continue;
    let i = earliest.length;
    while (i > 0 && later(earliest[i - 1]!, entry)) i--;
    earliest.splice(i, 0, entry);
    found.splice(i, 0, event);
    if (earliest.length > limit) {
      earliest.pop();
      found.pop();
    }
  }
  return found.map(({ atMs, ...event }) => ({ at: new Date(atMs).toISOString(), inMs: Math.max(0, atMs - now), ...event }));
}
