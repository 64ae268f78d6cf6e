// The payment's life as one explicit state machine: a pure function of (payment, event, now) to
// (new payment, effects). Operations never edit a payment's state themselves; they ask the machine.
import { resultOf, SandboxError } from '../api/result-codes.ts';
import { formatTime } from '../clock/clock.ts';
import { enterCard } from './card-entered.ts';
import { applyLifecycleEvent, onAuthorized } from './lifecycle-machine.ts';
import { walletStep } from './wallet-step.ts';
import type { PaymentEvent, PaymentRecord, Settlement, Transition } from './types.ts';

const unchanged = (payment: PaymentRecord): Transition => ({ payment, effects: [] });

function settle(payment: PaymentRecord, settlement: Settlement, now: number): Transition {
  // A wallet payment has no card to report: no paymentResultInfo rather than an empty one.
  const resultInfo = payment.resultInfo || settlement.resultInfo ? { ...payment.resultInfo, ...settlement.resultInfo } : undefined;
  const result = settlement.status === 'S' ? resultOf('SUCCESS') : resultOf(settlement.code, settlement.message);
  const next: PaymentRecord = {
    ...payment,
    status: settlement.status === 'S' ? 'SUCCESS' : 'FAIL',
    result,
    resultInfo,
    pendingStep: undefined,
    paidAt: settlement.status === 'S' ? now : payment.paidAt,
    transactions: payment.transactions.map((t) =>
      t.transactionType === 'PAYMENT' || t.transactionType === 'AUTHORIZATION'
        ? { ...t, transactionStatus: settlement.status === 'S' ? 'SUCCESS' : 'FAIL', transactionResult: result, transactionTime: formatTime(now) }
        : t),
  };
  // On success: the authorization's expiry timer, or the automatic capture (lifecycle-machine.ts).
  return onAuthorized({ payment: next, effects: [{ type: 'notify', notifyType: 'PAYMENT_RESULT', paymentId: payment.paymentId }] }, now);
}

export function applyPaymentEvent(payment: PaymentRecord, event: PaymentEvent, now: number): Transition {
  switch (event.type) {
    case 'settle':
      if (payment.status !== 'PROCESSING') {
        // A cancelled or closed payment ignores the issuer's late answer, as Antom keeps it CANCELLED.
        if (event.scheduled) return unchanged(payment);
        throw new SandboxError('ORDER_STATUS_INVALID', `payment ${payment.paymentId} is ${payment.status}, not PROCESSING`);
      }
      return settle(payment, event.settlement, now);
    case 'card-entered': {
      const entered = enterCard(payment, event.entry, now);
      return entered.settlement ? settle(entered.payment, entered.settlement, now) : { payment: entered.payment, effects: entered.effects };
    }
    case 'wallet': {
      const stepped = walletStep(payment, event, now);
      return stepped.settlement ? settle(stepped.payment, stepped.settlement, now) : { payment: stepped.payment, effects: stepped.effects };
    }
    case 'expire': {
      // Antom closes an unpaid payment 14 minutes after pay (or at paymentExpiryTime): it becomes FAIL.
      // A timer that fires after the payment already finished changes nothing.
      if (payment.status !== 'PROCESSING') return unchanged(payment);
      const closed = settle(payment, { status: 'F', code: 'ORDER_IS_CLOSED', message: 'The payment expired before it was completed.' }, now);
      return { ...closed, payment: { ...closed.payment, closed: true } };
    }
    default:
      return applyLifecycleEvent(payment, event, now);
  }
}

/** The answer an operation's transition carries. */
export function answerOf(transition: Transition): object {
  const effect = transition.effects.find((e) => e.type === 'answer');
  if (!effect) throw new Error('the transition carries no answer');
  return effect.body;
}
