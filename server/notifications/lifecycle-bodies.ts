// notifyCapture and notifyRefund bodies, built from the capture or refund (subjectId) as the state
// machine step that queued them left it: final, SUCCESS or FAIL.
import type { NotifyCaptureBody } from '../../schemas/notify-capture.ts';
import type { NotifyRefundBody } from '../../schemas/notify-refund.ts';
import { formatTime } from '../core/clock.ts';
import type { PaymentRecord } from '../core/payment.ts';
import type { BuiltNotification } from './notification-bodies.ts';

/** notifyCapture (CAPTURE_RESULT) goes to the payment's paymentNotifyUrl. */
export function captureResultBody(payment: PaymentRecord, captureId: string | undefined): BuiltNotification {
  const c = payment.captures?.find((x) => x.captureId === captureId);
  if (!c) throw new Error(`payment ${payment.paymentId} has no capture ${captureId}`);
  const body: NotifyCaptureBody = {
    notifyType: 'CAPTURE_RESULT',
    result: c.result,
    captureRequestId: c.captureRequestId,
    paymentId: payment.paymentId,
    captureId: c.captureId,
    captureAmount: c.captureAmount,
  };
  if (c.status === 'SUCCESS') {
    body.captureTime = formatTime(c.settledAt ?? c.createdAt);
    body.acquirerReferenceNo = c.acquirerReferenceNo;
  }
  return { body, url: payment.notifyUrl };
}

/** notifyRefund (REFUND_RESULT) goes to the refund's refundNotifyUrl, else the payment's paymentNotifyUrl. */
export function refundResultBody(payment: PaymentRecord, refundId: string | undefined): BuiltNotification {
  const r = payment.refunds?.find((x) => x.refundId === refundId);
  if (!r) throw new Error(`payment ${payment.paymentId} has no refund ${refundId}`);
  const body: NotifyRefundBody = {
    notifyType: 'REFUND_RESULT',
    result: r.result,
    refundStatus: r.status === 'SUCCESS' ? 'SUCCESS' : 'FAIL',
    refundRequestId: r.refundRequestId,
    refundId: r.refundId,
    paymentId: payment.paymentId,
    refundAmount: r.refundAmount,
  };
  if (r.status === 'SUCCESS') body.refundTime = formatTime(r.settledAt ?? r.createdAt);
  if (r.refundReason !== undefined) body.refundReason = r.refundReason;
  return { body, url: r.refundNotifyUrl ?? payment.notifyUrl };
}
