// What an authorization becomes after pay: its captures and refunds, the windows that bound them, and the
// sums the rules are made of. Plain data and pure functions; the transitions are in lifecycle-machine.ts.
import { createHash } from 'node:crypto';
import type { Amount } from '../../schemas/common.ts';
import type { PaymentRecord } from './types.ts';

/** How long an authorization can be captured. Card authorizations are valid for 7 days from payment. */
export const AUTH_VALIDITY_MS = 7 * 24 * 60 * 60_000;
/** Antom (card payments): "a transaction can be canceled for up to seven days after it is paid". */
export const CANCEL_WINDOW_MS = 7 * 24 * 60 * 60_000;
/** Antom: partial and repeated refunds are allowed up to the captured total, within a year. */
export const REFUND_WINDOW_MS = 365 * 24 * 60 * 60_000;

export const pointerKey = (clientId: string, requestId: string) => `${clientId}\u0000${requestId}`;

/** Antom captures by itself after success unless the payment is an authorization with MANUAL capture. */
export function capturesAutomatically(payment: Pick<PaymentRecord, 'isAuthorization' | 'captureMode'>): boolean {
  return !payment.isAuthorization || payment.captureMode === 'AUTOMATIC';
}

const sum = (amounts: Amount[]) => amounts.reduce((total, a) => total + BigInt(a.value), 0n);

export interface Totals {
  authorized: bigint;
  captured: bigint;
  capturing: bigint;
  refunded: bigint;
  refunding: bigint;
}

/** The sums every rule is made of, in minor units. Failed captures and refunds count for nothing. */
export function totalsOf(payment: PaymentRecord): Totals {
  const captures = payment.captures ?? [];
  const refunds = payment.refunds ?? [];
  return {
    authorized: BigInt(payment.paymentAmount.value),
    captured: sum(captures.filter((c) => c.status === 'SUCCESS').map((c) => c.captureAmount)),
    capturing: sum(captures.filter((c) => c.status === 'PROCESSING').map((c) => c.captureAmount)),
    refunded: sum(refunds.filter((r) => r.status === 'SUCCESS').map((r) => r.refundAmount)),
    refunding: sum(refunds.filter((r) => r.status === 'PROCESSING').map((r) => r.refundAmount)),
  };
}

export const amountOf = (currency: string, minor: bigint): Amount => ({ currency, value: minor.toString() });

/** True once the authorization's time is up, whether or not its expiry timer has run yet. */
export function authExpired(payment: PaymentRecord, now: number): boolean {
  return payment.authClosed === 'expired' || (payment.authExpiresAt !== undefined && now >= payment.authExpiresAt);
}

/** The named states of the lifecycle table (docs/lifecycle.md, test/payment): a view of the record, never stored. */
export type LifecycleState =
  | 'PROCESSING' | 'FAILED' | 'CANCELLED'
  | 'AUTHORIZED' | 'AUTH_EXPIRED' | 'CAPTURE_PROCESSING' | 'PARTIALLY_CAPTURED' | 'CAPTURED'
  | 'REFUND_PROCESSING' | 'PARTIALLY_REFUNDED' | 'REFUNDED';

export function lifecycleStateOf(payment: PaymentRecord, now: number): LifecycleState {
  if (payment.status === 'PROCESSING') return 'PROCESSING';
  if (payment.status === 'FAIL') return 'FAILED';
  if (payment.status === 'CANCELLED') return 'CANCELLED';
  const t = totalsOf(payment);
  if (t.refunding > 0n) return 'REFUND_PROCESSING';
  if (t.refunded > 0n) return t.refunded === t.captured ? 'REFUNDED' : 'PARTIALLY_REFUNDED';
  if (t.capturing > 0n) return 'CAPTURE_PROCESSING';
  if (t.captured === 0n) return authExpired(payment, now) ? 'AUTH_EXPIRED' : 'AUTHORIZED';
  return payment.authClosed || authExpired(payment, now) ? 'CAPTURED' : 'PARTIALLY_CAPTURED';
}

/**
 * An id shaped like Antom's, derived from the payment (so the state machine stays a pure function) for the
 * transactions the sandbox makes by itself: an automatic capture, the release of an expired authorization.
 */
export function derivedTransactionId(paymentId: string, purpose: string, digits = 17): string {
  const hash = createHash('sha256').update(`${paymentId}:${purpose}`).digest();
  let out = '';
  for (let i = 0; out.length < digits; i++) out += String(hash[i % hash.length]! % 10);
  return digits === 17 ? `${paymentId.slice(0, 8)}1940108001${out}` : out;
}
