// notifyCapture: what the sandbox POSTs to paymentNotifyUrl when a capture reaches SUCCESS or FAIL.
import { Type, type Static } from '@sinclair/typebox';
import { Amount, DateTime, Result } from './common.ts';

export const NotifyCaptureBody = Type.Object({
  notifyType: Type.Literal('CAPTURE_RESULT'),
  result: Result,
  captureRequestId: Type.String(),
  paymentId: Type.String(),
  captureId: Type.String(),
  captureAmount: Amount,
  captureTime: Type.Optional(DateTime),
  acquirerReferenceNo: Type.Optional(Type.String()),
}, { additionalProperties: false });
export type NotifyCaptureBody = Static<typeof NotifyCaptureBody>;
