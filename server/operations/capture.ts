// capture (POST /v1/payments/capture): takes all or part of an authorization. Rules first (the state
// machine's admitCapture), then the decided outcome (decideCapture: the scenario engine), then one machine
// step that records the capture and carries its answer, notification and timers. The result names the
// scenario that chose it, for the x-sandbox-scenario response headers.
import type { CaptureRequest } from '../../schemas/capture.ts';
import { stoppedBy } from '../scenario/scenario-effect.ts';
import { captureAnswer } from '../payment/lifecycle-answers.ts';
import { admitCapture } from '../payment/lifecycle-rules.ts';
import { newTransactionId, randomDigits } from '../payment/ids.ts';
import { answerOf, applyPaymentEvent } from '../payment/payment-machine.ts';
import { isRefusal } from '../api/refusal.ts';
import { refusal, refusedWith, type Operation } from './context.ts';
import { ownCapture, ownPayment } from './lifecycle-lookup.ts';

export const capture: Operation<CaptureRequest> = async (request, ctx) => {
  const isLastCapture = request.isLastCapture === true || request.isLastCapture === 'true';

  // Antom's idempotency: a repeat of a captureRequestId with the same payment, amount and isLastCapture
  // answers the capture as it is now (a retry after U finds it settled); anything else is inconsistent.
  const repeat = ownCapture(ctx, { captureRequestId: request.captureRequestId });
  if (repeat) {
    const { payment, capture: c } = repeat;
    if (payment.paymentId !== request.paymentId || c.captureAmount.currency !== request.captureAmount.currency
      || c.captureAmount.value !== request.captureAmount.value || c.isLastCapture !== isLastCapture) {
      return refusal('REPEAT_REQ_INCONSISTENT', `captureRequestId ${request.captureRequestId} was used before with a different paymentId, captureAmount or isLastCapture`);
    }
    return { answer: captureAnswer(payment, c), scenario: c.scenario };
  }

  const payment = ownPayment(ctx, { paymentId: request.paymentId });
  if (!payment) return refusal('AUTH_NOT_FOUND', `no authorization with paymentId ${request.paymentId}`);
  const now = ctx.clock.now();
  const refused = admitCapture(payment, { captureAmount: request.captureAmount, isLastCapture }, now);
  if (refused) return refusedWith(refused);
  const outcome = ctx.decideCapture({
    clientId: ctx.clientId, payment, requestedScenario: ctx.requestedScenario, now, request, captureAmount: request.captureAmount, isLastCapture,
  });
  if (isRefusal(outcome)) return refusedWith(outcome);
  // A refusal or a call that never reached the gateway keeps nothing: no id is spent, nothing is notified.
  const stopped = stoppedBy(outcome);
  if (stopped) return stopped;
  const captureId = newTransactionId(now, (id) => ctx.store.captures.get(id) !== undefined);
  const transition = applyPaymentEvent(payment, {
    type: 'capture',
    capture: {
      captureId, captureRequestId: request.captureRequestId, captureAmount: request.captureAmount, isLastCapture,
      acquirerReferenceNo: randomDigits(23), outcome,
    },
  }, now);
  if ('refused' in transition) return refusedWith(transition);
  // The lookup row joins the same commit as the payment that holds the capture.
  ctx.store.captures.put({ id: captureId, requestId: request.captureRequestId, clientId: ctx.clientId, paymentId: payment.paymentId });
  ctx.payments.record(transition);
  return { answer: answerOf(transition), scenario: outcome.scenario, fault: outcome.fault };
};
