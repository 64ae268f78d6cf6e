// Outcomes of captures and refunds: CAPTURE_IN_PROCESS / REFUND_IN_PROCESS that settle later on the
// sandbox clock (and notify then), a later FAIL, settling by hand from the control plane, and the
// decision hooks a scenario engine plugs into.
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { problemsWith } from '../../server/api/validate.ts';
import { cardPay } from '../support/bodies.ts';
import { startReceiver, type Receiver } from '../support/receiver.ts';
import { INQUIRY, PAY, startTestSandbox, type TestSandbox } from '../support/sandbox.ts';
import { bodiesAt, call, CANCEL, CAPTURE, captureBody, EUR, INQUIRY_REFUND, REFUND, refundBody } from './lifecycle-http.ts';

/** Amount triggers 7001 and 7002 settle 2 minutes later (scenarios/60-capture-refund.yaml). */
const TRIGGER_SETTLE_AFTER_MS = 2 * 60_000;

let t: TestSandbox;
let receiver: Receiver;
beforeAll(async () => {
  t = await startTestSandbox({ notifyTimeoutMs: 2000 });
  receiver = await startReceiver();
});
afterAll(() => receiver.close());

const bodies = (path: string) => bodiesAt(receiver, path, t.sandbox.keys.publicKeyBase64);
/** The one notification of this type on this path (notifications due at one instant arrive in any order). */
const only = (path: string, notifyType: string) => {
  const found = bodies(path).filter((b) => b.notifyType === notifyType);
  expect(found).toHaveLength(1);
  return found[0]!;
};
async function authorize(path: string): Promise<string> {
  return (await call(t, PAY, cardPay({ paymentNotifyUrl: `${receiver.url}${path}` }))).paymentId as string;
}

describe('amount 7001: in process, then success', () => {
  it('a capture answers CAPTURE_IN_PROCESS, settles 2 minutes later on the sandbox clock and is notified then', async () => {
    const paymentId = await authorize('/u/capture-ok');
    const body = captureBody(paymentId, '7001');
    const first = await call(t, CAPTURE, body);
    expect(problemsWith('CaptureResponse', first)).toEqual([]);
    expect(first).toMatchObject({ result: { resultCode: 'CAPTURE_IN_PROCESS', resultStatus: 'U' }, paymentId, captureAmount: EUR('7001') });
    expect(first.captureTime).toBeUndefined();
    expect((await call(t, INQUIRY, { paymentId })).transactions[1]).toMatchObject({ transactionType: 'CAPTURE', transactionStatus: 'PROCESSING', transactionId: first.captureId });
    // Cannot cancel while a capture is in process.
    expect((await call(t, CANCEL, { paymentId })).result.resultCode).toBe('ORDER_STATUS_INVALID');

    await t.sandbox.clock.advance(TRIGGER_SETTLE_AFTER_MS);
    await t.sandbox.notifications.flush();
    const notified = only('/u/capture-ok', 'CAPTURE_RESULT');
    expect(problemsWith('NotifyCaptureBody', notified)).toEqual([]);
    expect(notified).toMatchObject({ notifyType: 'CAPTURE_RESULT', result: { resultCode: 'SUCCESS', resultStatus: 'S' }, captureId: first.captureId, captureAmount: EUR('7001') });
    // The retry Antom asks for after a U now finds it settled.
    const retry = await call(t, CAPTURE, body);
    expect(retry).toMatchObject({ result: { resultCode: 'SUCCESS' }, captureId: first.captureId, captureTime: notified!.captureTime });
  });

  it('a refund answers REFUND_IN_PROCESS, inquiryRefund shows PROCESSING, then SUCCESS with its notification', async () => {
    const paymentId = await authorize('/u/refund-ok');
    await call(t, CAPTURE, captureBody(paymentId, '30000'));
    const body = refundBody(paymentId, '7001');
    const first = await call(t, REFUND, body);
    expect(first).toMatchObject({ result: { resultCode: 'REFUND_IN_PROCESS', resultStatus: 'U' }, refundAmount: EUR('7001') });
    expect((await call(t, INQUIRY_REFUND, { refundId: first.refundId })).refundStatus).toBe('PROCESSING');
    // What is being refunded is reserved: only 229.99 more can be refunded meanwhile.
    expect((await call(t, REFUND, refundBody(paymentId, '23000'))).result.resultCode).toBe('REFUND_AMOUNT_EXCEED');
    await t.sandbox.clock.advance(TRIGGER_SETTLE_AFTER_MS);
    await t.sandbox.notifications.flush();
    const inquiry = await call(t, INQUIRY_REFUND, { refundRequestId: body.refundRequestId });
    expect(inquiry).toMatchObject({ refundStatus: 'SUCCESS', refundTime: expect.any(String) });
    expect(only('/u/refund-ok', 'REFUND_RESULT')).toMatchObject({ refundStatus: 'SUCCESS', refundId: first.refundId, refundTime: inquiry.refundTime });
  });
});

describe('amount 7002: in process, then FAIL', () => {
  it('a refund fails later: notifyRefund with refundStatus FAIL, inquiryRefund FAIL, and the amount is refundable again', async () => {
    const paymentId = await authorize('/u/refund-fail');
    await call(t, CAPTURE, captureBody(paymentId, '30000'));
    const first = await call(t, REFUND, refundBody(paymentId, '7002'));
    expect(first.result.resultCode).toBe('REFUND_IN_PROCESS');
    await t.sandbox.clock.advance(TRIGGER_SETTLE_AFTER_MS);
    await t.sandbox.notifications.flush();
    const notified = only('/u/refund-fail', 'REFUND_RESULT');
    expect(problemsWith('NotifyRefundBody', notified)).toEqual([]);
    expect(notified).toMatchObject({ notifyType: 'REFUND_RESULT', refundStatus: 'FAIL', result: { resultCode: 'PROCESS_FAIL', resultStatus: 'F' }, refundId: first.refundId });
    expect(notified.refundTime).toBeUndefined();
    expect(await call(t, INQUIRY_REFUND, { refundId: first.refundId })).toMatchObject({ refundStatus: 'FAIL' });
    expect((await call(t, INQUIRY, { paymentId })).transactions.at(-1)).toMatchObject({ transactionType: 'REFUND', transactionStatus: 'FAIL' });
    expect((await call(t, REFUND, refundBody(paymentId, '30000'))).result.resultCode).toBe('SUCCESS');
  });

  it('a capture fails later: notifyCapture with result F, and the authorization can be captured again', async () => {
    const paymentId = await authorize('/u/capture-fail');
    const first = await call(t, CAPTURE, captureBody(paymentId, '7002', { isLastCapture: true }));
    expect(first.result.resultCode).toBe('CAPTURE_IN_PROCESS');
    // A last capture in process closes the door to others until it settles.
    expect((await call(t, CAPTURE, captureBody(paymentId, '100'))).result.resultCode).toBe('ORDER_STATUS_INVALID');
    await t.sandbox.clock.advance(TRIGGER_SETTLE_AFTER_MS);
    await t.sandbox.notifications.flush();
    expect(only('/u/capture-fail', 'CAPTURE_RESULT')).toMatchObject({ result: { resultCode: 'PROCESS_FAIL', resultStatus: 'F' }, captureId: first.captureId });
    // A failed last capture leaves the authorization open.
    expect((await call(t, CAPTURE, captureBody(paymentId, '30000'))).result.resultCode).toBe('SUCCESS');
  });
});

describe('amount 7003: in process until settled from the control plane', () => {
  it('stays in process on the clock, and settles by hand with the notification Antom would send', async () => {
    const paymentId = await authorize('/u/manual');
    const capture = await call(t, CAPTURE, captureBody(paymentId, '7003'));
    await t.sandbox.clock.advance(24 * 3600_000);
    expect((await call(t, INQUIRY, { paymentId })).transactions[1].transactionStatus).toBe('PROCESSING');
    const settled = await request(t.sandbox.app).post(`/_sandbox/payments/${paymentId}/captures/${capture.captureId}/settle`).send({ status: 'S' });
    expect(settled.status).toBe(200);
    expect(settled.body.capture).toMatchObject({ result: { resultCode: 'SUCCESS' }, captureId: capture.captureId });
    // Settling twice is refused, and so is an unknown capture or a code that is not F.
    const twice = await request(t.sandbox.app).post(`/_sandbox/payments/${paymentId}/captures/${capture.captureId}/settle`).send({ status: 'S' });
    expect([twice.status, twice.body.error.code]).toEqual([409, 'STATE_CONFLICT']);
    const unknown = await request(t.sandbox.app).post(`/_sandbox/payments/${paymentId}/captures/nope/settle`).send({ status: 'S' });
    expect([unknown.status, unknown.body.error.code, unknown.body.error.field]).toEqual([404, 'CAPTURE_NOT_FOUND', 'captureId']);

    await call(t, CAPTURE, captureBody(paymentId, '10000'));
    const refund = await call(t, REFUND, refundBody(paymentId, '7003'));
    const badCode = await request(t.sandbox.app).post(`/_sandbox/payments/${paymentId}/refunds/${refund.refundId}/settle`).send({ status: 'F', resultCode: 'SUCCESS' });
    expect([badCode.status, badCode.body.error.code, badCode.body.error.field]).toEqual([400, 'INVALID_BODY', 'resultCode']);
    const failed = await request(t.sandbox.app).post(`/_sandbox/payments/${paymentId}/refunds/${refund.refundId}/settle`)
      .send({ status: 'F', resultCode: 'RISK_REJECT', resultMessage: 'refused by QA' });
    expect(failed.body.refund.result).toEqual({ resultCode: 'RISK_REJECT', resultStatus: 'F', resultMessage: 'refused by QA' });
    await t.sandbox.notifications.flush();
    expect(bodies('/u/manual').map((b) => `${b.notifyType} ${b.result.resultCode}`).sort()).toEqual([
      'CAPTURE_RESULT SUCCESS', 'CAPTURE_RESULT SUCCESS', 'PAYMENT_RESULT SUCCESS', 'REFUND_RESULT RISK_REJECT',
    ]);
  });
});

describe('amount 7004: declined at once', () => {
  it('answers F, is kept (a repeat answers the same F) and notified', async () => {
    const paymentId = await authorize('/u/declined');
    const body = captureBody(paymentId, '7004');
    const first = await call(t, CAPTURE, body);
    expect(first.result).toMatchObject({ resultCode: 'PROCESS_FAIL', resultStatus: 'F' });
    expect(problemsWith('CaptureResponse', first)).toEqual([]);
    expect(await call(t, CAPTURE, body)).toEqual(first);
    await t.sandbox.notifications.flush();
    expect(only('/u/declined', 'CAPTURE_RESULT')).toMatchObject({ captureId: first.captureId, result: { resultCode: 'PROCESS_FAIL' } });
    // Nothing was captured: the authorization can still be voided.
    expect((await call(t, CANCEL, { paymentId })).result.resultCode).toBe('SUCCESS');
  });
});

describe('the decision hooks', () => {
  it('a replacement decideCapture / decideRefund chooses the outcome of every accepted capture and refund', async () => {
    const core = t.sandbox.core;
    const seen: string[] = [];
    core.decideCapture = ({ captureAmount, requestedScenario }) => {
      seen.push(`capture ${captureAmount.value} ${requestedScenario ?? ''}`);
      return { status: 'F', code: 'RISK_REJECT', scenario: { name: 'test', reason: 'replaced hook' } };
    };
    core.decideRefund = () => ({ status: 'U', settleAfterMs: 1000, settlement: { status: 'S' }, scenario: { name: 'test', reason: 'replaced hook' } });
    try {
      const paymentId = await authorize('/u/hooks');
      const res = await t.post(CAPTURE, captureBody(paymentId, '100'), { 'x-sandbox-scenario': 'capture-risk' });
      expect(res.body.result.resultCode).toBe('RISK_REJECT');
      // The rules come first: a refused request never reaches the decision.
      expect((await call(t, CAPTURE, captureBody(paymentId, '40000'))).result.resultCode).toBe('CAPTURE_AMOUNT_EXCEED_AUTH_LIMIT');
      expect(seen).toEqual(['capture 100 capture-risk']);
      core.decideCapture = () => ({ status: 'S', scenario: { name: 'test', reason: 'replaced hook' } });
      await call(t, CAPTURE, captureBody(paymentId, '100'));
      expect((await call(t, REFUND, refundBody(paymentId, '100'))).result.resultCode).toBe('REFUND_IN_PROCESS');
      expect(t.sandbox.store.payments.get(paymentId)!.captures![0]!.scenario).toEqual({ name: 'test', reason: 'replaced hook' });
    } finally {
      const defaults = await import('../../server/scenario/decide-lifecycle-outcome.ts');
      core.decideCapture = defaults.decideCaptureByDefault;
      core.decideRefund = defaults.decideRefundByDefault;
    }
  });
});
