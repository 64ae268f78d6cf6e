// notifyCapture and notifyRefund bodies: the capture's or refund's answer (as the state machine step that
// queued them left it: final, SUCCESS or FAIL) with the notification's own fields.
import type { NotifyCaptureBody } from '../../schemas/notify-capture.ts';
import type { NotifyRefundBody } from '../../schemas/notify-refund.ts';
import { captureAnswer, refundAnswer } from '../payment/lifecycle-answers.ts';
import type { PaymentRecord } from '../payment/types.ts';
import type { BuiltNotification } from './types.ts';

/** notifyCapture (CAPTURE_RESULT) says what the capture's answer says; it goes to the paymentNotifyUrl. */
export function captureResultBody(payment: PaymentRecord, captureId: string | undefined): BuiltNotification {
  const c = payment.captures?.find((x) => x.captureId === captureId);
  if (!c) throw new Error(`payment ${payment.paymentId} has no capture ${captureId}`);
  const body: NotifyCaptureBody = { notifyType: 'CAPTURE_RESULT', ...captureAnswer(payment, c) };
  return { body, url: payment.notifyUrl };
}

/** notifyRefund (REFUND_RESULT) goes to the refund's refundNotifyUrl, else the payment's paymentNotifyUrl. */
export function refundResultBody(payment: PaymentRecord, refundId: string | undefined): BuiltNotification {
  const r = payment.refunds?.find((x) => x.refundId === refundId);
  if (!r) throw new Error(`payment ${payment.paymentId} has no refund ${refundId}`);
  const body: NotifyRefundBody = {
    notifyType: 'REFUND_RESULT',
    refundStatus: r.status === 'SUCCESS' ? 'SUCCESS' : 'FAIL',
    ...refundAnswer(payment, r),
  };
  if (r.refundReason !== undefined) body.refundReason = r.refundReason;
  return { body, url: r.refundNotifyUrl ?? payment.notifyUrl };
}
