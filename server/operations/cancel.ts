// cancel (POST /v1/payments/cancel): voids an authorization or closes a payment in process, by paymentId
// or paymentRequestId (paymentId wins, as for inquiryPayment). The rules are the state machine's.
import type { CancelRequest } from '../../schemas/cancel.ts';
import { newTransactionId } from '../payment/ids.ts';
import { answerOf, applyPaymentEvent } from '../payment/payment-machine.ts';
import { refusal, refusedWith, type Operation } from './context.ts';
import { ownPayment } from './lifecycle-lookup.ts';

export const cancel: Operation<CancelRequest> = async (request, ctx) => {
  const payment = ownPayment(ctx, request);
  if (!payment) {
    const key = request.paymentId !== undefined ? `paymentId ${request.paymentId}` : `paymentRequestId ${request.paymentRequestId}`;
    return refusal('ORDER_NOT_EXIST', `no payment with ${key}`);
  }
  const now = ctx.clock.now();
  const transition = applyPaymentEvent(payment, { type: 'cancel', cancelId: newTransactionId(now) }, now);
  if ('refused' in transition) return refusedWith(transition);
  // A repeat, or a cancel of a FAIL payment, changes nothing and needs no write.
  if (transition.payment !== payment) ctx.payments.record(transition);
  return { answer: answerOf(transition) };
};
