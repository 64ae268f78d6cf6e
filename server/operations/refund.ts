// refund (POST /v1/payments/refund): gives back all or part of what was captured. Rules first (the state
// machine's admitRefund), then the decided outcome (decideRefund: the scenario engine), then one machine
// step. The result names the scenario that chose it, as capture's does.
import type { RefundRequest } from '../../schemas/refund.ts';
import { stoppedBy } from '../scenario/scenario-effect.ts';
import { refundAnswer } from '../payment/lifecycle-answers.ts';
import { admitRefund } from '../payment/lifecycle-rules.ts';
import { newTransactionId } from '../payment/ids.ts';
import { answerOf, applyPaymentEvent } from '../payment/payment-machine.ts';
import { isRefusal } from '../api/refusal.ts';
import { refusal, refusedWith, type Operation } from './context.ts';
import { ownPayment, ownRefund } from './lifecycle-lookup.ts';

export const refund: Operation<RefundRequest> = async (request, ctx) => {

  // Antom's idempotency on refundRequestId: the same payment and amount answer the refund as it is now;
  // anything else is inconsistent. refundReason and refundNotifyUrl are not key fields.
  const repeat = ownRefund(ctx, { refundRequestId: request.refundRequestId });
  if (repeat) {
    const { payment, refund: r } = repeat;
    if (payment.paymentId !== request.paymentId || r.refundAmount.currency !== request.refundAmount.currency || r.refundAmount.value !== request.refundAmount.value) {
      return refusal('REPEAT_REQ_INCONSISTENT', `refundRequestId ${request.refundRequestId} was used before with a different paymentId or refundAmount`);
    }
    return { answer: refundAnswer(payment, r), scenario: r.scenario };
  }

  const payment = ownPayment(ctx, { paymentId: request.paymentId });
  if (!payment) return refusal('ORDER_NOT_EXIST', `no payment with paymentId ${request.paymentId}`);
  const now = ctx.clock.now();
  const refused = admitRefund(payment, { refundAmount: request.refundAmount }, now);
  if (refused) return refusedWith(refused);
  const outcome = ctx.decideRefund({ clientId: ctx.clientId, payment, requestedScenario: ctx.requestedScenario, now, request, refundAmount: request.refundAmount });
  if (isRefusal(outcome)) return refusedWith(outcome);
  // A refusal or a call that never reached the gateway keeps nothing: no id is spent, nothing is notified.
  const stopped = stoppedBy(outcome);
  if (stopped) return stopped;
  const refundId = newTransactionId(now, (id) => ctx.store.refunds.get(id) !== undefined);
  const transition = applyPaymentEvent(payment, {
    type: 'refund',
    refund: {
      refundId, refundRequestId: request.refundRequestId, refundAmount: request.refundAmount,
      refundReason: request.refundReason, refundNotifyUrl: request.refundNotifyUrl, outcome,
    },
  }, now);
  if ('refused' in transition) return refusedWith(transition);
  ctx.store.refunds.put({ id: refundId, requestId: request.refundRequestId, clientId: ctx.clientId, paymentId: payment.paymentId });
  ctx.payments.record(transition);
  return { answer: answerOf(transition), scenario: outcome.scenario, fault: outcome.fault };
};
