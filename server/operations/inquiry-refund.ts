// inquiryRefund (POST /v1/payments/inquiryRefund): one refund as it is now, by refundId or refundRequestId
// (refundId wins when both are given, as paymentId does for inquiryPayment).
import type { InquiryRefundRequest } from '../../schemas/inquiry-refund.ts';
import { refundInquiryAnswer } from '../payment/lifecycle-answers.ts';
import { refusal, type Operation } from './context.ts';
import { ownRefund } from './lifecycle-lookup.ts';

export const inquiryRefund: Operation<InquiryRefundRequest> = async (request, ctx) => {
  const found = ownRefund(ctx, request.refundId !== undefined ? { refundId: request.refundId } : { refundRequestId: request.refundRequestId });
  if (!found) {
    const key = request.refundId !== undefined ? `refundId ${request.refundId}` : `refundRequestId ${request.refundRequestId}`;
    return refusal('REFUND_NOT_EXIST', `no refund with ${key}`);
  }
  return { answer: refundInquiryAnswer(found.refund) };
};
