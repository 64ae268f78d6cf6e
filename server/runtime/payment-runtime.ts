// Carries out what the payment state machine decides: stores the new payment, schedules its timers and
// hands its notifications to the outbox, all in one commit.
import type { Clock } from '../core/clock.ts';
import type { PaymentRecord } from '../core/payment.ts';
import { applyPaymentEvent, type Effect, type PaymentEvent, type Transition } from '../core/payment-machine.ts';
import type { SandboxStore } from '../store/sandbox-store.ts';
import type { DurableTimers } from './durable-timers.ts';

export interface PaymentNotifier {
  /** Queues a notification about the payment as it is now. Part of the same commit as the state change. */
  enqueue(effect: Extract<Effect, { type: 'notify' }>, payment: PaymentRecord): void;
}


export class PaymentRuntime {
  notifier: PaymentNotifier | undefined;

  constructor(private readonly store: SandboxStore, private readonly clock: Clock, private readonly timers: DurableTimers) {
    timers.on('payment-event', async (timer) => {
      const payment = store.payments.get(timer.subjectId);
      if (payment) await this.dispatch(payment, timer.payload as PaymentEvent);
    });
  }

  /** Applies an event to a stored payment through the state machine, and commits the result. */
  async dispatch(payment: PaymentRecord, event: PaymentEvent): Promise<PaymentRecord> {
    return this.commit(applyPaymentEvent(payment, event, this.clock.now()));
  }

  /** Records a transition; it is durable with the store's next commit (the merchant API commits before answering). */
  record({ payment, effects }: Transition): PaymentRecord {
    this.store.payments.put(payment);
    for (const effect of effects) {
      if (effect.type === 'schedule') this.timers.add(effect.at, 'payment-event', effect.paymentId, effect.event);
      else if (effect.type === 'notify') this.notifier?.enqueue(effect, payment);
    }
    return payment;
  }

  /** Records a transition and waits until it is on disk. */
  async commit(transition: Transition): Promise<PaymentRecord> {
    const payment = this.record(transition);
    await this.store.commit();
    return payment;
  }
}
