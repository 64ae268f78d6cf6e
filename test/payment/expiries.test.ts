// Expiries on the sandbox clock: an authorization that is not captured in time, and a payment still in
// process (hosted page not completed) that closes after 14 minutes or at its paymentExpiryTime.
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { problemsWith } from '../../server/api/validate.ts';
import { cardPay, hostedPay } from '../support/bodies.ts';
import { startReceiver, type Receiver } from '../support/receiver.ts';
import { INQUIRY, PAY, startTestSandbox, type TestSandbox } from '../support/sandbox.ts';
import { bodiesAt, call, CANCEL, CAPTURE, captureBody, EUR, REFUND, refundBody } from './lifecycle-http.ts';

const MIN = 60_000, DAY = 24 * 60 * MIN;
let receiver: Receiver;
let publicKey: string;
beforeAll(async () => {
  receiver = await startReceiver();
});
afterAll(() => receiver.close());

/** Each test moves its own sandbox's clock, so each gets its own sandbox. */
async function sandbox(): Promise<TestSandbox> {
  const t = await startTestSandbox({ startAt: Date.parse('2026-11-25T12:00:00Z'), notifyTimeoutMs: 2000 });
  publicKey = t.sandbox.keys.publicKeyBase64;
  return t;
}

describe('authorization expiry', () => {
  it('authExpiryTime is 7 days after the payment; after it a capture answers AUTH_EXPIRED and the rest is released', async () => {
    const t = await sandbox();
    const pay = await call(t, PAY, cardPay());
    expect(Date.parse(pay.authExpiryTime) - Date.parse(pay.paymentTime)).toBe(7 * DAY);
    await call(t, CAPTURE, captureBody(pay.paymentId, '10000'));

    // One second before the expiry a capture still goes through.
    await t.sandbox.clock.advance(7 * DAY - 1000);
    expect((await call(t, CAPTURE, captureBody(pay.paymentId, '5000'))).result.resultCode).toBe('SUCCESS');
    await t.sandbox.clock.advance(1000);
    const late = await call(t, CAPTURE, captureBody(pay.paymentId, '5000'));
    expect(late.result).toMatchObject({ resultCode: 'AUTH_EXPIRED', resultStatus: 'F' });
    expect(late.result.resultMessage).toContain(pay.authExpiryTime);

    // inquiryPayment shows the release of the 150.00 never captured; the captured 150.00 can be refunded.
    const inquiry = await call(t, INQUIRY, { paymentId: pay.paymentId });
    expect(problemsWith('InquiryPaymentResponse', inquiry)).toEqual([]);
    expect(inquiry.paymentStatus).toBe('SUCCESS');
    expect(inquiry.transactions.at(-1)).toMatchObject({
      transactionType: 'VOID', transactionStatus: 'SUCCESS', transactionAmount: EUR('15000'), transactionRequestId: pay.paymentRequestId,
      transactionResult: { resultCode: 'AUTH_EXPIRED', resultStatus: 'F' },
    });
    expect((await call(t, REFUND, refundBody(pay.paymentId, '15000'))).result.resultCode).toBe('SUCCESS');
    await t.sandbox.close();
  });

  it('an expired authorization can no longer be cancelled (the 7-day cancel window has passed)', async () => {
    const t = await sandbox();
    const pay = await call(t, PAY, cardPay());
    await t.sandbox.clock.advance(7 * DAY);
    expect((await call(t, CANCEL, { paymentId: pay.paymentId })).result.resultCode).toBe('CANCEL_WINDOW_EXCEED');
    expect((await call(t, CAPTURE, captureBody(pay.paymentId, '100'))).result.resultCode).toBe('AUTH_EXPIRED');
    await t.sandbox.close();
  });

  it('an authorization completed on the hosted page expires 7 days after its completion, not its creation', async () => {
    const t = await sandbox();
    const pay = await call(t, PAY, hostedPay());
    expect(pay.authExpiryTime).toBeUndefined();
    await t.sandbox.clock.advance(10 * MIN);
    // The hosted page's own step of the machine (what the card page does once the buyer's card is accepted).
    await t.sandbox.core.payments.dispatch(t.sandbox.store.payments.get(pay.paymentId)!, { type: 'settle', settlement: { status: 'S' } });
    const inquiry = await call(t, INQUIRY, { paymentId: pay.paymentId });
    expect(Date.parse(inquiry.authExpiryTime) - Date.parse(inquiry.paymentTime)).toBe(7 * DAY);
    await t.sandbox.clock.advance(7 * DAY - 1000);
    expect((await call(t, CAPTURE, captureBody(pay.paymentId, '100'))).result.resultCode).toBe('SUCCESS');
    await t.sandbox.close();
  });
});

describe('a payment still in process', () => {
  it('closes 14 minutes after pay: FAIL with ORDER_IS_CLOSED, notified, and a repeat pay answers ORDER_IS_CLOSED', async () => {
    const t = await sandbox();
    const body = hostedPay({ paymentNotifyUrl: `${receiver.url}/expiry/14` });
    const pay = await call(t, PAY, body);
    await t.sandbox.clock.advance(14 * MIN - 1000);
    expect((await call(t, INQUIRY, { paymentId: pay.paymentId })).paymentStatus).toBe('PROCESSING');
    await t.sandbox.clock.advance(1000);
    await t.sandbox.notifications.flush();
    const inquiry = await call(t, INQUIRY, { paymentId: pay.paymentId });
    expect(inquiry).toMatchObject({ paymentStatus: 'FAIL', paymentResultCode: 'ORDER_IS_CLOSED' });
    expect(inquiry.transactions[0]).toMatchObject({ transactionType: 'AUTHORIZATION', transactionStatus: 'FAIL' });
    const [notified] = bodiesAt(receiver, '/expiry/14', publicKey);
    expect(problemsWith('NotifyPaymentBody', notified)).toEqual([]);
    expect(notified).toMatchObject({ notifyType: 'PAYMENT_RESULT', paymentId: pay.paymentId, result: { resultCode: 'ORDER_IS_CLOSED', resultStatus: 'F' } });
    expect((await call(t, PAY, body)).result).toMatchObject({ resultCode: 'ORDER_IS_CLOSED', resultStatus: 'F' });
    // Cancelling a FAIL payment answers SUCCESS and the status stays FAIL.
    const cancel = await call(t, CANCEL, { paymentRequestId: body.paymentRequestId });
    expect(cancel).toMatchObject({ result: { resultCode: 'SUCCESS' }, paymentId: pay.paymentId, paymentRequestId: body.paymentRequestId });
    expect(problemsWith('CancelResponse', cancel)).toEqual([]);
    expect((await call(t, INQUIRY, { paymentId: pay.paymentId })).paymentStatus).toBe('FAIL');
    await t.sandbox.close();
  });

  it('closes at its paymentExpiryTime when the merchant set one', async () => {
    const t = await sandbox();
    const expiry = new Date(t.sandbox.clock.now() + 5 * MIN).toISOString().replace(/\.\d{3}Z$/, '+00:00');
    const pay = await call(t, PAY, hostedPay({ paymentExpiryTime: expiry, paymentNotifyUrl: `${receiver.url}/expiry/custom` }));
    await t.sandbox.clock.advance(5 * MIN);
    await t.sandbox.notifications.flush();
    expect((await call(t, INQUIRY, { paymentId: pay.paymentId })).paymentResultCode).toBe('ORDER_IS_CLOSED');
    const attempts = (await request(t.sandbox.app).get(`/_sandbox/notifications?paymentId=${pay.paymentId}`)).body.notifications;
    expect(attempts).toHaveLength(1);
    expect(bodiesAt(receiver, '/expiry/custom', publicKey)[0]).toMatchObject({ result: { resultCode: 'ORDER_IS_CLOSED' } });
    await t.sandbox.close();
  });
});
