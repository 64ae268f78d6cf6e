// inquiryPayment (POST /v1/payments/inquiryPayment): the payment as it is now. paymentId wins over
// paymentRequestId when both are given, as Antom documents.
import type { InquiryPaymentRequest, InquiryPaymentResponse } from '../../schemas/inquiry-payment.ts';
import { formatTime } from '../clock/clock.ts';
import { resultOf } from '../api/result-codes.ts';
import { refusal, type Operation } from './context.ts';
import type { PaymentRecord } from '../payment/types.ts';

export function describePayment(payment: PaymentRecord): InquiryPaymentResponse {
  const answer: InquiryPaymentResponse = {
    result: resultOf('SUCCESS'),
    paymentId: payment.paymentId,
    paymentRequestId: payment.paymentRequestId,
    paymentStatus: payment.status,
    paymentResultCode: payment.result.resultCode,
    paymentResultMessage: payment.result.resultMessage,
    paymentAmount: payment.paymentAmount,
    paymentCreateTime: formatTime(payment.createdAt),
    transactions: payment.transactions,
  };
  if (payment.paidAt !== undefined) answer.paymentTime = formatTime(payment.paidAt);
  if (payment.authExpiresAt !== undefined && payment.status === 'SUCCESS') answer.authExpiryTime = formatTime(payment.authExpiresAt);
  if (payment.resultInfo) answer.paymentResultInfo = payment.resultInfo;
  return answer;
}

export const inquiryPayment: Operation<InquiryPaymentRequest> = async (request, ctx) => {
  const payment = request.paymentId !== undefined
    ? ctx.store.payments.get(request.paymentId)
    : ctx.store.payments.find('requestId', `${ctx.clientId}\u0000${request.paymentRequestId}`);
  // Another merchant's payment does not exist for this one.
  if (!payment || payment.clientId !== ctx.clientId) {
    const key = request.paymentId !== undefined ? `paymentId ${request.paymentId}` : `paymentRequestId ${request.paymentRequestId}`;
    return refusal('ORDER_NOT_EXIST', `no payment with ${key}`);
  }
  return { answer: describePayment(payment) };
};
