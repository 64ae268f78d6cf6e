// /_sandbox/payments/:paymentId/{captures,refunds}/:id/settle: settles by hand a capture or refund that is
// in process (CAPTURE_IN_PROCESS / REFUND_IN_PROCESS), through the same state machine step a timer takes,
// so its notification goes out as it would from Antom.
//   body: { "status": "S" } or { "status": "F", "resultCode": "PROCESS_FAIL", "resultMessage": "..." }
import { Router } from 'express';
import { captureAnswer, refundAnswer } from '../payment/lifecycle-answers.ts';
import { isResultCode, resultOf } from '../api/result-codes.ts';
import type { LifecycleOperation } from '../../schemas/scenario-file.ts';
import type { SandboxCore } from '../sandbox-core.ts';
import type { LifecycleSettlement, PaymentRecord } from '../payment/types.ts';
import { controlError, sendControlError, type Checked } from './control-errors.ts';
import { CONTROL_SCHEMAS } from './control-schemas.ts';
import { bodyCheck } from './control-validate.ts';

const CHECKS = { capture: bodyCheck(CONTROL_SCHEMAS.SettleCaptureBody), refund: bodyCheck(CONTROL_SCHEMAS.SettleRefundBody) };

/** The schema holds the F codes a capture or refund can end in (the scenario engine's list), not any code of the catalogue. */
function readCaptureOrRefundSettlement(body: unknown, operation: LifecycleOperation): Checked<LifecycleSettlement> {
  const checked = CHECKS[operation](body);
  if (!checked.ok) return checked;
  const { status, resultCode, resultMessage } = checked.value;
  if (status === 'S') return { ok: true, value: { status: 'S' } };
  const code = resultCode ?? 'PROCESS_FAIL';
  if (!isResultCode(code)) return { ok: false, error: controlError('INVALID_BODY', { problem: `resultCode ${code} is not a result code` }, 'resultCode') };
  return { ok: true, value: { status: 'F', code, message: resultMessage } };
}

/** The payment, and in it the capture or refund to settle; a refusal naming what is missing otherwise. */
function legOf(payment: PaymentRecord | undefined, paymentId: string, leg: LifecycleOperation, id: string): Checked<PaymentRecord> {
  if (!payment) return { ok: false, error: controlError('PAYMENT_NOT_FOUND', { paymentId }, 'paymentId') };
  if (leg === 'capture' && !payment.captures?.some((c) => c.captureId === id)) {
    return { ok: false, error: controlError('CAPTURE_NOT_FOUND', { paymentId, captureId: id }, 'captureId') };
  }
  if (leg === 'refund' && !payment.refunds?.some((r) => r.refundId === id)) {
    return { ok: false, error: controlError('REFUND_NOT_FOUND', { paymentId, refundId: id }, 'refundId') };
  }
  return { ok: true, value: payment };
}

export function lifecycleRoutes(core: SandboxCore): Router {
  const router = Router();

  router.post('/payments/:paymentId/captures/:captureId/settle', async (req, res) => {
    const { paymentId, captureId } = req.params;
    const found = legOf(core.store.payments.get(paymentId), paymentId, 'capture', captureId);
    if (!found.ok) return sendControlError(res, found.error);
    const settlement = readCaptureOrRefundSettlement(req.body, 'capture');
    if (!settlement.ok) return sendControlError(res, settlement.error);
    const payment = await core.payments.dispatch(found.value, { type: 'settleCapture', captureId, settlement: settlement.value });
    res.json({ result: resultOf('SUCCESS'), capture: captureAnswer(payment, payment.captures!.find((c) => c.captureId === captureId)!) });
  });

  router.post('/payments/:paymentId/refunds/:refundId/settle', async (req, res) => {
    const { paymentId, refundId } = req.params;
    const found = legOf(core.store.payments.get(paymentId), paymentId, 'refund', refundId);
    if (!found.ok) return sendControlError(res, found.error);
    const settlement = readCaptureOrRefundSettlement(req.body, 'refund');
    if (!settlement.ok) return sendControlError(res, settlement.error);
    const payment = await core.payments.dispatch(found.value, { type: 'settleRefund', refundId, settlement: settlement.value });
    res.json({ result: resultOf('SUCCESS'), refund: refundAnswer(payment, payment.refunds!.find((r) => r.refundId === refundId)!) });
  });

  return router;
}
