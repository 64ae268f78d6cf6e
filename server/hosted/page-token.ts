// Finding what a page token opens: a payment's card page or 3DS challenge, or a vaulting's challenge. The
// token is the only key a page has; a token of the wrong shape is refused before any lookup.
import type { VaultingRecord } from '../vault/vaulting.ts';
import type { SandboxStore } from '../store/sandbox-store.ts';
import { isPageError, pageError, type PageError } from './page-error.ts';
import type { PaymentRecord } from '../payment/types.ts';

/** newOpaqueToken('pg_'): 24 random bytes in base64url. */
const PAGE_TOKEN = /^pg_[A-Za-z0-9_-]{32}$/;

export type PageSubject = { kind: 'payment'; payment: PaymentRecord } | { kind: 'vaulting'; vaulting: VaultingRecord };

export function findPageSubject(store: SandboxStore, token: string): PageSubject | PageError {
  if (PAGE_TOKEN.test(token)) {
    const payment = store.payments.find('pageToken', token);
    if (payment) return { kind: 'payment', payment };
    const vaulting = store.vaultings.find('pageToken', token);
    if (vaulting) return { kind: 'vaulting', vaulting };
  }
  return pageError('PAGE_NOT_FOUND', 'This payment page does not exist. Check the link, or start the payment again from the shop.');
}

export function findPagePayment(store: SandboxStore, token: string): PaymentRecord | PageError {
  const subject = findPageSubject(store, token);
  if (isPageError(subject)) return subject;
  if (subject.kind !== 'payment') return pageError('PAGE_NOT_FOUND', 'This page does not take a card payment.');
  return subject.payment;
}

/** An unpaid payment is closed at its expiry; between the instant and the timer, the page already treats it as closed. */
export function isPastExpiry(payment: PaymentRecord, now: number): boolean {
  return payment.status === 'PROCESSING' && payment.expiresAt !== undefined && now >= payment.expiresAt;
}

/** Refuses any change to a payment that is no longer waiting for `step`, with the reason a buyer can read. */
export function refuseUnlessPending(payment: PaymentRecord, step: 'hosted-page' | '3ds-challenge', now: number): PageError | undefined {
  if (payment.status === 'PROCESSING' && isPastExpiry(payment, now)) {
    return pageError('PAYMENT_EXPIRED', 'This payment has expired. Return to the shop to start again.');
  }
  if (payment.status !== 'PROCESSING') {
    if (payment.closed) return pageError('PAYMENT_EXPIRED', 'This payment has expired. Return to the shop to start again.');
    return pageError('PAYMENT_FINISHED', `This payment is already ${describeStatus(payment)}; it takes no new card details.`);
  }
  if (payment.pendingStep !== step) {
    return pageError('WRONG_STEP', step === 'hosted-page'
      ? 'The card for this payment has already been submitted.'
      : 'This payment is not waiting for a verification code.');
  }
  return undefined;
}

function describeStatus(payment: PaymentRecord): string {
  switch (payment.status) {
    case 'SUCCESS': return 'paid';
    case 'CANCELLED': return 'cancelled';
    default: return 'finished';
  }
}
