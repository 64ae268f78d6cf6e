// Antom's rules for capture, refund and voiding, as pure checks on the payment and the clock. Each returns
// the refusal Antom answers with, or undefined when the request may proceed. The state machine
// (lifecycle-machine.ts) applies them on every step; the operations call them before asking the decision,
// so that a refused request never reaches a scenario.
import type { Amount } from '../../schemas/common.ts';
import { formatTime } from '../clock/clock.ts';
import { checkAmount } from './currency.ts';
import { authExpired, CANCEL_WINDOW_MS, capturesAutomatically, REFUND_WINDOW_MS, totalsOf } from './lifecycle.ts';
import { refuse, type Refusal } from '../api/refusal.ts';
import type { CaptureDraft, PaymentRecord, RefundDraft } from './types.ts';

/** The payment's own currency, under the same amount rules as pay (IDR in whole rupiah). */
function currencyMustMatch(payment: PaymentRecord, amount: Amount, field: string): Refusal | undefined {
  if (amount.currency !== payment.paymentAmount.currency) {
    return refuse('PARAM_ILLEGAL', `${field}.currency must be ${payment.paymentAmount.currency}, the currency of payment ${payment.paymentId}`);
  }
  return checkAmount(amount, field);
}

/**
 * Antom's capture rules, in the order a merchant would want them explained: which authorization, its
 * state, its expiry, then the amount. Returns the refusal Antom answers, or undefined when the capture may proceed.
 */
export function admitCapture(payment: PaymentRecord, draft: CaptureDraft, now: number): Refusal | undefined {
  const id = payment.paymentId;
  if (payment.status === 'CANCELLED') return refuse('AUTH_CANCELLED', `the authorization ${id} was cancelled`);
  if (payment.status !== 'SUCCESS') {
    return refuse('ORDER_STATUS_INVALID', `payment ${id} is ${payment.status}; only a successful authorization can be captured`);
  }
  if (capturesAutomatically(payment)) {
    return refuse('ORDER_STATUS_INVALID', `payment ${id} was captured automatically (${payment.isAuthorization ? 'captureMode AUTOMATIC' : 'not an authorization'}); refund it instead`);
  }
  if (payment.authClosed === 'captured' || payment.authClosed === 'last-capture') {
    return refuse('ORDER_STATUS_INVALID', `the authorization ${id} is closed: ${payment.authClosed === 'captured' ? 'its whole amount is captured' : 'its last capture was made'}`);
  }
  if (authExpired(payment, now)) {
    return refuse('AUTH_EXPIRED', `the authorization ${id} expired at ${formatTime(payment.authExpiresAt!)}`);
  }
  if ((payment.captures ?? []).some((c) => c.status === 'PROCESSING' && c.isLastCapture)) {
    return refuse('ORDER_STATUS_INVALID', `a last capture of ${id} is in process; no capture can follow it`);
  }
  const currency = currencyMustMatch(payment, draft.captureAmount, 'captureAmount');
  if (currency) return currency;
  const t = totalsOf(payment);
  const left = t.authorized - t.captured - t.capturing;
  if (BigInt(draft.captureAmount.value) > left) {
    return refuse('CAPTURE_AMOUNT_EXCEED_AUTH_LIMIT', `captureAmount ${draft.captureAmount.value} is more than the ${left} ${payment.paymentAmount.currency} left to capture of ${t.authorized}`);
  }
  return undefined;
}

/** Antom's refund rules: a paid, captured payment, within a year, up to what was captured and not refunded. */
export function admitRefund(payment: PaymentRecord, draft: RefundDraft, now: number): Refusal | undefined {
  const id = payment.paymentId;
  if (payment.status === 'CANCELLED') return refuse('ORDER_IS_CANCELED', `payment ${id} was cancelled`);
  if (payment.status !== 'SUCCESS') return refuse('ORDER_STATUS_INVALID', `payment ${id} is ${payment.status}; only a successful payment can be refunded`);
  const paidAt = payment.paidAt ?? payment.createdAt;
  if (now >= paidAt + REFUND_WINDOW_MS) {
    return refuse('REFUND_WINDOW_EXCEED', `payment ${id} could be refunded until ${formatTime(paidAt + REFUND_WINDOW_MS)}`);
  }
  const currency = currencyMustMatch(payment, draft.refundAmount, 'refundAmount');
  if (currency) return currency;
  const t = totalsOf(payment);
  if (t.captured === 0n) {
    const why = t.capturing > 0n ? 'a capture is in process' : authExpired(payment, now) ? 'the authorization expired uncaptured' : 'cancel the authorization instead';
    return refuse('ORDER_STATUS_INVALID', `nothing of payment ${id} is captured, so nothing can be refunded (${why})`);
  }
  const left = t.captured - t.refunded - t.refunding;
  if (BigInt(draft.refundAmount.value) > left) {
    return refuse('REFUND_AMOUNT_EXCEED', `refundAmount ${draft.refundAmount.value} is more than the ${left} ${payment.paymentAmount.currency} left to refund of ${t.captured} captured`);
  }
  return undefined;
}

/**
 * Antom's rules for voiding a successful authorization: within 7 days of payment, and only while nothing
 * was refunded (PROCESS_FAIL) or captured (ORDER_STATUS_INVALID: "a transaction whose payment is captured
 * cannot be canceled"); captures and refunds still in process count.
 */
export function admitVoid(payment: PaymentRecord, now: number): Refusal | undefined {
  const id = payment.paymentId;
  if ((payment.refunds ?? []).some((r) => r.status !== 'FAIL')) return refuse('PROCESS_FAIL', `payment ${id} has refunds, so it cannot be cancelled`);
  if ((payment.captures ?? []).some((c) => c.status !== 'FAIL')) {
    return refuse('ORDER_STATUS_INVALID', `payment ${id} is captured, so it cannot be cancelled; refund it instead`);
  }
  const paidAt = payment.paidAt ?? payment.createdAt;
  if (now >= paidAt + CANCEL_WINDOW_MS) {
    return refuse('CANCEL_WINDOW_EXCEED', `payment ${id} could be cancelled until ${formatTime(paidAt + CANCEL_WINDOW_MS)}`);
  }
  return undefined;
}
