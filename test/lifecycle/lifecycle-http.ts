// Driving a sandbox through the merchant API as a merchant's server would: pay, capture, cancel, refund,
// inquire, each a signed POST over HTTP, plus the sandbox clock.
import type { TestSandbox } from '../support/sandbox.ts';
import { uniqueId } from '../support/bodies.ts';

export const CAPTURE = '/ams/api/v1/payments/capture';
export const CANCEL = '/ams/api/v1/payments/cancel';
export const REFUND = '/ams/api/v1/payments/refund';
export const INQUIRY_REFUND = '/ams/api/v1/payments/inquiryRefund';

export const EUR = (value: string) => ({ currency: 'EUR', value });

export function captureBody(paymentId: string, value: string, extra: Record<string, unknown> = {}) {
  return { captureRequestId: uniqueId('CAP'), paymentId, captureAmount: EUR(value), isLastCapture: false, ...extra };
}

export function refundBody(paymentId: string, value: string, extra: Record<string, unknown> = {}) {
  return { refundRequestId: uniqueId('REF'), paymentId, refundAmount: EUR(value), ...extra };
}

/** POSTs and returns the answer's body, failing loudly on anything but Antom's HTTP 200 envelope. */
export async function call(t: TestSandbox, path: string, body: unknown): Promise<Record<string, any>> {
  const res = await t.post(path, body);
  if (res.status !== 200 || !res.body?.result) throw new Error(`${path} answered HTTP ${res.status}: ${res.text}`);
  return res.body as Record<string, any>;
}
