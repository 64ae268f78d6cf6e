// refund (POST /v1/payments/refund): gives back all or part of what was captured, keyed by refundRequestId.
import { Type, type Static } from '@sinclair/typebox';
import { Amount, DateTime, Result, Url } from './common.ts';

const id64 = Type.String({ minLength: 1, maxLength: 64 });

export const RefundRequest = Type.Object({
  refundRequestId: id64,
  paymentId: id64,
  refundAmount: Amount,
  refundReason: Type.Optional(Type.String({ maxLength: 256 })),
  refundNotifyUrl: Type.Optional(Url),
  referenceRefundId: Type.Optional(id64),
});
export type RefundRequest = Static<typeof RefundRequest>;

export const RefundResponse = Type.Object({
  result: Result,
  refundRequestId: Type.Optional(Type.String()),
  refundId: Type.Optional(Type.String()),
  paymentId: Type.Optional(Type.String()),
  refundAmount: Type.Optional(Amount),
  refundTime: Type.Optional(DateTime),
}, { additionalProperties: false });
export type RefundResponse = Static<typeof RefundResponse>;

/** Example bodies: a request id that never collides and a small EUR amount. */
export const RefundExample = Type.Object({
  refundRequestId: Type.String({ pattern: '^REF_[A-Za-z0-9]{24}$' }),
  paymentId: Type.String({ pattern: '^20[0-9]{6}1940108001[0-9]{17}$' }),
  refundAmount: Type.Object({ currency: Type.Literal('EUR'), value: Type.String({ pattern: '^[1-9][0-9]{0,3}$' }) }),
  refundReason: Type.Optional(Type.String({ maxLength: 64 })),
});
