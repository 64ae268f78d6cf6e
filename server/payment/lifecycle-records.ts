// How captures and refunds are written onto their payment, and shown in inquiryPayment's transactions[].
// Pure helpers of the state machine (lifecycle-machine.ts).
import type { Transaction } from '../../schemas/inquiry-payment.ts';
import { formatTime } from '../clock/clock.ts';
import { totalsOf } from './lifecycle.ts';
import { resultOf, type ResultCode } from '../api/result-codes.ts';
import type { CaptureRecord, LifecycleOutcome, LifecycleSettlement, PaymentRecord, RefundRecord } from './types.ts';

/** Replaces the transaction with the same id and type, or appends it: inquiryPayment's transactions[]. */
export function withTransaction(payment: PaymentRecord, transaction: Transaction): PaymentRecord {
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

export function putCapture(payment: PaymentRecord, capture: CaptureRecord): PaymentRecord {
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

export function putRefund(payment: PaymentRecord, refund: RefundRecord): PaymentRecord {
  const refunds = payment.refunds?.some((r) => r.refundId === refund.refundId)
    ? payment.refunds.map((r) => (r.refundId === refund.refundId ? refund : r))
    : [...(payment.refunds ?? []), refund];
  return withTransaction({ ...payment, refunds }, refundTransaction(refund));
}

/** The status and result a decided outcome gives a capture or refund now. */
export function started(outcome: LifecycleOutcome, inProcess: ResultCode) {
  if (outcome.status === 'S') return { status: 'SUCCESS' as const, result: resultOf('SUCCESS') };
  if (outcome.status === 'F') return { status: 'FAIL' as const, result: resultOf(outcome.code, outcome.message) };
  return { status: 'PROCESSING' as const, result: resultOf(inProcess) };
}

export function settled(settlement: LifecycleSettlement) {
  return settlement.status === 'S'
    ? { status: 'SUCCESS' as const, result: resultOf('SUCCESS') }
    : { status: 'FAIL' as const, result: resultOf(settlement.code, settlement.message) };
}

