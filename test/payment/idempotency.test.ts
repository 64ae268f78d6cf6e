// Idempotent retries of capture and refund, as a merchant's retry logic would send them: keyed by
// captureRequestId / refundRequestId, per merchant.
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cardPay } from '../support/bodies.ts';
import { startReceiver, type Receiver } from '../support/receiver.ts';
import { INQUIRY, PAY, startTestSandbox, type TestSandbox } from '../support/sandbox.ts';
import { call, CANCEL, CAPTURE, captureBody, EUR, REFUND, refundBody } from './lifecycle-http.ts';

let t: TestSandbox;
let receiver: Receiver;
beforeAll(async () => {
  t = await startTestSandbox({ notifyTimeoutMs: 2000 });
  receiver = await startReceiver();
});
afterAll(() => receiver.close());

const authorize = async () => (await call(t, PAY, cardPay())).paymentId as string;
const transactionsOf = async (paymentId: string, type: string) =>
  (await call(t, INQUIRY, { paymentId })).transactions.filter((x: { transactionType: string }) => x.transactionType === type);
const notificationsOf = async (paymentId: string) => (await request(t.sandbox.app).get(`/_sandbox/notifications?paymentId=${paymentId}`)).body.notifications as { notifyType: string }[];

describe('capture retries', () => {
  it('the same request answers the same capture, captured once and notified once', async () => {
    const paymentId = (await call(t, PAY, cardPay({ paymentNotifyUrl: `${receiver.url}/idempotency` }))).paymentId as string;
    const body = captureBody(paymentId, '10000');
    const first = await call(t, CAPTURE, body);
    await t.sandbox.clock.advance(60_000);
    await t.sandbox.notifications.flush();
    const again = await call(t, CAPTURE, body);
    expect(again).toEqual(first);
    expect(await transactionsOf(paymentId, 'CAPTURE')).toHaveLength(1);
    expect((await notificationsOf(paymentId)).filter((n) => n.notifyType === 'CAPTURE_RESULT')).toHaveLength(1);
    expect(receiver.received.filter((r) => r.body.includes('CAPTURE_RESULT'))).toHaveLength(1);
  });

  it('retries sent together still capture once', async () => {
    const paymentId = await authorize();
    const body = captureBody(paymentId, '10000');
    const answers = await Promise.all(Array.from({ length: 5 }, () => call(t, CAPTURE, body)));
    expect(new Set(answers.map((a) => a.captureId)).size).toBe(1);
    expect(await transactionsOf(paymentId, 'CAPTURE')).toHaveLength(1);
  });

  it('the same captureRequestId with another amount, payment or isLastCapture answers REPEAT_REQ_INCONSISTENT', async () => {
    const paymentId = await authorize();
    const other = await authorize();
    const body = captureBody(paymentId, '10000');
    await call(t, CAPTURE, body);
    for (const change of [{ captureAmount: EUR('10001') }, { captureAmount: { currency: 'USD', value: '10000' } }, { paymentId: other }, { isLastCapture: true }]) {
      const res = await call(t, CAPTURE, { ...body, ...change });
      expect(res.result).toMatchObject({ resultCode: 'REPEAT_REQ_INCONSISTENT', resultStatus: 'F' });
      expect(res.result.resultMessage).toContain(body.captureRequestId);
    }
    expect(await transactionsOf(paymentId, 'CAPTURE')).toHaveLength(1);
    expect(await transactionsOf(other, 'CAPTURE')).toHaveLength(0);
  });

  it('a repeat still answers the capture after the authorization moved on', async () => {
    const paymentId = await authorize();
    const body = captureBody(paymentId, '30000');
    const first = await call(t, CAPTURE, body);
    await call(t, REFUND, refundBody(paymentId, '30000'));
    expect(await call(t, CAPTURE, body)).toEqual(first);
  });

  it('a refused capture is not kept: its captureRequestId can be used again', async () => {
    const paymentId = await authorize();
    const body = captureBody(paymentId, '30001');
    expect((await call(t, CAPTURE, body)).result.resultCode).toBe('CAPTURE_AMOUNT_EXCEED_AUTH_LIMIT');
    expect((await call(t, CAPTURE, { ...body, captureAmount: EUR('30000') })).result.resultCode).toBe('SUCCESS');
  });

  it('captureRequestIds are per merchant', async () => {
    const mine = await authorize();
    const body = captureBody(mine, '100');
    await call(t, CAPTURE, body);
    const theirs = (await t.post(PAY, cardPay(), { 'Client-Id': 'SANDBOX_OTHER' })).body.paymentId as string;
    const res = await t.post(CAPTURE, { ...body, paymentId: theirs }, { 'Client-Id': 'SANDBOX_OTHER' });
    expect(res.body.result.resultCode).toBe('SUCCESS');
  });
});

describe('refund retries', () => {
  it('the same request answers the same refund, refunded once; refundReason and refundNotifyUrl are not key fields', async () => {
    const paymentId = await authorize();
    await call(t, CAPTURE, captureBody(paymentId, '30000'));
    const body = refundBody(paymentId, '5000', { refundReason: 'damaged' });
    const first = await call(t, REFUND, body);
    const again = await call(t, REFUND, { ...body, refundReason: 'changed my mind', refundNotifyUrl: 'https://merchant.example/other' });
    expect(again).toEqual(first);
    expect(await transactionsOf(paymentId, 'REFUND')).toHaveLength(1);
    // Only 50.00 was refunded: 250.00 is left.
    expect((await call(t, REFUND, refundBody(paymentId, '25000'))).result.resultCode).toBe('SUCCESS');
  });

  it('the same refundRequestId with another amount or payment answers REPEAT_REQ_INCONSISTENT', async () => {
    const paymentId = await authorize();
    const other = await authorize();
    await call(t, CAPTURE, captureBody(paymentId, '30000'));
    await call(t, CAPTURE, captureBody(other, '30000'));
    const body = refundBody(paymentId, '5000');
    await call(t, REFUND, body);
    for (const change of [{ refundAmount: EUR('5001') }, { refundAmount: { currency: 'JPY', value: '5000' } }, { paymentId: other }]) {
      expect((await call(t, REFUND, { ...body, ...change })).result).toMatchObject({ resultCode: 'REPEAT_REQ_INCONSISTENT', resultStatus: 'F' });
    }
    expect(await transactionsOf(paymentId, 'REFUND')).toHaveLength(1);
    expect(await transactionsOf(other, 'REFUND')).toHaveLength(0);
  });

  it('retries sent together still refund once', async () => {
    const paymentId = await authorize();
    await call(t, CAPTURE, captureBody(paymentId, '30000'));
    const body = refundBody(paymentId, '30000');
    const answers = await Promise.all(Array.from({ length: 5 }, () => call(t, REFUND, body)));
    expect(answers.map((a) => a.result.resultCode)).toEqual(Array(5).fill('SUCCESS'));
    expect(new Set(answers.map((a) => a.refundId)).size).toBe(1);
  });
});

describe('cancel retries', () => {
  it('a repeat of a successful cancel answers the same cancelTime', async () => {
    const paymentId = await authorize();
    const first = await call(t, CANCEL, { paymentId });
    await t.sandbox.clock.advance(60_000);
    expect(await call(t, CANCEL, { paymentId })).toEqual(first);
    expect(await transactionsOf(paymentId, 'CANCEL')).toHaveLength(1);
  });
});
