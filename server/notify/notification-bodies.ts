// What each kind of notification says. The body is built once, when the notification is queued, from the
// payment as it is then, and sent identically on every attempt.
import type { NotifyPaymentBody } from '../../schemas/notify-payment.ts';
import { formatTime } from '../clock/clock.ts';
import type { SandboxStore } from '../store/sandbox-store.ts';
import { captureResultBody, refundResultBody } from './lifecycle-bodies.ts';
import type { NotifyType, PaymentRecord } from '../payment/types.ts';
import type { BuiltNotification } from './types.ts';

export type NotificationBodyBuilder = (payment: PaymentRecord, subjectId: string | undefined, store: SandboxStore) => BuiltNotification;

export function paymentResultBody(payment: PaymentRecord): BuiltNotification {
  const body: NotifyPaymentBody = {
    notifyType: 'PAYMENT_RESULT',
    result: payment.result,
    paymentRequestId: payment.paymentRequestId,
    paymentId: payment.paymentId,
    paymentAmount: payment.paymentAmount,
    paymentCreateTime: formatTime(payment.createdAt),
  };
  if (payment.paidAt !== undefined) body.paymentTime = formatTime(payment.paidAt);
  if (payment.resultInfo) body.paymentResultInfo = payment.resultInfo;
  return { body, url: payment.notifyUrl };
}

export const NOTIFICATION_BODIES: Partial<Record<NotifyType, NotificationBodyBuilder>> = {
  PAYMENT_RESULT: paymentResultBody,
  CAPTURE_RESULT: captureResultBody,
  REFUND_RESULT: refundResultBody,
};
