// inquiryRefund (POST /v1/payments/inquiryRefund): one refund, by refundId or refundRequestId.
import { Type, type Static } from '@sinclair/typebox';
import { Amount, DateTime, Result, StringEnum } from './common.ts';

export const InquiryRefundRequest = Type.Object({
  refundId: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  refundRequestId: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
}, { anyOf: [{ required: ['refundId'] }, { required: ['refundRequestId'] }] });
export type InquiryRefundRequest = Static<typeof InquiryRefundRequest>;

export const RefundStatus = StringEnum(['SUCCESS', 'PROCESSING', 'FAIL']);

export const InquiryRefundResponse = Type.Object({
  result: Result,
  refundId: Type.Optional(Type.String()),
  refundRequestId: Type.Optional(Type.String()),
  refundAmount: Type.Optional(Amount),
  refundStatus: Type.Optional(RefundStatus),
  refundTime: Type.Optional(DateTime),
}, { additionalProperties: false });
export type InquiryRefundResponse = Static<typeof InquiryRefundResponse>;
