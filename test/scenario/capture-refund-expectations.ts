// What each built-in capture and refund scenario must do, written out here by hand (not read from the
// catalogue), as checks that drive a capture or refund through the HTTP pipeline and follow it to its end:
// the sandbox clock moved to a settlement, the notification a real endpoint receives, inquiryPayment's
// transactions, inquiryRefund, a retry. The same check serves the scenario asked for by name and the
// amount trigger that chooses it.
import request from 'supertest';
import { expect } from 'vitest';
import { problemsWith } from '../../server/api/validate.ts';
import type { SchemaName } from '../../schemas/index.ts';
import { cardPay } from '../support/bodies.ts';
import type { Receiver } from '../support/receiver.ts';
import { INQUIRY, PAY, type TestSandbox } from '../support/sandbox.ts';
import { bodiesAt, CANCEL, CAPTURE, captureBody, EUR, INQUIRY_REFUND, REFUND, refundBody, type Body } from '../payment/lifecycle-http.ts';

export interface LifecycleRun {
  t: TestSandbox;
  receiver: Receiver;
  /** The scenario that must answer the call under test, as x-sandbox-scenario reports it. */
  scenario: string;
  /** The amount of the capture or refund under test: any for a header, the trigger's own for a trigger. */
  amount: string;
  /** Headers of the call under test (x-sandbox-scenario when the scenario is asked for by name). */
  headers: Record<string, string>;
}

type Check = (run: LifecycleRun) => Promise<void>;

/** The seed's authorization: EUR 300.00. */
const AUTHORIZED = '30000';
/** The built-in in-process scenarios settle 2 minutes later on the sandbox clock. */
const SETTLE_MS = 2 * 60_000;

let paths = 0;

async function post(run: LifecycleRun, path: string, body: unknown, headers: Record<string, string> = {}): Promise<{ body: Body; headers: Record<string, string> }> {
  const res = await run.t.post(path, body, headers);
  expect(res.status).toBe(200);
  return { body: res.body as Body, headers: res.headers as Record<string, string> };
}

function expectValid(schema: SchemaName, body: unknown): void {
  expect(problemsWith(schema, body)).toEqual([]);
}

/** An authorization whose notifications go to a path of its own on the receiver. */
async function authorize(run: LifecycleRun): Promise<{ paymentId: string; path: string }> {
  const path = `/lifecycle/${run.scenario}/${++paths}`;
  const { body } = await post(run, PAY, cardPay({ paymentNotifyUrl: `${run.receiver.url}${path}` }));
  expect(body.result.resultCode).toBe('SUCCESS');
  return { paymentId: body.paymentId as string, path };
}

/** An authorization captured in full (by the default), ready to be refunded. */
async function capturedInFull(run: LifecycleRun): Promise<{ paymentId: string; path: string }> {
  const payment = await authorize(run);
  expect((await post(run, CAPTURE, captureBody(payment.paymentId, AUTHORIZED))).body.result.resultCode).toBe('SUCCESS');
  return payment;
}

/** The call under test: its answer, and the scenario the response headers name. */
async function underTest(run: LifecycleRun, path: string, body: unknown): Promise<Body> {
  const res = await post(run, path, body, run.headers);
  expect(res.headers['x-sandbox-scenario']).toBe(run.scenario);
  expect(res.headers['x-sandbox-scenario-reason']).toEqual(expect.any(String));
  return res.body;
}

/** inquiryPayment's transactions[] as "TYPE STATUS CODE". */
async function transactions(run: LifecycleRun, paymentId: string): Promise<string[]> {
  const { body } = await post(run, INQUIRY, { paymentId });
  expectValid('InquiryPaymentResponse', body);
  return (body.transactions as { transactionType: string; transactionStatus: string; transactionResult?: { resultCode: string } }[])
    .map((x) => `${x.transactionType} ${x.transactionStatus} ${x.transactionResult?.resultCode ?? ''}`.trim());
}

async function inquireRefund(run: LifecycleRun, by: { refundId?: string; refundRequestId?: string }): Promise<Body> {
  const { body } = await post(run, INQUIRY_REFUND, by);
  if (body.result.resultStatus === 'S') expectValid('InquiryRefundResponse', body);
  return body;
}

/** The notification of this type the merchant's endpoint received, signed by the sandbox, once delivered. */
async function notified(run: LifecycleRun, payment: { paymentId: string; path: string }, notifyType: 'CAPTURE_RESULT' | 'REFUND_RESULT'): Promise<Body> {
  await run.t.sandbox.notifications.waitForAttempt({ paymentId: payment.paymentId, notifyType, delivered: true }, 5000);
  const found = bodiesAt(run.receiver, payment.path, run.t.sandbox.keys.publicKeyBase64).filter((b) => b.notifyType === notifyType);
  expect(found).toHaveLength(1);
  expectValid(notifyType === 'CAPTURE_RESULT' ? 'NotifyCaptureBody' : 'NotifyRefundBody', found[0]);
  return found[0]!;
}

/** How many notifications of this type the sandbox made for the payment (none for what it did not keep). */
async function notificationCount(run: LifecycleRun, paymentId: string, notifyType: string): Promise<number> {
  const res = await request(run.t.sandbox.app).get(`/_sandbox/notifications?paymentId=${paymentId}`);
  return (res.body.notifications as { notifyType: string }[]).filter((n) => n.notifyType === notifyType).length;
}

const settleBy = (run: LifecycleRun, path: string, body: object) => request(run.t.sandbox.app).post(path).send(body);

// --- Captures ------------------------------------------------------------------------------------------------

function captureInProcess(then: 'S' | 'F'): Check {
  return async (run) => {
    const payment = await authorize(run);
    const body = captureBody(payment.paymentId, run.amount);
    const first = await underTest(run, CAPTURE, body);
    expectValid('CaptureResponse', first);
    expect(first).toMatchObject({ result: { resultCode: 'CAPTURE_IN_PROCESS', resultStatus: 'U' }, paymentId: payment.paymentId, captureAmount: EUR(run.amount) });
    expect(first.captureTime).toBeUndefined();
    expect(await transactions(run, payment.paymentId)).toEqual(['AUTHORIZATION SUCCESS SUCCESS', 'CAPTURE PROCESSING CAPTURE_IN_PROCESS']);
    await run.t.sandbox.clock.advance(SETTLE_MS - 1);
    expect(await notificationCount(run, payment.paymentId, 'CAPTURE_RESULT')).toBe(0);
    await run.t.sandbox.clock.advance(1);
    const notice = await notified(run, payment, 'CAPTURE_RESULT');
    if (then === 'S') {
      expect(notice).toMatchObject({ result: { resultCode: 'SUCCESS', resultStatus: 'S' }, captureId: first.captureId, captureTime: expect.any(String) });
      expect((await transactions(run, payment.paymentId))[1]).toBe('CAPTURE SUCCESS SUCCESS');
      // The retry Antom asks for after a U finds it captured, still named by its scenario.
      const retry = await underTest(run, CAPTURE, body);
      expect(retry).toMatchObject({ result: { resultCode: 'SUCCESS' }, captureId: first.captureId, captureTime: notice.captureTime });
    } else {
      expect(notice).toMatchObject({ result: { resultCode: 'PROCESS_FAIL', resultStatus: 'F' }, captureId: first.captureId });
      expect(notice.captureTime).toBeUndefined();
      expect((await transactions(run, payment.paymentId))[1]).toBe('CAPTURE FAIL PROCESS_FAIL');
      // A failed capture releases its amount: the whole authorization can still be captured.
      expect((await post(run, CAPTURE, captureBody(payment.paymentId, AUTHORIZED))).body.result.resultCode).toBe('SUCCESS');
    }
  };
}

const captureUntilSettled: Check = async (run) => {
  const payment = await authorize(run);
  const first = await underTest(run, CAPTURE, captureBody(payment.paymentId, run.amount));
  expect(first.result).toMatchObject({ resultCode: 'CAPTURE_IN_PROCESS', resultStatus: 'U' });
  await run.t.sandbox.clock.advance(24 * 3600_000);
  expect((await transactions(run, payment.paymentId))[1]).toBe('CAPTURE PROCESSING CAPTURE_IN_PROCESS');
  expect(await notificationCount(run, payment.paymentId, 'CAPTURE_RESULT')).toBe(0);
  const settled = await settleBy(run, `/_sandbox/payments/${payment.paymentId}/captures/${first.captureId}/settle`, { status: 'S' });
  expect(settled.status).toBe(200);
  expect((await notified(run, payment, 'CAPTURE_RESULT')).result.resultCode).toBe('SUCCESS');
  expect((await transactions(run, payment.paymentId))[1]).toBe('CAPTURE SUCCESS SUCCESS');
};

function captureDeclined(code: 'PROCESS_FAIL' | 'RISK_REJECT'): Check {
  return async (run) => {
    const payment = await authorize(run);
    const body = captureBody(payment.paymentId, run.amount);
    const first = await underTest(run, CAPTURE, body);
    expectValid('CaptureResponse', first);
    expect(first).toMatchObject({ result: { resultCode: code, resultStatus: 'F' }, captureId: expect.any(String), paymentId: payment.paymentId });
    // Kept: a repeat answers the same F, and the merchant is notified.
    expect((await underTest(run, CAPTURE, body))).toEqual(first);
    expect((await notified(run, payment, 'CAPTURE_RESULT')).result).toMatchObject({ resultCode: code, resultStatus: 'F' });
    expect(await transactions(run, payment.paymentId)).toEqual(['AUTHORIZATION SUCCESS SUCCESS', `CAPTURE FAIL ${code}`]);
    // Nothing was captured: the authorization can still be voided.
    expect((await post(run, CANCEL, { paymentId: payment.paymentId })).body.result.resultCode).toBe('SUCCESS');
  };
}

const multiCaptureNotSupported: Check = async (run) => {
  const payment = await authorize(run);
  // The first capture is not this scenario's: it goes on to the next layer (here the default, success).
  const first = await post(run, CAPTURE, captureBody(payment.paymentId, '1000'), run.headers);
  expect(first.body.result.resultCode).toBe('SUCCESS');
  expect(first.headers['x-sandbox-scenario']).toBe('success');
  expect(first.headers['x-sandbox-scenario-reason']).toMatch(/passed over: it is only for a capture after one that succeeded or is in process$/);
  const second = captureBody(payment.paymentId, '1000');
  const refused = await underTest(run, CAPTURE, second);
  expect(refused).toEqual({ result: { resultCode: 'MULTI_CAPTURE_NOT_SUPPORTED', resultStatus: 'F', resultMessage: 'Multiple captures are not supported.' } });
  // Refused like a broken rule: nothing kept, nothing notified, and the request id is free again.
  expect(await transactions(run, payment.paymentId)).toEqual(['AUTHORIZATION SUCCESS SUCCESS', 'CAPTURE SUCCESS SUCCESS']);
  await notified(run, payment, 'CAPTURE_RESULT');
  expect(await notificationCount(run, payment.paymentId, 'CAPTURE_RESULT')).toBe(1);
  expect((await post(run, CAPTURE, second)).body.result.resultCode).toBe('SUCCESS');
};

const captureUnknownException: Check = async (run) => {
  const payment = await authorize(run);
  const body = captureBody(payment.paymentId, run.amount);
  // Timeout but captured: the answer is lost, the capture is real.
  expect(await underTest(run, CAPTURE, body)).toEqual({ result: { resultCode: 'UNKNOWN_EXCEPTION', resultStatus: 'U', resultMessage: 'An API call has failed, which is caused by unknown reasons.' } });
  expect(await transactions(run, payment.paymentId)).toEqual(['AUTHORIZATION SUCCESS SUCCESS', 'CAPTURE SUCCESS SUCCESS']);
  const notice = await notified(run, payment, 'CAPTURE_RESULT');
  const retry = await post(run, CAPTURE, body);
  expect(retry.body).toMatchObject({ result: { resultCode: 'SUCCESS' }, captureId: notice.captureId });
};

const captureTrafficLimit: Check = async (run) => {
  const payment = await authorize(run);
  const body = captureBody(payment.paymentId, run.amount);
  expect(await underTest(run, CAPTURE, body)).toEqual({ result: { resultCode: 'REQUEST_TRAFFIC_EXCEED_LIMIT', resultStatus: 'U', resultMessage: 'The request traffic exceeds the limit.' } });
  // Never reached the gateway: nothing captured or notified, and the retry captures.
  expect(await transactions(run, payment.paymentId)).toEqual(['AUTHORIZATION SUCCESS SUCCESS']);
  expect(await notificationCount(run, payment.paymentId, 'CAPTURE_RESULT')).toBe(0);
  expect((await post(run, CAPTURE, body)).body.result.resultCode).toBe('SUCCESS');
};

// --- Refunds -------------------------------------------------------------------------------------------------

function refundInProcess(then: 'S' | 'F'): Check {
  return async (run) => {
    const payment = await capturedInFull(run);
    const body = refundBody(payment.paymentId, run.amount);
    const first = await underTest(run, REFUND, body);
    expectValid('RefundResponse', first);
    expect(first).toMatchObject({ result: { resultCode: 'REFUND_IN_PROCESS', resultStatus: 'U' }, paymentId: payment.paymentId, refundAmount: EUR(run.amount) });
    expect(first.refundTime).toBeUndefined();
    expect(await inquireRefund(run, { refundId: first.refundId })).toMatchObject({ refundStatus: 'PROCESSING', refundRequestId: body.refundRequestId });
    expect((await transactions(run, payment.paymentId))[2]).toBe('REFUND PROCESSING REFUND_IN_PROCESS');
    await run.t.sandbox.clock.advance(SETTLE_MS);
    const notice = await notified(run, payment, 'REFUND_RESULT');
    const inquiry = await inquireRefund(run, { refundRequestId: body.refundRequestId });
    if (then === 'S') {
      expect(notice).toMatchObject({ refundStatus: 'SUCCESS', result: { resultCode: 'SUCCESS', resultStatus: 'S' }, refundId: first.refundId, refundTime: expect.any(String) });
      expect(inquiry).toMatchObject({ refundStatus: 'SUCCESS', refundTime: notice.refundTime });
      expect((await transactions(run, payment.paymentId))[2]).toBe('REFUND SUCCESS SUCCESS');
    } else {
      expect(notice).toMatchObject({ refundStatus: 'FAIL', result: { resultCode: 'PROCESS_FAIL', resultStatus: 'F' }, refundId: first.refundId });
      expect(notice.refundTime).toBeUndefined();
      expect(inquiry.refundStatus).toBe('FAIL');
      expect((await transactions(run, payment.paymentId))[2]).toBe('REFUND FAIL PROCESS_FAIL');
      // A failed refund gives its amount back: all of it can be refunded.
      expect((await post(run, REFUND, refundBody(payment.paymentId, AUTHORIZED))).body.result.resultCode).toBe('SUCCESS');
    }
  };
}

const refundUntilSettled: Check = async (run) => {
  const payment = await capturedInFull(run);
  const first = await underTest(run, REFUND, refundBody(payment.paymentId, run.amount));
  expect(first.result).toMatchObject({ resultCode: 'REFUND_IN_PROCESS', resultStatus: 'U' });
  await run.t.sandbox.clock.advance(24 * 3600_000);
  expect((await inquireRefund(run, { refundId: first.refundId })).refundStatus).toBe('PROCESSING');
  const settled = await settleBy(run, `/_sandbox/payments/${payment.paymentId}/refunds/${first.refundId}/settle`, { status: 'F', resultCode: 'RISK_REJECT' });
  expect(settled.status).toBe(200);
  expect(await notified(run, payment, 'REFUND_RESULT')).toMatchObject({ refundStatus: 'FAIL', result: { resultCode: 'RISK_REJECT' } });
  expect((await inquireRefund(run, { refundId: first.refundId })).refundStatus).toBe('FAIL');
};

function refundDeclined(code: 'PROCESS_FAIL' | 'RISK_REJECT'): Check {
  return async (run) => {
    const payment = await capturedInFull(run);
    const body = refundBody(payment.paymentId, run.amount);
    const first = await underTest(run, REFUND, body);
    expectValid('RefundResponse', first);
    expect(first).toMatchObject({ result: { resultCode: code, resultStatus: 'F' }, refundId: expect.any(String) });
    expect(await underTest(run, REFUND, body)).toEqual(first);
    expect(await inquireRefund(run, { refundId: first.refundId })).toMatchObject({ refundStatus: 'FAIL' });
    expect(await notified(run, payment, 'REFUND_RESULT')).toMatchObject({ refundStatus: 'FAIL', result: { resultCode: code, resultStatus: 'F' } });
    expect((await transactions(run, payment.paymentId))[2]).toBe(`REFUND FAIL ${code}`);
  };
}

const partialRefundNotSupported: Check = async (run) => {
  const payment = await capturedInFull(run);
  const partial = refundBody(payment.paymentId, '1000');
  expect(await underTest(run, REFUND, partial)).toEqual({ result: { resultCode: 'PARTIAL_REFUND_NOT_SUPPORTED', resultStatus: 'F', resultMessage: 'Partial refunds are not supported.' } });
  expect((await inquireRefund(run, { refundRequestId: partial.refundRequestId })).result.resultCode).toBe('REFUND_NOT_EXIST');
  expect(await notificationCount(run, payment.paymentId, 'REFUND_RESULT')).toBe(0);
  // A refund of all that is left is not this scenario's: the next layer (the default) refunds it.
  const full = await post(run, REFUND, refundBody(payment.paymentId, AUTHORIZED), run.headers);
  expect(full.body.result.resultCode).toBe('SUCCESS');
  expect(full.headers['x-sandbox-scenario']).toBe('success');
  expect(full.headers['x-sandbox-scenario-reason']).toMatch(/passed over: it is only for a refund of less than what is left to refund$/);
  expect(await notified(run, payment, 'REFUND_RESULT')).toMatchObject({ refundStatus: 'SUCCESS' });
};

const refundUnknownException: Check = async (run) => {
  const payment = await capturedInFull(run);
  const body = refundBody(payment.paymentId, run.amount);
  expect((await underTest(run, REFUND, body)).result).toMatchObject({ resultCode: 'UNKNOWN_EXCEPTION', resultStatus: 'U' });
  // It was refunded all the same: inquiryRefund, notifyRefund and a retry all find it.
  expect(await inquireRefund(run, { refundRequestId: body.refundRequestId })).toMatchObject({ refundStatus: 'SUCCESS' });
  expect(await notified(run, payment, 'REFUND_RESULT')).toMatchObject({ refundStatus: 'SUCCESS' });
  expect((await post(run, REFUND, body)).body.result.resultCode).toBe('SUCCESS');
};

const refundTrafficLimit: Check = async (run) => {
  const payment = await capturedInFull(run);
  const body = refundBody(payment.paymentId, run.amount);
  expect((await underTest(run, REFUND, body)).result).toMatchObject({ resultCode: 'REQUEST_TRAFFIC_EXCEED_LIMIT', resultStatus: 'U' });
  expect((await inquireRefund(run, { refundRequestId: body.refundRequestId })).result.resultCode).toBe('REFUND_NOT_EXIST');
  expect(await notificationCount(run, payment.paymentId, 'REFUND_RESULT')).toBe(0);
  expect((await post(run, REFUND, body)).body.result.resultCode).toBe('SUCCESS');
};

/** Success on demand: the header beats even an amount trigger. */
const succeeds: Record<'capture' | 'refund', Check> = {
  capture: async (run) => {
    const payment = await authorize(run);
    const answer = await underTest(run, CAPTURE, captureBody(payment.paymentId, '7004'));
    expect(answer).toMatchObject({ result: { resultCode: 'SUCCESS', resultStatus: 'S' }, captureTime: expect.any(String), acquirerReferenceNo: expect.any(String) });
    expect((await notified(run, payment, 'CAPTURE_RESULT')).result.resultCode).toBe('SUCCESS');
  },
  refund: async (run) => {
    const payment = await capturedInFull(run);
    const answer = await underTest(run, REFUND, refundBody(payment.paymentId, '7004'));
    expect(answer).toMatchObject({ result: { resultCode: 'SUCCESS', resultStatus: 'S' }, refundTime: expect.any(String) });
    expect(await notified(run, payment, 'REFUND_RESULT')).toMatchObject({ refundStatus: 'SUCCESS' });
  },
};

/** Every built-in scenario with a capture or refund outcome, and the check of each. */
export const LIFECYCLE_EXPECTATIONS: Record<string, Partial<Record<'capture' | 'refund', Check>>> = {
  success: succeeds,
  'capture-in-process-then-success': { capture: captureInProcess('S') },
  'capture-in-process-then-fail': { capture: captureInProcess('F') },
  CAPTURE_IN_PROCESS: { capture: captureUntilSettled },
  'capture-declined': { capture: captureDeclined('PROCESS_FAIL') },
  'capture-risk-rejected': { capture: captureDeclined('RISK_REJECT') },
  MULTI_CAPTURE_NOT_SUPPORTED: { capture: multiCaptureNotSupported },
  'capture-unknown-exception': { capture: captureUnknownException },
  'capture-traffic-limit': { capture: captureTrafficLimit },
  'refund-in-process-then-success': { refund: refundInProcess('S') },
  'refund-in-process-then-fail': { refund: refundInProcess('F') },
  REFUND_IN_PROCESS: { refund: refundUntilSettled },
  'refund-declined': { refund: refundDeclined('PROCESS_FAIL') },
  'refund-risk-rejected': { refund: refundDeclined('RISK_REJECT') },
  PARTIAL_REFUND_NOT_SUPPORTED: { refund: partialRefundNotSupported },
  'refund-unknown-exception': { refund: refundUnknownException },
  'refund-traffic-limit': { refund: refundTrafficLimit },
};
