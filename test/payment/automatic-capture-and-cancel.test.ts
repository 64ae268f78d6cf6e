// What the sandbox does by itself after success (captureMode AUTOMATIC, or no authorization flag), and
// cancel: voiding an authorization, closing a payment in process, and what can no longer be cancelled.
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { problemsWith } from '../../server/api/validate.ts';
import { cardPay, hostedPay } from '../support/bodies.ts';
import { startReceiver, type Receiver } from '../support/receiver.ts';
import { INQUIRY, PAY, startTestSandbox, type TestSandbox } from '../support/sandbox.ts';
import { bodiesAt, call, CANCEL, CAPTURE, captureBody, EUR, REFUND, refundBody } from './lifecycle-http.ts';

let t: TestSandbox;
let receiver: Receiver;
beforeAll(async () => {
  t = await startTestSandbox({ notifyTimeoutMs: 2000 });
  receiver = await startReceiver();
});
afterAll(() => receiver.close());

const bodies = (path: string) => bodiesAt(receiver, path, t.sandbox.keys.publicKeyBase64);

describe('automatic capture', () => {
  const cases: [string, Record<string, unknown>, string][] = [
    ['no authorization flag', {}, 'PAYMENT'],
    ['isAuthorization false', { isAuthorization: false }, 'PAYMENT'],
    ['captureMode AUTOMATIC', { isAuthorization: true, captureMode: 'AUTOMATIC' }, 'AUTHORIZATION'],
  ];
  for (const [name, paymentFactor, firstType] of cases) {
    it(`${name}: the sandbox captures the whole amount after success and sends notifyCapture`, async () => {
      const path = `/auto/${encodeURIComponent(name)}`;
      const pay = await call(t, PAY, cardPay({ paymentFactor, paymentNotifyUrl: `${receiver.url}${path}` }));
      const inquiry = await call(t, INQUIRY, { paymentId: pay.paymentId });
      expect(problemsWith('InquiryPaymentResponse', inquiry)).toEqual([]);
      expect(inquiry.transactions.map((x: { transactionType: string; transactionStatus: string }) => [x.transactionType, x.transactionStatus]))
        .toEqual([[firstType, 'SUCCESS'], ['CAPTURE', 'SUCCESS']]);
      const capture = inquiry.transactions[1];
      expect(capture).toMatchObject({ transactionAmount: EUR('30000'), transactionRequestId: pay.paymentRequestId, transactionTime: pay.paymentTime });

      await t.sandbox.notifications.flush();
      // Both are due at the same instant; the capture result goes second (test/notify/notification-order.test.ts).
      const received = bodies(path);
      expect(received.map((b) => b.notifyType).sort()).toEqual(['CAPTURE_RESULT', 'PAYMENT_RESULT']);
      const notified = received.find((b) => b.notifyType === 'CAPTURE_RESULT');
      expect(problemsWith('NotifyCaptureBody', notified)).toEqual([]);
      expect(notified).toMatchObject({ notifyType: 'CAPTURE_RESULT', result: { resultCode: 'SUCCESS' }, paymentId: pay.paymentId, captureId: capture.transactionId, captureAmount: EUR('30000'), captureRequestId: pay.paymentRequestId });

      // Nothing is left to capture by hand, nor to cancel; it is refunded instead.
      const manual = await call(t, CAPTURE, captureBody(pay.paymentId, '100'));
      expect(manual.result).toMatchObject({ resultCode: 'ORDER_STATUS_INVALID' });
      expect(manual.result.resultMessage).toMatch(/captured automatically/);
      expect((await call(t, CANCEL, { paymentId: pay.paymentId })).result.resultCode).toBe('ORDER_STATUS_INVALID');
      expect((await call(t, REFUND, refundBody(pay.paymentId, '30000'))).result.resultCode).toBe('SUCCESS');
    });
  }

  it('a hosted payment without the authorization flag is captured when the buyer completes the page', async () => {
    const pay = await call(t, PAY, hostedPay({ paymentFactor: {} }));
    expect((await call(t, INQUIRY, { paymentId: pay.paymentId })).transactions).toHaveLength(1);
    // The hosted page's own step of the state machine once the buyer's card is accepted.
    await t.sandbox.core.payments.dispatch(t.sandbox.store.payments.get(pay.paymentId)!, { type: 'settle', settlement: { status: 'S' } });
    const inquiry = await call(t, INQUIRY, { paymentId: pay.paymentId });
    expect(inquiry.transactions.map((x: { transactionType: string }) => x.transactionType)).toEqual(['PAYMENT', 'CAPTURE']);
  });
});

describe('cancel', () => {
  it('voids an authorization: CANCELLED, a CANCEL transaction, no notification, and no capture or refund after it', async () => {
    const body = cardPay({ paymentNotifyUrl: `${receiver.url}/cancel/void` });
    const pay = await call(t, PAY, body);
    await t.sandbox.clock.advance(3600_000);
    const cancel = await call(t, CANCEL, { paymentRequestId: body.paymentRequestId });
    expect(problemsWith('CancelResponse', cancel)).toEqual([]);
    expect(cancel).toMatchObject({ result: { resultCode: 'SUCCESS', resultStatus: 'S' }, paymentId: pay.paymentId, paymentRequestId: body.paymentRequestId });
    const inquiry = await call(t, INQUIRY, { paymentId: pay.paymentId });
    expect(inquiry).toMatchObject({ paymentStatus: 'CANCELLED', paymentResultCode: 'ORDER_IS_CANCELED' });
    expect(inquiry.authExpiryTime).toBeUndefined();
    expect(inquiry.transactions.map((x: { transactionType: string; transactionStatus: string }) => [x.transactionType, x.transactionStatus])).toEqual([['AUTHORIZATION', 'SUCCESS'], ['CANCEL', 'SUCCESS']]);
    expect(inquiry.transactions[1]).toMatchObject({ transactionRequestId: body.paymentRequestId, transactionTime: cancel.cancelTime, transactionAmount: EUR('30000') });

    expect((await call(t, CAPTURE, captureBody(pay.paymentId, '100'))).result.resultCode).toBe('AUTH_CANCELLED');
    expect((await call(t, REFUND, refundBody(pay.paymentId, '100'))).result.resultCode).toBe('ORDER_IS_CANCELED');
    expect((await call(t, PAY, body)).result.resultCode).toBe('ORDER_IS_CANCELED');
    await t.sandbox.notifications.flush();
    expect(bodies('/cancel/void').map((b) => b.notifyType)).toEqual(['PAYMENT_RESULT']);
  });

  it('closes a payment still in process; its 14-minute expiry then changes nothing', async () => {
    const body = hostedPay({ paymentNotifyUrl: `${receiver.url}/cancel/in-process` });
    const pay = await call(t, PAY, body);
    await call(t, CANCEL, { paymentId: pay.paymentId });
    await t.sandbox.clock.advance(15 * 60_000);
    await t.sandbox.notifications.flush();
    const inquiry = await call(t, INQUIRY, { paymentId: pay.paymentId });
    expect(inquiry.paymentStatus).toBe('CANCELLED');
    expect(inquiry.transactions.map((x: { transactionStatus: string }) => x.transactionStatus)).toEqual(['CANCELLED', 'SUCCESS']);
    expect(bodies('/cancel/in-process')).toEqual([]);
    expect((await call(t, PAY, body)).result.resultCode).toBe('ORDER_IS_CANCELED');
  });

  it('a late issuer answer for a cancelled payment is ignored, as Antom keeps it CANCELLED', async () => {
    const pay = await call(t, PAY, hostedPay());
    await call(t, CANCEL, { paymentId: pay.paymentId });
    const stored = t.sandbox.store.payments.get(pay.paymentId)!;
    await t.sandbox.core.payments.dispatch(stored, { type: 'settle', settlement: { status: 'S' }, scheduled: true });
    expect(t.sandbox.store.payments.get(pay.paymentId)!.status).toBe('CANCELLED');
    // The hosted page itself (not a timer) is told the payment is no longer in process.
    await expect(t.sandbox.core.payments.dispatch(stored, { type: 'settle', settlement: { status: 'S' } })).resolves.toMatchObject({ refused: { resultCode: 'ORDER_STATUS_INVALID' } });
  });

  it('refuses what was captured (ORDER_STATUS_INVALID) or refunded (PROCESS_FAIL), and an unknown payment', async () => {
    const pay = await call(t, PAY, cardPay());
    await call(t, CAPTURE, captureBody(pay.paymentId, '100'));
    const captured = await call(t, CANCEL, { paymentId: pay.paymentId });
    expect(captured.result).toMatchObject({ resultCode: 'ORDER_STATUS_INVALID', resultMessage: expect.stringMatching(/refund it instead/) });
    await call(t, REFUND, refundBody(pay.paymentId, '100'));
    expect((await call(t, CANCEL, { paymentId: pay.paymentId })).result).toMatchObject({ resultCode: 'PROCESS_FAIL', resultStatus: 'F' });
    expect((await call(t, CANCEL, { paymentRequestId: 'never-paid' })).result.resultCode).toBe('ORDER_NOT_EXIST');
    expect((await call(t, CANCEL, {})).result.resultMessage).toBe('paymentId is required, or paymentRequestId is required');
  });

  it('the cancel window is 7 days after payment, on the sandbox clock', async () => {
    const a = await call(t, PAY, cardPay());
    const b = await call(t, PAY, cardPay());
    await t.sandbox.clock.advance(7 * 24 * 3600_000 - 1000);
    expect((await call(t, CANCEL, { paymentId: a.paymentId })).result.resultCode).toBe('SUCCESS');
    await t.sandbox.clock.advance(1000);
    const late = await call(t, CANCEL, { paymentId: b.paymentId });
    expect(late.result).toMatchObject({ resultCode: 'CANCEL_WINDOW_EXCEED', resultStatus: 'F' });
    expect((await request(t.sandbox.app).get(`/_sandbox/payments/${b.paymentId}`)).body.paymentStatus).toBe('SUCCESS');
  });
});
