// A merchant's whole authorization flow over HTTP, as its server would run it: authorize, capture part,
// capture part again, refund part, and inquire; every notification arrives at a real endpoint on
// loopback, signed by the sandbox, and matches its schema.
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { problemsWith } from '../../server/api/validate.ts';
import { cardPay } from '../support/bodies.ts';
import { startReceiver, type Receiver } from '../support/receiver.ts';
import { INQUIRY, PAY, startTestSandbox, type TestSandbox } from '../support/sandbox.ts';
import { bodiesAt, call, CAPTURE, captureBody, EUR, INQUIRY_REFUND, REFUND, refundBody } from './lifecycle-http.ts';

let t: TestSandbox;
let receiver: Receiver;
let publicKey: string;

beforeAll(async () => {
  t = await startTestSandbox({ startAt: Date.parse('2026-11-25T12:00:00Z'), notifyTimeoutMs: 2000 });
  receiver = await startReceiver();
  publicKey = (await request(t.sandbox.app).get('/_sandbox/keys')).body.publicKey;
});
afterAll(() => receiver.close());

describe('authorize, capture twice, refund part, inquire', () => {
  it('answers each step, lists every transaction and notifies each one, signed', async () => {
    // 1. Authorize EUR 300.00 (the seed's pay: isAuthorization true, captureMode MANUAL by default).
    const pay = await call(t, PAY, cardPay({ paymentNotifyUrl: `${receiver.url}/notify/payment` }));
    expect(pay.result.resultCode).toBe('SUCCESS');
    const { paymentId } = pay;
    expect(Date.parse(pay.authExpiryTime) - Date.parse(pay.paymentTime)).toBe(7 * 24 * 3600_000);

    // 2. Capture 100.00, then 150.00, the second one the last.
    await t.sandbox.clock.advance(3600_000);
    const first = await call(t, CAPTURE, captureBody(paymentId, '10000'));
    expect(problemsWith('CaptureResponse', first)).toEqual([]);
    expect(first).toMatchObject({ result: { resultCode: 'SUCCESS', resultStatus: 'S' }, paymentId, captureAmount: EUR('10000') });
    expect(first.captureId).toMatch(/^20261125\d{27}$/);
    expect(first.acquirerReferenceNo).toMatch(/^\d{23}$/);
    expect(first.captureTime).toMatch(/^2026-11-25T\d\d:\d\d:\d\d[+-]\d\d:\d\d$/);

    await t.sandbox.clock.advance(3600_000);
    const second = await call(t, CAPTURE, captureBody(paymentId, '15000', { isLastCapture: true }));
    expect(second.result.resultCode).toBe('SUCCESS');
    expect(second.captureId).not.toBe(first.captureId);
    // The last capture closed the authorization: the 50.00 left is released.
    expect((await call(t, CAPTURE, captureBody(paymentId, '100'))).result.resultCode).toBe('ORDER_STATUS_INVALID');

    // 3. Refund 40.00, to its own notify URL.
    await t.sandbox.clock.advance(24 * 3600_000);
    const refundRequest = refundBody(paymentId, '4000', { refundReason: 'one cup returned', refundNotifyUrl: `${receiver.url}/notify/refund?shop=7` });
    const refund = await call(t, REFUND, refundRequest);
    expect(problemsWith('RefundResponse', refund)).toEqual([]);
    expect(refund).toMatchObject({ result: { resultCode: 'SUCCESS', resultStatus: 'S' }, paymentId, refundRequestId: refundRequest.refundRequestId, refundAmount: EUR('4000') });
    expect(refund.refundId).toMatch(/^20261126\d{27}$/);
    // Refunds are bounded by what was captured (250.00), not by what was authorized.
    expect((await call(t, REFUND, refundBody(paymentId, '21001'))).result.resultCode).toBe('REFUND_AMOUNT_EXCEED');

    // 4. inquiryPayment lists the authorization, each capture and the refund, with status, ids, amount and time.
    const inquiry = await call(t, INQUIRY, { paymentId });
    expect(problemsWith('InquiryPaymentResponse', inquiry)).toEqual([]);
    expect(inquiry).toMatchObject({ paymentStatus: 'SUCCESS', paymentResultCode: 'SUCCESS', authExpiryTime: pay.authExpiryTime });
    expect(inquiry.transactions.map((x: Record<string, string>) => [x.transactionType, x.transactionStatus, x.transactionId, x.transactionRequestId])).toEqual([
      ['AUTHORIZATION', 'SUCCESS', paymentId, pay.paymentRequestId],
      ['CAPTURE', 'SUCCESS', first.captureId, first.captureRequestId],
      ['CAPTURE', 'SUCCESS', second.captureId, second.captureRequestId],
      ['REFUND', 'SUCCESS', refund.refundId, refundRequest.refundRequestId],
    ]);
    expect(inquiry.transactions.map((x: { transactionAmount: unknown }) => x.transactionAmount)).toEqual([EUR('30000'), EUR('10000'), EUR('15000'), EUR('4000')]);
    expect(inquiry.transactions.map((x: { transactionTime: string }) => x.transactionTime)).toEqual([pay.paymentTime, first.captureTime, second.captureTime, refund.refundTime]);

    // inquiryRefund finds the refund by either id.
    const byId = await call(t, INQUIRY_REFUND, { refundId: refund.refundId });
    expect(problemsWith('InquiryRefundResponse', byId)).toEqual([]);
    expect(byId).toEqual({ result: { resultCode: 'SUCCESS', resultStatus: 'S', resultMessage: 'Success.' }, refundId: refund.refundId, refundRequestId: refundRequest.refundRequestId, refundAmount: EUR('4000'), refundStatus: 'SUCCESS', refundTime: refund.refundTime });
    expect(await call(t, INQUIRY_REFUND, { refundRequestId: refundRequest.refundRequestId })).toEqual(byId);

    // 5. The notifications: notifyPayment, two notifyCapture to paymentNotifyUrl, notifyRefund to refundNotifyUrl.
    await t.sandbox.notifications.flush();
    const atPayment = bodiesAt(receiver, '/notify/payment', publicKey);
    expect(atPayment.map((b) => b.notifyType).sort()).toEqual(['CAPTURE_RESULT', 'CAPTURE_RESULT', 'PAYMENT_RESULT']);
    expect(problemsWith('NotifyPaymentBody', atPayment.find((b) => b.notifyType === 'PAYMENT_RESULT'))).toEqual([]);
    const captureNotification = (captureId: string) => atPayment.find((b) => b.captureId === captureId);
    for (const [body, answer] of [[captureNotification(first.captureId), first], [captureNotification(second.captureId), second]] as const) {
      expect(problemsWith('NotifyCaptureBody', body)).toEqual([]);
      expect(body).toEqual({
        notifyType: 'CAPTURE_RESULT', result: { resultCode: 'SUCCESS', resultStatus: 'S', resultMessage: 'Success.' },
        captureRequestId: answer.captureRequestId, paymentId, captureId: answer.captureId, captureAmount: answer.captureAmount,
        captureTime: answer.captureTime, acquirerReferenceNo: answer.acquirerReferenceNo,
      });
    }
    const atRefund = bodiesAt(receiver, '/notify/refund?shop=7', publicKey);
    expect(atRefund).toHaveLength(1);
    expect(problemsWith('NotifyRefundBody', atRefund[0])).toEqual([]);
    expect(atRefund[0]).toEqual({
      notifyType: 'REFUND_RESULT', result: { resultCode: 'SUCCESS', resultStatus: 'S', resultMessage: 'Success.' }, refundStatus: 'SUCCESS',
      refundRequestId: refundRequest.refundRequestId, refundId: refund.refundId, paymentId, refundAmount: EUR('4000'),
      refundTime: refund.refundTime, refundReason: 'one cup returned',
    });
    const journal = (await request(t.sandbox.app).get(`/_sandbox/notifications?paymentId=${paymentId}`)).body.notifications;
    expect(journal.map((n: { status: string }) => n.status)).toEqual(['delivered', 'delivered', 'delivered', 'delivered']);
  });

  it('sends notifyRefund to paymentNotifyUrl when the refund names no URL of its own', async () => {
    const pay = await call(t, PAY, cardPay({ paymentNotifyUrl: `${receiver.url}/notify/fallback` }));
    await call(t, CAPTURE, captureBody(pay.paymentId, '30000'));
    const refund = await call(t, REFUND, refundBody(pay.paymentId, '30000'));
    await t.sandbox.notifications.flush();
    const bodies = bodiesAt(receiver, '/notify/fallback', publicKey);
    expect(bodies.map((b) => b.notifyType).sort()).toEqual(['CAPTURE_RESULT', 'PAYMENT_RESULT', 'REFUND_RESULT']);
    const refunded = bodies.find((b) => b.notifyType === 'REFUND_RESULT')!;
    expect(refunded).toMatchObject({ refundId: refund.refundId, refundStatus: 'SUCCESS' });
    expect(refunded.refundReason).toBeUndefined();
  });
});

describe('amounts', () => {
  it('a capture or refund must be in the payment currency', async () => {
    const pay = await call(t, PAY, cardPay());
    const capture = await call(t, CAPTURE, { ...captureBody(pay.paymentId, '100'), captureAmount: { currency: 'USD', value: '100' } });
    expect(capture.result).toMatchObject({ resultCode: 'PARAM_ILLEGAL', resultStatus: 'F', resultMessage: expect.stringMatching(/captureAmount\.currency must be EUR/) });
    await call(t, CAPTURE, captureBody(pay.paymentId, '100'));
    const refund = await call(t, REFUND, { ...refundBody(pay.paymentId, '100'), refundAmount: { currency: 'USD', value: '100' } });
    expect(refund.result.resultMessage).toMatch(/refundAmount\.currency must be EUR/);
  });

  it('IDR captures and refunds follow pay\'s rule: whole rupiah, a value ending in "00"', async () => {
    const pay = await call(t, PAY, cardPay({ paymentAmount: { currency: 'IDR', value: '1000000' } }));
    expect(pay.result.resultCode).toBe('SUCCESS');
    const odd = await call(t, CAPTURE, { ...captureBody(pay.paymentId, '1'), captureAmount: { currency: 'IDR', value: '10050' } });
    expect(odd.result).toMatchObject({ resultCode: 'INVALID_AMOUNT', resultMessage: 'captureAmount.value must end in "00" for IDR' });
    expect((await call(t, CAPTURE, { ...captureBody(pay.paymentId, '1'), captureAmount: { currency: 'IDR', value: '10000' } })).result.resultCode).toBe('SUCCESS');
    const refund = await call(t, REFUND, { ...refundBody(pay.paymentId, '1'), refundAmount: { currency: 'IDR', value: '150' } });
    expect(refund.result.resultCode).toBe('INVALID_AMOUNT');
  });

  it('CAPTURE_AMOUNT_EXCEED_AUTH_LIMIT says how much is left', async () => {
    const pay = await call(t, PAY, cardPay());
    await call(t, CAPTURE, captureBody(pay.paymentId, '29000'));
    const over = await call(t, CAPTURE, captureBody(pay.paymentId, '1001'));
    expect(over.result).toMatchObject({ resultCode: 'CAPTURE_AMOUNT_EXCEED_AUTH_LIMIT', resultStatus: 'F' });
    expect(over.result.resultMessage).toMatch(/1000 EUR left to capture of 30000/);
    // Exactly what is left closes the authorization.
    expect((await call(t, CAPTURE, captureBody(pay.paymentId, '1000'))).result.resultCode).toBe('SUCCESS');
    expect((await call(t, CAPTURE, captureBody(pay.paymentId, '1'))).result.resultMessage).toMatch(/whole amount is captured/);
  });

  it('schema violations answer PARAM_ILLEGAL naming the field; isLastCapture may be a string, as Antom writes it', async () => {
    const pay = await call(t, PAY, cardPay());
    const cases: [object, RegExp][] = [
      [{ paymentId: pay.paymentId, captureAmount: EUR('100') }, /captureRequestId is required/],
      [{ ...captureBody(pay.paymentId, '100'), captureAmount: EUR('1.5') }, /captureAmount\.value must match/],
      [{ ...captureBody(pay.paymentId, '100'), isLastCapture: 'yes' }, /isLastCapture/],
    ];
    for (const [body, message] of cases) {
      const res = await call(t, CAPTURE, body);
      expect(res.result.resultCode).toBe('PARAM_ILLEGAL');
      expect(res.result.resultMessage).toMatch(message);
    }
    expect((await call(t, CAPTURE, captureBody(pay.paymentId, '100', { isLastCapture: 'true' }))).result.resultCode).toBe('SUCCESS');
    expect((await call(t, CAPTURE, captureBody(pay.paymentId, '100'))).result.resultCode).toBe('ORDER_STATUS_INVALID');
    expect((await call(t, REFUND, { paymentId: pay.paymentId, refundAmount: EUR('1') })).result.resultMessage).toBe('refundRequestId is required');
  });
});

describe('not found, and not yours', () => {
  it('an unknown payment is AUTH_NOT_FOUND to capture and ORDER_NOT_EXIST to refund and cancel; another merchant sees the same', async () => {
    const unknown = '20261125194010800100000000000000000';
    expect((await call(t, CAPTURE, captureBody(unknown, '100'))).result.resultCode).toBe('AUTH_NOT_FOUND');
    expect((await call(t, REFUND, refundBody(unknown, '100'))).result.resultCode).toBe('ORDER_NOT_EXIST');
    const pay = await call(t, PAY, cardPay());
    await call(t, CAPTURE, captureBody(pay.paymentId, '1000'));
    const refund = await call(t, REFUND, refundBody(pay.paymentId, '100'));
    const other = { 'Client-Id': 'SANDBOX_OTHER' };
    expect((await t.post(CAPTURE, captureBody(pay.paymentId, '100'), other)).body.result.resultCode).toBe('AUTH_NOT_FOUND');
    expect((await t.post(REFUND, refundBody(pay.paymentId, '100'), other)).body.result.resultCode).toBe('ORDER_NOT_EXIST');
    expect((await t.post('/ams/api/v1/payments/cancel', { paymentId: pay.paymentId }, other)).body.result.resultCode).toBe('ORDER_NOT_EXIST');
    expect((await t.post(INQUIRY_REFUND, { refundId: refund.refundId }, other)).body.result.resultCode).toBe('REFUND_NOT_EXIST');
    expect((await call(t, INQUIRY_REFUND, { refundRequestId: 'nope' })).result).toMatchObject({ resultCode: 'REFUND_NOT_EXIST', resultStatus: 'F' });
    expect((await call(t, INQUIRY_REFUND, {})).result.resultMessage).toBe('refundId is required, or refundRequestId is required');
  });

  it('every path prefix serves the new operations', async () => {
    const pay = await call(t, PAY, cardPay());
    for (const prefix of ['/ams/api/v1', '/ams/sandbox/api/v1', '/v1']) {
      expect((await call(t, `${prefix}/payments/capture`, captureBody(pay.paymentId, '100'))).result.resultCode).toBe('SUCCESS');
    }
  });
});
