// inquiryPayment (POST /v1/payments/inquiryPayment): by paymentId or paymentRequestId, paymentId winning.
import { Type, type Static } from '@sinclair/typebox';
import { Amount, DateTime, PaymentResultInfo, Result, StringEnum } from './common.ts';

export const InquiryPaymentRequest = Type.Object({
  paymentId: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  paymentRequestId: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
}, { anyOf: [{ required: ['paymentId'] }, { required: ['paymentRequestId'] }] });
export type InquiryPaymentRequest = Static<typeof InquiryPaymentRequest>;

export const PaymentStatus = StringEnum(['SUCCESS', 'FAIL', 'PROCESSING', 'CANCELLED', 'PENDING']);

export const Transaction = Type.Object({
  transactionType: StringEnum(['PAYMENT', 'CAPTURE', 'REFUND', 'CANCEL', 'AUTHORIZATION', 'VOID']),
  transactionStatus: StringEnum(['SUCCESS', 'FAIL', 'PROCESSING', 'CANCELLED']),
  transactionId: Type.String(),
  transactionRequestId: Type.String(),
  transactionAmount: Amount,
  transactionTime: Type.Optional(DateTime),
  transactionResult: Result,
}, { additionalProperties: false });
export type Transaction = Static<typeof Transaction>;

export const InquiryPaymentResponse = Type.Object({
  result: Result,
  paymentId: Type.Optional(Type.String()),
  paymentRequestId: Type.Optional(Type.String()),
  paymentStatus: Type.Optional(PaymentStatus),
  paymentResultCode: Type.Optional(Type.String()),
  paymentResultMessage: Type.Optional(Type.String()),
  paymentAmount: Type.Optional(Amount),
  paymentCreateTime: Type.Optional(DateTime),
  paymentTime: Type.Optional(DateTime),
  authExpiryTime: Type.Optional(DateTime),
  paymentResultInfo: Type.Optional(PaymentResultInfo),
  transactions: Type.Optional(Type.Array(Transaction)),
}, { additionalProperties: false });
export type InquiryPaymentResponse = Static<typeof InquiryPaymentResponse>;
