// /_sandbox/payments/:paymentId/{captures,refunds}/:id/settle: settles by hand a capture or refund that is
// in process (CAPTURE_IN_PROCESS / REFUND_IN_PROCESS), through the same state machine step a timer takes,
// so its notification goes out as it would from Antom.
//   body: { "status": "S" } or { "status": "F", "resultCode": "PROCESS_FAIL", "resultMessage": "..." }
import { Router } from 'express';
import { captureAnswer, refundAnswer } from '../payment/lifecycle-answers.ts';
import { isResultCode, resultOf, SandboxError } from '../api/result-codes.ts';
import type { LifecycleOperation } from '../../schemas/scenario-file.ts';
import type { SandboxCore } from '../sandbox-core.ts';
import { isRefusal } from '../api/refusal.ts';
import { sendRefused } from './control-plane.ts';
import type { LifecycleSettlement } from '../payment/types.ts';
import { CONTROL_SCHEMAS, readBody } from './control-schemas.ts';

/** The schema holds the F codes a capture or refund can end in (the scenario engine's list), not any code of the catalogue. */
function readCaptureOrRefundSettlement(body: unknown, operation: LifecycleOperation): LifecycleSettlement {
  const { status, resultCode, resultMessage } = readBody(operation === 'capture' ? CONTROL_SCHEMAS.SettleCaptureBody : CONTROL_SCHEMAS.SettleRefundBody, body);
  if (status === 'S') return { status: 'S' };
  const code = resultCode ?? 'PROCESS_FAIL';
  if (!isResultCode(code)) throw new SandboxError('PARAM_ILLEGAL', `resultCode ${code} is not a result code`);
  return { status: 'F', code, message: resultMessage };
}

export function lifecycleRoutes(core: SandboxCore): Router {
  const router = Router();
  const paymentOf = (paymentId: string) => {
    const payment = core.store.payments.get(paymentId);
    if (!payment) throw new SandboxError('ORDER_NOT_EXIST', `no payment ${paymentId}`);
    return payment;
  };

  router.post('/payments/:paymentId/captures/:captureId/settle', async (req, res) => {
    const { paymentId, captureId } = req.params;
    const settlement = readCaptureOrRefundSettlement(req.body, 'capture');
    const payment = await core.payments.dispatch(paymentOf(paymentId), { type: 'settleCapture', captureId, settlement });
    if (isRefusal(payment)) sendRefused(res, payment.refused);
    else res.json({ result: resultOf('SUCCESS'), capture: captureAnswer(payment, payment.captures!.find((c) => c.captureId === captureId)!) });
  });

  router.post('/payments/:paymentId/refunds/:refundId/settle', async (req, res) => {
    const { paymentId, refundId } = req.params;
    const payment = await core.payments.dispatch(paymentOf(paymentId), { type: 'settleRefund', refundId, settlement: readCaptureOrRefundSettlement(req.body, 'refund') });
    if (isRefusal(payment)) sendRefused(res, payment.refused);
    else res.json({ result: resultOf('SUCCESS'), refund: refundAnswer(payment, payment.refunds!.find((r) => r.refundId === refundId)!) });
  });

  return router;
}
