// notifyRefund: what the sandbox POSTs to refundNotifyUrl (else paymentNotifyUrl) when a refund reaches
// SUCCESS or FAIL.
import { Type, type Static } from '@sinclair/typebox';
import { Amount, DateTime, Result, StringEnum } from './common.ts';

export const NotifyRefundBody = Type.Object({
  notifyType: Type.Literal('REFUND_RESULT'),
  result: Result,
  refundStatus: StringEnum(['SUCCESS', 'FAIL']),
  refundRequestId: Type.String(),
  refundId: Type.String(),
  paymentId: Type.String(),
  refundAmount: Amount,
  refundTime: Type.Optional(DateTime),
  refundReason: Type.Optional(Type.String()),
}, { additionalProperties: false });
export type NotifyRefundBody = Static<typeof NotifyRefundBody>;
