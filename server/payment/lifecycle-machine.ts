// The authorization's life after pay, as transitions of the payment state machine (payment-machine.ts):
// capture, cancel, refund, the later settlement of a capture or refund that was in process, and the
// authorization's expiry. Pure: ids, the decided outcome and the clock come in with the event; the new
// payment and its effects (the answer, notifications, timers) go out. A refused request throws the
// SandboxError Antom answers with, and changes nothing.
import { formatTime } from '../clock/clock.ts';
import { captureAnswer, cancelAnswer, refundAnswer } from './lifecycle-answers.ts';
import { putCapture, putRefund, settled, started, withTransaction } from './lifecycle-records.ts';
import { admitCapture, admitRefund, admitVoid } from './lifecycle-rules.ts';
import { amountOf, AUTH_VALIDITY_MS, capturesAutomatically, derivedTransactionId, totalsOf } from './lifecycle.ts';
import { resultOf, SandboxError } from '../api/result-codes.ts';
import type {
  CaptureRecord, Effect, LifecycleEvent, LifecycleSettlement, NewCapture, NewRefund, PaymentEvent, PaymentRecord, RefundRecord, Transition,
} from './types.ts';

const unchanged = (payment: PaymentRecord, effects: Effect[] = []): Transition => ({ payment, effects });
const answer = (body: object): Effect => ({ type: 'answer', body });

/** A capture and a refund go the same way; what differs is named here. */
const LEGS = {
  capture: { notifyType: 'CAPTURE_RESULT', settle: 'settleCapture', missing: 'ORDER_NOT_EXIST' },
  refund: { notifyType: 'REFUND_RESULT', settle: 'settleRefund', missing: 'REFUND_NOT_EXIST' },
} as const;
type Leg = keyof typeof LEGS;

const notifyOf = (payment: PaymentRecord, leg: Leg, id: string): Effect => ({ type: 'notify', notifyType: LEGS[leg].notifyType, paymentId: payment.paymentId, subjectId: id });

/** What a new capture or refund sets off: its notification once final, or its settlement on the clock. */
function followUp(payment: PaymentRecord, leg: Leg, id: string, record: { status: string }, outcome: NewCapture['outcome'], now: number): Effect[] {
  if (record.status !== 'PROCESSING') return [notifyOf(payment, leg, id)];
  if (outcome.status !== 'U' || !outcome.settlement || outcome.settleAfterMs === undefined) return [];
  const event: PaymentEvent = leg === 'capture'
    ? { type: 'settleCapture', captureId: id, settlement: outcome.settlement, scheduled: true }
    : { type: 'settleRefund', refundId: id, settlement: outcome.settlement, scheduled: true };
  return [{ type: 'schedule', paymentId: payment.paymentId, at: now + outcome.settleAfterMs, event }];
}

/** The later answer for a capture or refund in process; a timer's that finds it settled changes nothing. */
function settleLeg<R extends CaptureRecord | RefundRecord>(
  payment: PaymentRecord, leg: Leg, found: R | undefined, id: string, event: { settlement: LifecycleSettlement; scheduled?: boolean }, now: number,
  put: (payment: PaymentRecord, record: R) => PaymentRecord,
): Transition {
  if (!found) throw new SandboxError(LEGS[leg].missing, `payment ${payment.paymentId} has no ${leg} ${id}`);
  if (found.status !== 'PROCESSING') {
    if (event.scheduled) return unchanged(payment);
    throw new SandboxError('ORDER_STATUS_INVALID', `${leg} ${id} is ${found.status}, not PROCESSING`);
  }
  const record: R = { ...found, ...settled(event.settlement), settledAt: now };
  return { payment: put(payment, record), effects: [notifyOf(payment, leg, id)] };
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
  return { payment: next, effects: [...followUp(payment, 'capture', record.captureId, record, c.outcome, now), answer(captureAnswer(next, record))] };
}

const settleCapture = (payment: PaymentRecord, event: Extract<LifecycleEvent, { type: 'settleCapture' }>, now: number): Transition =>
  settleLeg(payment, 'capture', payment.captures?.find((c) => c.captureId === event.captureId), event.captureId, event, now, putCapture);

/**
 * Antom's cancel: a FAIL payment answers SUCCESS and stays FAIL; one in process is closed; a successful
 * authorization is voided if admitVoid allows it. A repeat of a successful cancel answers the same
 * SUCCESS. Cancel sends no notification.
 */
function cancel(payment: PaymentRecord, cancelId: string, now: number): Transition {
  const id = payment.paymentId;
  if (payment.status === 'CANCELLED') return unchanged(payment, [answer(cancelAnswer(payment, payment.cancelledAt ?? now))]);
  if (payment.status === 'FAIL') return unchanged(payment, [answer(cancelAnswer(payment, now))]);
  if (payment.status === 'SUCCESS') admitVoid(payment, now);
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
  return { payment: next, effects: [...followUp(payment, 'refund', record.refundId, record, r.outcome, now), answer(refundAnswer(next, record))] };
}

const settleRefund = (payment: PaymentRecord, event: Extract<LifecycleEvent, { type: 'settleRefund' }>, now: number): Transition =>
  settleLeg(payment, 'refund', payment.refunds?.find((r) => r.refundId === event.refundId), event.refundId, event, now, putRefund);

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
  // An authorization's validity starts when it succeeds, not while it is in process; the one place it is set.
  const authExpiresAt = payment.isAuthorization ? now + AUTH_VALIDITY_MS : undefined;
  if (authExpiresAt !== undefined && !capturesAutomatically(payment)) {
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
  // A wallet payment is captured with the payment and Antom sends no notifyCapture for it; the record
  // stays, so refunds count against it as for a card.
  if (payment.mode === 'wallet') return { payment: putCapture({ ...payment, authExpiresAt }, record), effects };
  return {
    payment: putCapture({ ...payment, authExpiresAt }, record),
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
