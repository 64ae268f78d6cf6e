// A notification composed by hand (POST /_sandbox/notifications/compose): about a payment, or one of its
// captures or refunds, with the result the tester chooses, built by the same body builders as the ones
// the payment's own state sends. The payment itself does not change: only the notification says so.
// A request it cannot serve is answered as a value naming the field, for the route to refuse.
import type { ComposeNotificationBody } from '../../schemas/control/dashboard.ts';
import { isResultCode, resultOf, type ResultCode } from '../api/result-codes.ts';
import { LIFECYCLE_F_CODES } from '../scenario/lifecycle-codes.ts';
import { PAY_F_CODES } from '../scenario/pay-codes.ts';
import { captureResultBody, refundResultBody } from './lifecycle-bodies.ts';
import { paymentResultBody } from './notification-bodies.ts';
import type { NotifyType, PaymentRecord } from '../payment/types.ts';
import type { BuiltNotification } from './types.ts';

export interface ComposedNotification { notifyType: NotifyType; built: BuiltNotification }
export interface ComposeProblem { problem: string; field: string }
type Composed<T> = { ok: true; value: T } | ({ ok: false } & ComposeProblem);

const refuse = (field: string, problem: string): { ok: false } & ComposeProblem => ({ ok: false, field, problem });

/** The result code said: SUCCESS for S; for F the one given (default per type), checked against the type's codes. */
function codeOf(body: ComposeNotificationBody, failCodes: readonly ResultCode[], fallback: ResultCode): Composed<ResultCode> {
  if (body.result === 'S') {
    if (body.resultCode !== undefined && body.resultCode !== 'SUCCESS') return refuse('resultCode', 'resultCode is only for result F');
    return { ok: true, value: 'SUCCESS' };
  }
  const code = body.resultCode ?? fallback;
  if (!isResultCode(code) || !failCodes.includes(code)) return refuse('resultCode', `resultCode must be one of ${failCodes.join(', ')}`);
  return { ok: true, value: code };
}

/** The capture or refund named, else the payment's latest; a payment with none is refused by name. */
function subjectOf<T>(list: readonly T[] | undefined, idOf: (item: T) => string, given: string | undefined, what: 'capture' | 'refund', payment: PaymentRecord): Composed<T> {
  if (given !== undefined) {
    const found = list?.find((item) => idOf(item) === given);
    return found ? { ok: true, value: found } : refuse(`${what}Id`, `payment ${payment.paymentId} has no ${what} ${given}`);
  }
  const latest = list?.[list.length - 1];
  return latest ? { ok: true, value: latest } : refuse('notifyType', `payment ${payment.paymentId} has no ${what} to notify about`);
}

type Composer = (payment: PaymentRecord, body: ComposeNotificationBody, now: number) => Composed<BuiltNotification>;

/** A capture or refund as the composed notification says it ended. */
const ended = <T extends { settledAt?: number }>(item: T, code: ResultCode, now: number) => ({
  ...item, status: code === 'SUCCESS' ? 'SUCCESS' as const : 'FAIL' as const, result: resultOf(code), settledAt: item.settledAt ?? now,
});

const COMPOSERS: Record<NotifyType, Composer> = {
  PAYMENT_RESULT: (payment, body, now) => {
    const code = codeOf(body, PAY_F_CODES, 'DO_NOT_HONOR');
    if (!code.ok) return code;
    return { ok: true, value: paymentResultBody({ ...payment, result: resultOf(code.value), paidAt: code.value === 'SUCCESS' ? payment.paidAt ?? now : undefined }) };
  },
  CAPTURE_RESULT: (payment, body, now) => {
    const code = codeOf(body, LIFECYCLE_F_CODES.capture, 'PROCESS_FAIL');
    if (!code.ok) return code;
    const capture = subjectOf(payment.captures, (c) => c.captureId, body.captureId, 'capture', payment);
    if (!capture.ok) return capture;
    const said = ended(capture.value, code.value, now);
    return { ok: true, value: captureResultBody({ ...payment, captures: payment.captures!.map((c) => (c === capture.value ? said : c)) }, said.captureId) };
  },
  REFUND_RESULT: (payment, body, now) => {
    const code = codeOf(body, LIFECYCLE_F_CODES.refund, 'PROCESS_FAIL');
    if (!code.ok) return code;
    const refund = subjectOf(payment.refunds, (r) => r.refundId, body.refundId, 'refund', payment);
    if (!refund.ok) return refund;
    const said = ended(refund.value, code.value, now);
    return { ok: true, value: refundResultBody({ ...payment, refunds: payment.refunds!.map((r) => (r === refund.value ? said : r)) }, said.refundId) };
  },
};

/** Every type the sandbox sends, each composable. */
export const COMPOSABLE_TYPES = Object.keys(COMPOSERS) as NotifyType[];

export function composeNotification(payment: PaymentRecord, body: ComposeNotificationBody, now: number): Composed<ComposedNotification> {
  const notifyType = body.notifyType ?? 'PAYMENT_RESULT';
  if (notifyType !== 'CAPTURE_RESULT' && body.captureId !== undefined) return refuse('captureId', 'captureId is only for CAPTURE_RESULT');
  if (notifyType !== 'REFUND_RESULT' && body.refundId !== undefined) return refuse('refundId', 'refundId is only for REFUND_RESULT');
  const built = COMPOSERS[notifyType](payment, body, now);
  return built.ok ? { ok: true, value: { notifyType, built: built.value } } : built;
}
