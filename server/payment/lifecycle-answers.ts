// The answers of capture, cancel, refund and inquiryRefund, built from the stored records, so that a
// repeat of a request (or an inquiry) reports the capture or refund as it is now: a retry after a U
// finds it settled.
import type { CancelResponse } from '../../schemas/cancel.ts';
import type { CaptureResponse } from '../../schemas/capture.ts';
import type { InquiryRefundResponse } from '../../schemas/inquiry-refund.ts';
import type { NotifyCaptureBody } from '../../schemas/notify-capture.ts';
import type { NotifyRefundBody } from '../../schemas/notify-refund.ts';
import type { RefundResponse } from '../../schemas/refund.ts';
import { formatTime } from '../clock/clock.ts';
import { resultOf } from '../api/result-codes.ts';
import type { CaptureRecord, PaymentRecord, RefundRecord } from './types.ts';

// Typed as the notification's fields (all present) so notifyCapture and notifyRefund are built from these
// too; they are what the capture and refund answers say.
type CaptureFacts = Omit<NotifyCaptureBody, 'notifyType'> & CaptureResponse;
type RefundFacts = Omit<NotifyRefundBody, 'notifyType' | 'refundStatus' | 'refundReason'> & RefundResponse;

export function captureAnswer(payment: PaymentRecord, c: CaptureRecord): CaptureFacts {
  const answer: CaptureFacts = {
    result: c.result,
    captureRequestId: c.captureRequestId,
    captureId: c.captureId,
    paymentId: payment.paymentId,
    captureAmount: c.captureAmount,
  };
  if (c.status === 'SUCCESS') {
    answer.captureTime = formatTime(c.settledAt ?? c.createdAt);
    answer.acquirerReferenceNo = c.acquirerReferenceNo;
  }
  return answer;
}

/** refundTime, once the refund succeeded: when it settled. The answer and the inquiry say it alike. */
const refundTime = (r: RefundRecord): { refundTime?: string } => (r.status === 'SUCCESS' ? { refundTime: formatTime(r.settledAt ?? r.createdAt) } : {});

export function refundAnswer(payment: PaymentRecord, r: RefundRecord): RefundFacts {
  const { refundRequestId, refundId, refundAmount } = r;
  return { result: r.result, refundRequestId, refundId, paymentId: payment.paymentId, refundAmount, ...refundTime(r) };
}

export function cancelAnswer(payment: PaymentRecord, cancelledAt: number): CancelResponse {
  return { result: resultOf('SUCCESS'), paymentId: payment.paymentId, paymentRequestId: payment.paymentRequestId, cancelTime: formatTime(cancelledAt) };
}

/** inquiryRefund: the inquiry itself succeeded; the refund's own outcome is in refundStatus. */
export function refundInquiryAnswer(r: RefundRecord): InquiryRefundResponse {
  const { refundId, refundRequestId, refundAmount } = r;
  return { result: resultOf('SUCCESS'), refundId, refundRequestId, refundAmount, refundStatus: r.status, ...refundTime(r) };
}
