// Driving a sandbox through the merchant API as a merchant's server would: pay, capture, cancel, refund,
// inquire, each a signed POST over HTTP, plus the sandbox clock.
import { uniqueId } from '../support/bodies.ts';
import { rsa256Verify, signatureValue } from '../support/merchant.ts';
import type { Received, Receiver } from '../support/receiver.ts';
import type { TestSandbox } from '../support/sandbox.ts';

export const CAPTURE = '/ams/api/v1/payments/capture';
export const CANCEL = '/ams/api/v1/payments/cancel';
export const REFUND = '/ams/api/v1/payments/refund';
export const INQUIRY_REFUND = '/ams/api/v1/payments/inquiryRefund';

export const EUR = (value: string) => ({ currency: 'EUR', value });

/** A JSON answer or notification body, loosely typed as supertest's own bodies are. */
export type Body = Awaited<ReturnType<TestSandbox['post']>>['body'];

export function captureBody(paymentId: string, value: string, extra: Record<string, unknown> = {}) {
  return { captureRequestId: uniqueId('CAP'), paymentId, captureAmount: EUR(value), isLastCapture: false, ...extra };
}

export function refundBody(paymentId: string, value: string, extra: Record<string, unknown> = {}) {
  return { refundRequestId: uniqueId('REF'), paymentId, refundAmount: EUR(value), ...extra };
}

/** POSTs and returns the answer's body, failing loudly on anything but Antom's HTTP 200 envelope. */
export async function call(t: TestSandbox, path: string, body: unknown): Promise<Body> {
  const res = await t.post(path, body);
  if (res.status !== 200 || !res.body?.result) throw new Error(`${path} answered HTTP ${res.status}: ${res.text}`);
  return res.body as Body;
}

/**
 * A notification as the merchant's endpoint got it, after checking its signature the way a merchant
 * would: node:crypto and the sandbox's published key, over "POST <path>\n<client-id>.<request-time>.<body>".
 */
export function verifiedBody(received: Received, publicKey: string): Body {
  const content = `POST ${received.path}\n${String(received.headers['client-id'])}.${String(received.headers['request-time'])}.${received.body}`;
  if (!rsa256Verify(content, signatureValue(received.headers.signature as string), publicKey)) {
    throw new Error(`the notification to ${received.path} does not verify under the sandbox key`);
  }
  return JSON.parse(received.body) as Body;
}

/** The verified bodies the receiver got on one path, in arrival order. */
export const bodiesAt = (receiver: Receiver, path: string, publicKey: string) =>
  receiver.received.filter((r) => r.path === path).map((r) => verifiedBody(r, publicKey));
