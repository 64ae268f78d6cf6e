// Carries out what the payment state machine decides: stores the new payment, schedules its timers and
// hands its notifications to the outbox, all in one commit.
import type { Clock } from '../clock/clock.ts';
import { applyPaymentEvent } from './payment-machine.ts';
import type { SandboxStore } from '../store/sandbox-store.ts';
import type { DurableTimers } from '../clock/durable-timers.ts';
import type { Effect, PaymentEvent, PaymentRecord, Transition } from './types.ts';

export interface PaymentNotifier {
  /** Queues a notification about the payment as it is now. Part of the same commit as the state change. */
  enqueue(effect: Extract<Effect, { type: 'notify' }>, payment: PaymentRecord): void;
}


export class PaymentRuntime {
  constructor(
    private readonly store: SandboxStore,
    private readonly clock: Clock,
    private readonly timers: DurableTimers,
    private readonly notifier: PaymentNotifier,
  ) {
    timers.on('payment-event', async (timer) => {
      const payment = store.payments.get(timer.subjectId);
      if (payment) await this.dispatch(payment, timer.payload as PaymentEvent);
    });
  }

  /** Applies an event to a stored payment through the state machine, and commits the result. */
  async dispatch(payment: PaymentRecord, event: PaymentEvent): Promise<PaymentRecord> {
    const transition = applyPaymentEvent(payment, event, this.clock.now());
    // An event that changes nothing (a timer that finds its work done) writes nothing.
    if (transition.payment === payment && transition.effects.length === 0) return payment;
    return this.commit(transition);
  }

  /** Records a transition; it is durable with the store's next commit (the merchant API commits before answering). */
  record({ payment, effects }: Transition): PaymentRecord {
    this.store.payments.put(payment);
    for (const effect of effects) {
      if (effect.type === 'schedule') {
        // An authorization's expiry needs no timer row: its time is on the payment (authExpiresAt), and
        // restore() puts it back on the clock. A row for every authorization cost ~5% of signed pay.
        if (effect.event.type === 'authExpire') this.expireAuthorizationAt(effect.paymentId, effect.at);
        else this.timers.add(effect.at, 'payment-event', effect.paymentId, effect.event);
      } else if (effect.type === 'notify') this.notifier.enqueue(effect, payment);
    }
    return payment;
  }

  /** After a restart: every authorization still open expires at its authExpiresAt (at once if that has passed). */
  restore(): void {
    for (const payment of this.store.payments.values()) {
      if (payment.status === 'SUCCESS' && payment.authExpiresAt !== undefined && !payment.authClosed) {
        this.expireAuthorizationAt(payment.paymentId, payment.authExpiresAt);
      }
    }
  }

  private expireAuthorizationAt(paymentId: string, at: number): void {
    // The machine decides whether anything is left to expire (captured in full, cancelled, ...).
    this.clock.schedule(at, async () => {
      const payment = this.store.payments.get(paymentId);
      if (payment) await this.dispatch(payment, { type: 'authExpire' });
    });
  }

  /** Records a transition and waits until it is on disk. */
  async commit(transition: Transition): Promise<PaymentRecord> {
    const payment = this.record(transition);
    await this.store.commit();
    return payment;
  }
}
