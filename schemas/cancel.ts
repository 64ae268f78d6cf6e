// cancel (POST /v1/payments/cancel): voids an authorization, or closes a payment still in process.
import { Type, type Static } from '@sinclair/typebox';
import { DateTime, Result } from './common.ts';

export const CancelRequest = Type.Object({
  paymentId: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  paymentRequestId: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
}, { anyOf: [{ required: ['paymentId'] }, { required: ['paymentRequestId'] }] });
export type CancelRequest = Static<typeof CancelRequest>;

export const CancelResponse = Type.Object({
  result: Result,
  paymentId: Type.Optional(Type.String()),
  paymentRequestId: Type.Optional(Type.String()),
  cancelTime: Type.Optional(DateTime),
}, { additionalProperties: false });
export type CancelResponse = Static<typeof CancelResponse>;
