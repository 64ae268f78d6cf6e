// capture (POST /v1/payments/capture): takes all or part of an authorization's amount. Keyed, like pay,
// by the merchant's own request id (captureRequestId).
import { Type, type Static } from '@sinclair/typebox';
import { Amount, DateTime, Result } from './common.ts';

const id64 = Type.String({ minLength: 1, maxLength: 64 });

/** Antom's SDKs send a JSON boolean; its docs write every field as a string ("true"). Both are accepted. */
export const LooseBoolean = Type.Union([Type.Boolean(), Type.Unsafe<'true' | 'false'>({ type: 'string', enum: ['true', 'false'] })]);

export const CaptureRequest = Type.Object({
  captureRequestId: id64,
  paymentId: id64,
  captureAmount: Amount,
  isLastCapture: Type.Optional(LooseBoolean),
});
export type CaptureRequest = Static<typeof CaptureRequest>;

export const CaptureResponse = Type.Object({
  result: Result,
  captureRequestId: Type.Optional(Type.String()),
  captureId: Type.Optional(Type.String()),
  paymentId: Type.Optional(Type.String()),
  captureAmount: Type.Optional(Amount),
  captureTime: Type.Optional(DateTime),
  acquirerReferenceNo: Type.Optional(Type.String()),
}, { additionalProperties: false });
export type CaptureResponse = Static<typeof CaptureResponse>;

/** Example bodies: a request id that never collides, EUR amounts the seed's 300.00 authorization covers. */
export const CaptureExample = Type.Object({
  captureRequestId: Type.String({ pattern: '^CAP_[A-Za-z0-9]{24}$' }),
  paymentId: Type.String({ pattern: '^20[0-9]{6}1940108001[0-9]{17}$' }),
  captureAmount: Type.Object({ currency: Type.Literal('EUR'), value: Type.String({ pattern: '^[1-9][0-9]{0,3}$' }) }),
  isLastCapture: Type.Optional(Type.Boolean()),
});
