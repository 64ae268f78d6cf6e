// A notification composed by hand (POST /_sandbox/notifications/compose): about a payment, or one of its
// captures or refunds, with the result the tester chooses, built by the same body builders as the ones
// the payment's own state sends. The payment itself does not change: only the notification says so.
import type { ComposeNotificationBody } from '../../schemas/control/dashboard.ts';
import { isResultCode, resultOf, SandboxError, type ResultCode } from '../api/result-codes.ts';
import { LIFECYCLE_F_CODES } from '../scenario/lifecycle-codes.ts';
import { PAY_F_CODES } from '../scenario/pay-codes.ts';
import { captureResultBody, refundResultBody } from './lifecycle-bodies.ts';
import { paymentResultBody } from './notification-bodies.ts';
import type { NotifyType, PaymentRecord } from '../payment/types.ts';
import type { BuiltNotification } from './types.ts';

export interface ComposedNotification { notifyType: NotifyType; built: BuiltNotification }

/** The result code said: SUCCESS for S; for F the one given (default per type), checked against the type's codes. */
function codeOf(body: ComposeNotificationBody, failCodes: readonly ResultCode[], fallback: ResultCode): ResultCode {
  if (body.result === 'S') {
    if (body.resultCode !== undefined && body.resultCode !== 'SUCCESS') throw new SandboxError('PARAM_ILLEGAL', 'body: resultCode is only for result F');
    return 'SUCCESS';
  }
  const code = body.resultCode ?? fallback;
  if (!isResultCode(code) || !failCodes.includes(code)) throw new SandboxError('PARAM_ILLEGAL', `body: resultCode must be one of ${failCodes.join(', ')}`);
  return code;
}

/** The capture or refund named, else the payment's latest; a payment with none is refused by name. */
function subjectOf<T>(list: readonly T[] | undefined, idOf: (item: T) => string, given: string | undefined, what: string, payment: PaymentRecord): T {
  if (given !== undefined) {
    const found = list?.find((item) => idOf(item) === given);
    if (!found) throw new SandboxError('PARAM_ILLEGAL', `body: ${what}Id: payment ${payment.paymentId} has no ${what} ${given}`);
    return found;
  }
  const latest = list?.[list.length - 1];
  if (!latest) throw new SandboxError('PARAM_ILLEGAL', `body: payment ${payment.paymentId} has no ${what} to notify about`);
  return latest;
}

type Composer = (payment: PaymentRecord, body: ComposeNotificationBody, now: number) => BuiltNotification;

const COMPOSERS: Record<NotifyType, Composer> = {
  PAYMENT_RESULT: (payment, body, now) => {
    const code = codeOf(body, PAY_F_CODES, 'DO_NOT_HONOR');
    return paymentResultBody({ ...payment, result: resultOf(code), paidAt: code === 'SUCCESS' ? payment.paidAt ?? now : undefined });
  },
  CAPTURE_RESULT: (payment, body, now) => {
    const code = codeOf(body, LIFECYCLE_F_CODES.capture, 'PROCESS_FAIL');
    const capture = subjectOf(payment.captures, (c) => c.captureId, body.captureId, 'capture', payment);
    const said = { ...capture, status: code === 'SUCCESS' ? 'SUCCESS' as const : 'FAIL' as const, result: resultOf(code), settledAt: capture.settledAt ?? now };
    return captureResultBody({ ...payment, captures: payment.captures!.map((c) => (c === capture ? said : c)) }, capture.captureId);
  },
  REFUND_RESULT: (payment, body, now) => {
    const code = codeOf(body, LIFECYCLE_F_CODES.refund, 'PROCESS_FAIL');
    const refund = subjectOf(payment.refunds, (r) => r.refundId, body.refundId, 'refund', payment);
    const said = { ...refund, status: code === 'SUCCESS' ? 'SUCCESS' as const : 'FAIL' as const, result: resultOf(code), settledAt: refund.settledAt ?? now };
    return refundResultBody({ ...payment, refunds: payment.refunds!.map((r) => (r === refund ? said : r)) }, refund.refundId);
  },
};

/** Every type the sandbox sends, each composable. */
export const COMPOSABLE_TYPES = Object.keys(COMPOSERS) as NotifyType[];

export function composeNotification(payment: PaymentRecord, body: ComposeNotificationBody, now: number): ComposedNotification {
  const notifyType = body.notifyType ?? 'PAYMENT_RESULT';
  if (notifyType !== 'CAPTURE_RESULT' && body.captureId !== undefined) throw new SandboxError('PARAM_ILLEGAL', 'body: captureId is only for CAPTURE_RESULT');
  if (notifyType !== 'REFUND_RESULT' && body.refundId !== undefined) throw new SandboxError('PARAM_ILLEGAL', 'body: refundId is only for REFUND_RESULT');
  return { notifyType, built: COMPOSERS[notifyType](payment, body, now) };
}
