// The authorization's life after pay, as transitions of the payment state machine (payment-machine.ts):
// capture, cancel, refund, the later settlement of a capture or refund that was in process, and the
// authorization's expiry. Pure: ids, the decided outcome and the clock come in with the event; the new
// payment and its effects (the answer, notifications, timers) go out. A refused request throws the
// SandboxError Antom answers with, and changes nothing.
import type { Amount } from '../../schemas/common.ts';
import type { Transaction } from '../../schemas/inquiry-payment.ts';
import { formatTime } from './clock.ts';
import type { LifecycleOutcome, LifecycleSettlement } from './decide-lifecycle-outcome.ts';
import { captureAnswer, cancelAnswer, refundAnswer } from './lifecycle-answers.ts';
import {
  amountOf, AUTH_VALIDITY_MS, authExpired, CANCEL_WINDOW_MS, capturesAutomatically, derivedTransactionId,
  REFUND_WINDOW_MS, totalsOf, type CaptureRecord, type RefundRecord,
} from './lifecycle.ts';
import type { PaymentRecord } from './payment.ts';
import type { Effect, Transition } from './payment-machine.ts';
import { resultOf, SandboxError, type ResultCode } from './result-codes.ts';

export interface CaptureDraft { captureAmount: Amount; isLastCapture: boolean }
export interface NewCapture extends CaptureDraft {
  captureId: string;
  captureRequestId: string;
  acquirerReferenceNo: string;
  outcome: LifecycleOutcome;
}
export interface RefundDraft { refundAmount: Amount }
export interface NewRefund extends RefundDraft {
  refundId: string;
  refundRequestId: string;
  refundReason?: string;
  refundNotifyUrl?: string;
  outcome: LifecycleOutcome;
}

export type LifecycleEvent =
  | { type: 'capture'; capture: NewCapture }
  /** scheduled: fired by a timer, so a capture that is no longer in process is left alone. */
  | { type: 'settleCapture'; captureId: string; settlement: LifecycleSettlement; scheduled?: boolean }
  | { type: 'cancel'; cancelId: string }
  | { type: 'refund'; refund: NewRefund }
  | { type: 'settleRefund'; refundId: string; settlement: LifecycleSettlement; scheduled?: boolean }
  | { type: 'authExpire' };

const unchanged = (payment: PaymentRecord, effects: Effect[] = []): Transition => ({ payment, effects });
const answer = (body: object): Effect => ({ type: 'answer', body });

function currencyMustMatch(payment: PaymentRecord, amount: Amount, field: string) {
  if (amount.currency !== payment.paymentAmount.currency) {
    throw new SandboxError('PARAM_ILLEGAL', `${field}.currency must be ${payment.paymentAmount.currency}, the currency of payment ${payment.paymentId}`);
  }
}

/** Replaces the transaction with the same id and type, or appends it: inquiryPayment's transactions[]. */
function withTransaction(payment: PaymentRecord, transaction: Transaction): PaymentRecord {
  const index = payment.transactions.findIndex((t) => t.transactionId === transaction.transactionId && t.transactionType === transaction.transactionType);
  const transactions = [...payment.transactions];
  if (index < 0) transactions.push(transaction);
  else transactions[index] = transaction;
  return { ...payment, transactions };
}

function captureTransaction(c: CaptureRecord): Transaction {
  return {
    transactionType: 'CAPTURE', transactionStatus: c.status, transactionId: c.captureId, transactionRequestId: c.captureRequestId,
    transactionAmount: c.captureAmount, transactionTime: formatTime(c.settledAt ?? c.createdAt), transactionResult: c.result,
  };
}

function refundTransaction(r: RefundRecord): Transaction {
  return {
    transactionType: 'REFUND', transactionStatus: r.status, transactionId: r.refundId, transactionRequestId: r.refundRequestId,
    transactionAmount: r.refundAmount, transactionTime: formatTime(r.settledAt ?? r.createdAt), transactionResult: r.result,
  };
}

function putCapture(payment: PaymentRecord, capture: CaptureRecord): PaymentRecord {
  const captures = payment.captures?.some((c) => c.captureId === capture.captureId)
    ? payment.captures.map((c) => (c.captureId === capture.captureId ? capture : c))
    : [...(payment.captures ?? []), capture];
  const next = withTransaction({ ...payment, captures }, captureTransaction(capture));
  // The authorization closes once its whole amount is captured, or with a successful last capture;
  // whatever was not captured is then released.
  if (capture.status !== 'SUCCESS' || next.authClosed) return next;
  const t = totalsOf(next);
  if (t.captured >= t.authorized) return { ...next, authClosed: 'captured' };
  return capture.isLastCapture ? { ...next, authClosed: 'last-capture' } : next;
}

function putRefund(payment: PaymentRecord, refund: RefundRecord): PaymentRecord {
  const refunds = payment.refunds?.some((r) => r.refundId === refund.refundId)
    ? payment.refunds.map((r) => (r.refundId === refund.refundId ? refund : r))
    : [...(payment.refunds ?? []), refund];
  return withTransaction({ ...payment, refunds }, refundTransaction(refund));
}

/** The status and result a decided outcome gives a capture or refund now. */
function started(outcome: LifecycleOutcome, inProcess: ResultCode) {
  if (outcome.status === 'S') return { status: 'SUCCESS' as const, result: resultOf('SUCCESS') };
  if (outcome.status === 'F') return { status: 'FAIL' as const, result: resultOf(outcome.code, outcome.message) };
  return { status: 'PROCESSING' as const, result: resultOf(inProcess) };
}

function settled(settlement: LifecycleSettlement) {
  return settlement.status === 'S'
    ? { status: 'SUCCESS' as const, result: resultOf('SUCCESS') }
    : { status: 'FAIL' as const, result: resultOf(settlement.code, settlement.message) };
}

/**
 * Antom's capture rules, in the order a merchant would want them explained: which authorization, its
 * state, its expiry, then the amount. Throws the code Antom answers; returns when the capture may proceed.
 */
export function admitCapture(payment: PaymentRecord, draft: CaptureDraft, now: number): void {
  const id = payment.paymentId;
  if (payment.status === 'CANCELLED') throw new SandboxError('AUTH_CANCELLED', `the authorization ${id} was cancelled`);
  if (payment.status !== 'SUCCESS') {
    throw new SandboxError('ORDER_STATUS_INVALID', `payment ${id} is ${payment.status}; only a successful authorization can be captured`);
  }
  if (capturesAutomatically(payment)) {
    throw new SandboxError('ORDER_STATUS_INVALID', `payment ${id} was captured automatically (${payment.isAuthorization ? 'captureMode AUTOMATIC' : 'not an authorization'}); refund it instead`);
  }
  if (payment.authClosed === 'captured' || payment.authClosed === 'last-capture') {
    throw new SandboxError('ORDER_STATUS_INVALID', `the authorization ${id} is closed: ${payment.authClosed === 'captured' ? 'its whole amount is captured' : 'its last capture was made'}`);
  }
  if (authExpired(payment, now)) {
    throw new SandboxError('AUTH_EXPIRED', `the authorization ${id} expired at ${formatTime(payment.authExpiresAt!)}`);
  }
  if ((payment.captures ?? []).some((c) => c.status === 'PROCESSING' && c.isLastCapture)) {
    throw new SandboxError('ORDER_STATUS_INVALID', `a last capture of ${id} is in process; no capture can follow it`);
  }
  currencyMustMatch(payment, draft.captureAmount, 'captureAmount');
  const t = totalsOf(payment);
  const left = t.authorized - t.captured - t.capturing;
  if (BigInt(draft.captureAmount.value) > left) {
    throw new SandboxError('CAPTURE_AMOUNT_EXCEED_AUTH_LIMIT', `captureAmount ${draft.captureAmount.value} is more than the ${left} ${payment.paymentAmount.currency} left to capture of ${t.authorized}`);
  }
}

function capture(payment: PaymentRecord, c: NewCapture, now: number): Transition {
  admitCapture(payment, c, now);
  const record: CaptureRecord = {
    captureId: c.captureId, captureRequestId: c.captureRequestId, captureAmount: c.captureAmount, isLastCapture: c.isLastCapture,
    ...started(c.outcome, 'CAPTURE_IN_PROCESS'),
    acquirerReferenceNo: c.acquirerReferenceNo, createdAt: now, scenario: c.outcome.scenario,
  };
  if (record.status !== 'PROCESSING') record.settledAt = now;
  const next = putCapture(payment, record);
  const effects: Effect[] = [];
  if (record.status !== 'PROCESSING') {
    effects.push({ type: 'notify', notifyType: 'CAPTURE_RESULT', paymentId: payment.paymentId, subjectId: record.captureId });
  } else if (c.outcome.status === 'U' && c.outcome.settlement && c.outcome.settleAfterMs !== undefined) {
    effects.push({
      type: 'schedule', paymentId: payment.paymentId, at: now + c.outcome.settleAfterMs,
      event: { type: 'settleCapture', captureId: record.captureId, settlement: c.outcome.settlement, scheduled: true },
    });
  }
  effects.push(answer(captureAnswer(next, record)));
  return { payment: next, effects };
}

function settleCapture(payment: PaymentRecord, event: Extract<LifecycleEvent, { type: 'settleCapture' }>, now: number): Transition {
  const found = payment.captures?.find((c) => c.captureId === event.captureId);
  if (!found) throw new SandboxError('ORDER_NOT_EXIST', `payment ${payment.paymentId} has no capture ${event.captureId}`);
  if (found.status !== 'PROCESSING') {
    if (event.scheduled) return unchanged(payment);
    throw new SandboxError('ORDER_STATUS_INVALID', `capture ${found.captureId} is ${found.status}, not PROCESSING`);
  }
  const record: CaptureRecord = { ...found, ...settled(event.settlement), settledAt: now };
  const next = putCapture(payment, record);
  return { payment: next, effects: [{ type: 'notify', notifyType: 'CAPTURE_RESULT', paymentId: payment.paymentId, subjectId: record.captureId }] };
}

/**
 * Antom's cancel rules: a FAIL payment answers SUCCESS and stays FAIL; one in process is closed; an
 * authorization is voided within 7 days of payment, unless anything was refunded (PROCESS_FAIL) or
 * captured (ORDER_STATUS_INVALID: "a transaction whose payment is captured cannot be canceled").
 * A repeat of a successful cancel answers the same SUCCESS. Cancel sends no notification.
 */
function cancel(payment: PaymentRecord, cancelId: string, now: number): Transition {
  const id = payment.paymentId;
  if (payment.status === 'CANCELLED') return unchanged(payment, [answer(cancelAnswer(payment, payment.cancelledAt ?? now))]);
  if (payment.status === 'FAIL') return unchanged(payment, [answer(cancelAnswer(payment, now))]);
  if (payment.status === 'SUCCESS') {
    const refunds = (payment.refunds ?? []).filter((r) => r.status !== 'FAIL');
    if (refunds.length > 0) throw new SandboxError('PROCESS_FAIL', `payment ${id} has refunds, so it cannot be cancelled`);
    if ((payment.captures ?? []).some((c) => c.status !== 'FAIL')) {
      throw new SandboxError('ORDER_STATUS_INVALID', `payment ${id} is captured, so it cannot be cancelled; refund it instead`);
    }
    const paidAt = payment.paidAt ?? payment.createdAt;
    if (now >= paidAt + CANCEL_WINDOW_MS) {
      throw new SandboxError('CANCEL_WINDOW_EXCEED', `payment ${id} could be cancelled until ${formatTime(paidAt + CANCEL_WINDOW_MS)}`);
    }
  }
  const result = resultOf('ORDER_IS_CANCELED');
  let next: PaymentRecord = {
    ...payment,
    status: 'CANCELLED',
    result,
    cancelledAt: now,
    pendingStep: undefined,
    // A payment closed in process never completed: its own transaction ends CANCELLED as well.
    transactions: payment.status === 'PROCESSING'
      ? payment.transactions.map((t) => (t.transactionId === id && t.transactionStatus === 'PROCESSING' ? { ...t, transactionStatus: 'CANCELLED', transactionResult: result, transactionTime: formatTime(now) } : t))
      : payment.transactions,
  };
  next = withTransaction(next, {
    transactionType: 'CANCEL', transactionStatus: 'SUCCESS', transactionId: cancelId, transactionRequestId: payment.paymentRequestId,
    transactionAmount: payment.paymentAmount, transactionTime: formatTime(now), transactionResult: resultOf('SUCCESS'),
  });
  return unchanged(next, [answer(cancelAnswer(next, now))]);
}

/** Antom's refund rules: a paid, captured payment, within a year, up to what was captured and not refunded. */
export function admitRefund(payment: PaymentRecord, draft: RefundDraft, now: number): void {
  const id = payment.paymentId;
  if (payment.status === 'CANCELLED') throw new SandboxError('ORDER_IS_CANCELED', `payment ${id} was cancelled`);
  if (payment.status !== 'SUCCESS') throw new SandboxError('ORDER_STATUS_INVALID', `payment ${id} is ${payment.status}; only a successful payment can be refunded`);
  const paidAt = payment.paidAt ?? payment.createdAt;
  if (now >= paidAt + REFUND_WINDOW_MS) {
    throw new SandboxError('REFUND_WINDOW_EXCEED', `payment ${id} could be refunded until ${formatTime(paidAt + REFUND_WINDOW_MS)}`);
  }
  currencyMustMatch(payment, draft.refundAmount, 'refundAmount');
  const t = totalsOf(payment);
  if (t.captured === 0n) {
    throw new SandboxError('ORDER_STATUS_INVALID', `nothing of payment ${id} is captured yet${t.capturing > 0n ? ' (a capture is in process)' : '; cancel the authorization instead'}`);
  }
  const left = t.captured - t.refunded - t.refunding;
  if (BigInt(draft.refundAmount.value) > left) {
    throw new SandboxError('REFUND_AMOUNT_EXCEED', `refundAmount ${draft.refundAmount.value} is more than the ${left} ${payment.paymentAmount.currency} left to refund of ${t.captured} captured`);
  }
}

function refund(payment: PaymentRecord, r: NewRefund, now: number): Transition {
  admitRefund(payment, r, now);
  const record: RefundRecord = {
    refundId: r.refundId, refundRequestId: r.refundRequestId, refundAmount: r.refundAmount,
    refundReason: r.refundReason, refundNotifyUrl: r.refundNotifyUrl,
    ...started(r.outcome, 'REFUND_IN_PROCESS'),
    createdAt: now, scenario: r.outcome.scenario,
  };
  if (record.status !== 'PROCESSING') record.settledAt = now;
  const next = putRefund(payment, record);
  const effects: Effect[] = [];
  if (record.status !== 'PROCESSING') {
    effects.push({ type: 'notify', notifyType: 'REFUND_RESULT', paymentId: payment.paymentId, subjectId: record.refundId });
  } else if (r.outcome.status === 'U' && r.outcome.settlement && r.outcome.settleAfterMs !== undefined) {
    effects.push({
      type: 'schedule', paymentId: payment.paymentId, at: now + r.outcome.settleAfterMs,
      event: { type: 'settleRefund', refundId: record.refundId, settlement: r.outcome.settlement, scheduled: true },
    });
  }
  effects.push(answer(refundAnswer(next, record)));
  return { payment: next, effects };
}

function settleRefund(payment: PaymentRecord, event: Extract<LifecycleEvent, { type: 'settleRefund' }>, now: number): Transition {
  const found = payment.refunds?.find((r) => r.refundId === event.refundId);
  if (!found) throw new SandboxError('REFUND_NOT_EXIST', `payment ${payment.paymentId} has no refund ${event.refundId}`);
  if (found.status !== 'PROCESSING') {
    if (event.scheduled) return unchanged(payment);
    throw new SandboxError('ORDER_STATUS_INVALID', `refund ${found.refundId} is ${found.status}, not PROCESSING`);
  }
  const record: RefundRecord = { ...found, ...settled(event.settlement), settledAt: now };
  return { payment: putRefund(payment, record), effects: [{ type: 'notify', notifyType: 'REFUND_RESULT', paymentId: payment.paymentId, subjectId: record.refundId }] };
}

/**
 * The authorization's validity ran out: no more captures (AUTH_EXPIRED), and what was not captured is
 * released, shown as a VOID transaction. Captures already in process still settle. Antom sends no
 * notification for it. A timer that finds the authorization already closed changes nothing.
 */
function authExpire(payment: PaymentRecord, now: number): Transition {
  if (payment.status !== 'SUCCESS' || capturesAutomatically(payment) || payment.authClosed) return unchanged(payment);
  if (payment.authExpiresAt === undefined || now < payment.authExpiresAt) return unchanged(payment);
  const t = totalsOf(payment);
  const released = t.authorized - t.captured - t.capturing;
  let next: PaymentRecord = { ...payment, authClosed: 'expired' };
  if (released > 0n) {
    next = withTransaction(next, {
      transactionType: 'VOID', transactionStatus: 'SUCCESS', transactionId: derivedTransactionId(payment.paymentId, 'auth-expiry'),
      transactionRequestId: payment.paymentRequestId, transactionAmount: amountOf(payment.paymentAmount.currency, released),
      transactionTime: formatTime(now), transactionResult: resultOf('AUTH_EXPIRED', `The authorization expired; ${released} ${payment.paymentAmount.currency} not captured was released.`),
    });
  }
  return unchanged(next);
}

/**
 * What follows a payment's success. A MANUAL authorization gets its authExpiryTime (payment time + 7
 * days) and the timer that expires it. Otherwise (captureMode AUTOMATIC, or not an authorization) the
 * sandbox captures the whole amount at once and sends notifyCapture, as Antom does.
 */
export function onAuthorized({ payment, effects }: Transition, now: number): Transition {
  if (payment.status !== 'SUCCESS') return { payment, effects };
  if (!capturesAutomatically(payment)) {
    const authExpiresAt = now + AUTH_VALIDITY_MS;
    return {
      payment: { ...payment, authExpiresAt },
      effects: [...effects, { type: 'schedule', paymentId: payment.paymentId, at: authExpiresAt, event: { type: 'authExpire' } }],
    };
  }
  const record: CaptureRecord = {
    captureId: derivedTransactionId(payment.paymentId, 'automatic-capture'),
    // The merchant made no capture request; the capture answers to the payment's own request id.
    captureRequestId: payment.paymentRequestId,
    captureAmount: payment.paymentAmount,
    isLastCapture: true,
    automatic: true,
    status: 'SUCCESS',
    result: resultOf('SUCCESS'),
    acquirerReferenceNo: derivedTransactionId(payment.paymentId, 'automatic-capture-arn', 23),
    createdAt: now,
    settledAt: now,
    scenario: { name: 'automatic-capture', reason: payment.isAuthorization ? 'captureMode AUTOMATIC' : 'not an authorization: captured with the payment' },
  };
  return {
    payment: putCapture({ ...payment, authExpiresAt: payment.isAuthorization ? now + AUTH_VALIDITY_MS : undefined }, record),
    effects: [...effects, { type: 'notify', notifyType: 'CAPTURE_RESULT', paymentId: payment.paymentId, subjectId: record.captureId }],
  };
}

export function applyLifecycleEvent(payment: PaymentRecord, event: LifecycleEvent, now: number): Transition {
  switch (event.type) {
    case 'capture': return capture(payment, event.capture, now);
    case 'settleCapture': return settleCapture(payment, event, now);
    case 'cancel': return cancel(payment, event.cancelId, now);
    case 'refund': return refund(payment, event.refund, now);
    case 'settleRefund': return settleRefund(payment, event, now);
    case 'authExpire': return authExpire(payment, now);
  }
}
