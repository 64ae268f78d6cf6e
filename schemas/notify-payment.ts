// notifyPayment: what the sandbox POSTs to paymentNotifyUrl when a payment reaches a final state.
import { Type, type Static } from '@sinclair/typebox';
import { Amount, DateTime, PaymentResultInfo, Result, StringEnum } from './common.ts';

export const NotifyPaymentBody = Type.Object({
  notifyType: StringEnum(['PAYMENT_RESULT', 'PAYMENT_PENDING']),
  result: Result,
  paymentRequestId: Type.String(),
  paymentId: Type.String(),
  paymentAmount: Amount,
  paymentCreateTime: DateTime,
  paymentTime: Type.Optional(DateTime),
  paymentResultInfo: Type.Optional(PaymentResultInfo),
}, { additionalProperties: false });
export type NotifyPaymentBody = Static<typeof NotifyPaymentBody>;

/** The only answer that counts as delivered (Antom's notification acknowledgement). */
export const NotifyAck = Type.Object({
  result: Type.Object({ resultCode: Type.Literal('SUCCESS'), resultStatus: Type.Literal('S'), resultMessage: Type.String() }),
});
