// A data directory written before the one schedule kept three kinds of later work elsewhere: an
// authorization's expiry only as its payment's authExpiresAt, a notification's next attempt only as its
// nextAttemptAt, and a vaulting's expiry only as its expiresAt (checked when read). The first start on
// such a directory puts each that is still pending on the schedule, once (a setting records that it was
// done); its timer rows (kind payment-event) are schedule entries already.
import { entryId, type Schedule } from './clock/schedule.ts';
import { paymentEntryOf } from './payment/payment-runtime.ts';
import { ATTEMPT_KIND } from './notify/outbox.ts';
import type { SandboxStore } from './store/sandbox-store.ts';
import { VAULTING_EXPIRY } from './vault/vaulting-expiry.ts';
import { vaultingKey } from './vault/vaulting.ts';

const ADOPTED = 'schedule-adopted';

/** Returns how many entries it added; 0 on every start after the first. */
export function adoptEarlierWork(store: SandboxStore, schedule: Schedule): number {
  if (store.settings.get(ADOPTED)) return 0;
  let added = 0;
  const has = (kind: string, key: string) => store.timers.get(entryId(kind, key)) !== undefined;
  for (const p of store.payments.values()) {
    if (p.status !== 'SUCCESS' || p.authExpiresAt === undefined || p.authClosed) continue;
    const effect = { type: 'schedule', paymentId: p.paymentId, at: p.authExpiresAt, event: { type: 'authExpire' } } as const;
    const { kind, key } = paymentEntryOf(effect);
    if (!has(kind, key)) {
      schedule.add(effect.at, kind, key, effect.event);
      added++;
    }
  }
  for (const n of store.notifications.values()) {
    if (n.status === 'pending' && n.nextAttemptAt !== undefined && !has(ATTEMPT_KIND, n.id)) {
      schedule.add(n.nextAttemptAt, ATTEMPT_KIND, n.id);
      added++;
    }
  }
  for (const v of store.vaultings.values()) {
    const key = vaultingKey(v.clientId, v.vaultingRequestId);
    if (v.status === 'PROCESSING' && v.expiresAt !== undefined && !has(VAULTING_EXPIRY, key)) {
      schedule.add(v.expiresAt, VAULTING_EXPIRY, key);
      added++;
    }
  }
  store.settings.put({ id: ADOPTED, value: 1 });
  return added;
}
