// Carries out what the payment state machine decides: stores the new payment, puts its later work on the
// schedule and hands its notifications to the outbox, all in one commit.
import type { Clock } from '../clock/clock.ts';
import type { Schedule, ScheduleEntry } from '../clock/schedule.ts';
import { applyPaymentEvent } from './payment-machine.ts';
import type { SandboxStore } from '../store/sandbox-store.ts';
import type { Refusal } from '../api/refusal.ts';
import type { Effect, PaymentEvent, PaymentRecord, Transition } from './types.ts';

export interface PaymentNotifier {
  /** Queues a notification about the payment as it is now. Part of the same commit as the state change. */
  enqueue(effect: Extract<Effect, { type: 'notify' }>, payment: PaymentRecord): void;
}

type ScheduleEffect = Extract<Effect, { type: 'schedule' }>;

/**
 * The schedule entry of a machine's `schedule` effect: one per payment and purpose, or per capture or
 * refund. Its key starts with the payment id; its payload is the event to apply.
 */
export function paymentEntryOf({ paymentId, event }: ScheduleEffect): { kind: string; key: string } {
  switch (event.type) {
    case 'expire': return { kind: 'payment-expiry', key: paymentId };
    case 'authExpire': return { kind: 'authorization-expiry', key: paymentId };
    case 'settle': return { kind: 'payment-settlement', key: paymentId };
    case 'settleCapture': return { kind: 'capture-settlement', key: `${paymentId}/${event.captureId}` };
    case 'settleRefund': return { kind: 'refund-settlement', key: `${paymentId}/${event.refundId}` };
    default: return { kind: 'payment-event', key: `${paymentId}/${event.type}` };
  }
}

/** Every kind a payment's entries have; `payment-event` is also what data directories of earlier versions hold. */
export const PAYMENT_ENTRY_KINDS = ['payment-expiry', 'authorization-expiry', 'payment-settlement', 'capture-settlement', 'refund-settlement', 'payment-event'];

/** The payment an entry is about: its key up to the first "/" (payment ids are digits). */
export const paymentIdOf = (entry: ScheduleEntry): string => entry.subjectId.split('/', 1)[0]!;

export class PaymentRuntime {
  constructor(
    private readonly store: SandboxStore,
    private readonly clock: Clock,
    private readonly schedule: Schedule,
    private readonly notifier: PaymentNotifier,
  ) {
    for (const kind of PAYMENT_ENTRY_KINDS) schedule.on(kind, (entry) => this.runEntry(entry));
  }

  /** Applies an event to a stored payment through the state machine, and commits the result; a refused event changes nothing. */
  async dispatch(payment: PaymentRecord, event: PaymentEvent): Promise<PaymentRecord | Refusal> {
    const transition = applyPaymentEvent(payment, event, this.clock.now());
    if ('refused' in transition) return transition;
    // An event that changes nothing (a timer that finds its work done) writes nothing.
    if (transition.payment === payment && transition.effects.length === 0) return payment;
    return this.commit(transition);
  }

  /** Records a transition; it is durable with the store's next commit (the merchant API commits before answering). */
  record({ payment, effects }: Transition): PaymentRecord {
    this.store.payments.put(payment);
    for (const effect of effects) {
      if (effect.type === 'schedule') {
        const { kind, key } = paymentEntryOf(effect);
        this.schedule.add(effect.at, kind, key, effect.event);
      } else if (effect.type === 'notify') this.notifier.enqueue(effect, payment);
    }
    return payment;
  }

  /** Records a transition and waits until it is on disk. */
  async commit(transition: Transition): Promise<PaymentRecord> {
    const payment = this.record(transition);
    await this.store.commit();
    return payment;
  }

  /**
   * A payment's entry fell due: its event goes through the machine, which decides whether anything is left
   * to do (an expiry after the payment was paid, a settlement already made by hand). Recorded, not
   * committed: the schedule commits it together with the removal of the entry.
   */
  private runEntry(entry: ScheduleEntry): void {
    const payment = this.store.payments.get(paymentIdOf(entry));
    if (!payment) return;
    const transition = applyPaymentEvent(payment, entry.payload as PaymentEvent, this.clock.now());
    if ('refused' in transition) return;
    if (transition.payment !== payment || transition.effects.length > 0) this.record(transition);
  }
}
