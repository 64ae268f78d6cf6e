// The control-plane routes the dashboard uses, as a script would use them: reset, the clock's next due
// events, a duplicate delivery and a composed notification, against a real notification receiver.
import { afterEach, describe, expect, it } from 'vitest';
import { cardPay, hostedPay } from '../support/bodies.ts';
import { startReceiver, type Receiver } from '../support/receiver.ts';
import { PAY } from '../support/sandbox.ts';
import { problemsWith } from '../../server/api/validate.ts';
import { REFUND, refundBody } from '../payment/lifecycle-http.ts';
import { startLive, type Json, type Live } from './live.ts';
import { FIRST_PAYMENTS_PAGE } from '../../server/http/dashboard-routes.ts';

let live: Live | undefined;
let receiver: Receiver | undefined;
afterEach(async () => {
  await live?.close();
  await receiver?.close();
  live = undefined;
  receiver = undefined;
});

describe('the dashboard\'s control-plane routes', () => {
  it('POST /_sandbox/notifications/:id/duplicate delivers the same notification again, marked as a duplicate', async () => {
    [live, receiver] = await Promise.all([startLive(), startReceiver()]);
    const paid = await live.call(PAY, cardPay({ paymentNotifyUrl: `${receiver.url}/notify` }));
    await live.sandbox.notifications.waitForAttempt({ paymentId: paid.paymentId, delivered: true });
    const [notification] = (await live.control('GET', `/notifications?paymentId=${paid.paymentId as string}`)).body.notifications as Json[];
    const { status, body } = await live.control('POST', `/notifications/${notification!.id as string}/duplicate`);
    expect(status).toBe(200);
    expect(body.notification.attempts.map((a: Json) => [a.kind, a.delivered, a.fault])).toEqual([['scheduled', true, undefined], ['duplicate', true, 'duplicate']]);
    expect(receiver.received).toHaveLength(2);
    expect(receiver.received[1]!.body).toBe(receiver.received[0]!.body);
    expect((await live.control('POST', '/notifications/ntf_none/duplicate')).status).toBe(404);
  });

  it('POST /_sandbox/notifications/compose signs and sends an F about a payment that succeeded, leaving the payment as it is', async () => {
    [live, receiver] = await Promise.all([startLive(), startReceiver()]);
    const paid = await live.call(PAY, cardPay({ paymentNotifyUrl: `${receiver.url}/notify` }));
    await live.sandbox.notifications.waitForAttempt({ paymentId: paid.paymentId, delivered: true });
    const { status, body } = await live.control('POST', '/notifications/compose', { paymentId: paid.paymentId, result: 'F', resultCode: 'RISK_REJECT' });
    expect(status).toBe(201);
    expect(body.notification).toMatchObject({ composed: true, notifyType: 'PAYMENT_RESULT', paymentId: paid.paymentId });
    await live.sandbox.notifications.waitForAttempt({ paymentId: paid.paymentId, number: 1, delivered: true, notifyType: 'PAYMENT_RESULT' });
    await live.sandbox.notifications.flush();
    const sent = JSON.parse(receiver.received[1]!.body) as Json;
    expect(sent).toMatchObject({ notifyType: 'PAYMENT_RESULT', paymentId: paid.paymentId, result: { resultCode: 'RISK_REJECT', resultStatus: 'F' } });
    expect(sent).not.toHaveProperty('paymentTime');
    expect(receiver.received[1]!.headers.signature).toMatch(/^algorithm=RSA256,keyVersion=1,signature=/);
    expect((await live.control('GET', `/payments/${paid.paymentId as string}`)).body.paymentStatus).toBe('SUCCESS');

    const refused = await live.control('POST', '/notifications/compose', { paymentId: paid.paymentId, result: 'F', resultCode: 'SUCCESS' });
    expect(refused.status).toBe(400);
    expect(refused.body.error).toMatchObject({ code: 'INVALID_BODY', field: 'resultCode', message: expect.stringContaining('resultCode must be one of') });
    expect((await live.control('POST', '/notifications/compose', { paymentId: paid.paymentId, result: 'maybe' })).body.error)
      .toEqual({ code: 'INVALID_BODY', status: 400, field: 'result', message: 'result must be one of S, F' });
    expect((await live.control('POST', '/notifications/compose', { paymentId: 'nope', result: 'S' })).body.error).toMatchObject({ code: 'PAYMENT_NOT_FOUND', status: 404 });
  });

  it('POST /_sandbox/notifications/compose sends a notifyCapture and a notifyRefund too, about the latest or the one named', async () => {
    [live, receiver] = await Promise.all([startLive(), startReceiver()]);
    // Not an authorization: the sandbox captures at once by itself, so the payment has a capture.
    const paid = await live.call(PAY, cardPay({ paymentNotifyUrl: `${receiver.url}/notify`, paymentFactor: { isAuthorization: false } }));
    const refund = await live.call(REFUND, refundBody(paid.paymentId as string, '1000', { refundNotifyUrl: `${receiver.url}/refunds` }));
    expect(refund.result.resultCode).toBe('SUCCESS');
    await live.sandbox.notifications.flush();
    const [capture] = (await live.control('GET', `/payments/${paid.paymentId as string}`)).body.captures as Json[];
    receiver.received.length = 0;

    const captured = await live.control('POST', '/notifications/compose', { paymentId: paid.paymentId, notifyType: 'CAPTURE_RESULT', result: 'F' });
    expect(captured.status).toBe(201);
    expect(captured.body.notification).toMatchObject({ composed: true, notifyType: 'CAPTURE_RESULT', url: `${receiver.url}/notify` });
    const refunded = await live.control('POST', '/notifications/compose', { paymentId: paid.paymentId, notifyType: 'REFUND_RESULT', refundId: refund.refundId, result: 'F', resultCode: 'RISK_REJECT' });
    expect(refunded.status).toBe(201);
    // A refund's notification goes to its refundNotifyUrl, as the sandbox's own does.
    expect(refunded.body.notification).toMatchObject({ notifyType: 'REFUND_RESULT', url: `${receiver.url}/refunds` });
    await live.sandbox.notifications.flush();
    const sent = receiver.received.map((r) => JSON.parse(r.body) as Json);
    const captureSent = sent.find((b) => b.notifyType === 'CAPTURE_RESULT')!;
    expect(problemsWith('NotifyCaptureBody', captureSent)).toEqual([]);
    expect(captureSent).toMatchObject({ paymentId: paid.paymentId, result: { resultCode: 'PROCESS_FAIL', resultStatus: 'F' } });
    expect(captureSent.captureId).toBe(capture!.captureId);
    const refundSent = sent.find((b) => b.notifyType === 'REFUND_RESULT')!;
    expect(problemsWith('NotifyRefundBody', refundSent)).toEqual([]);
    expect(refundSent).toMatchObject({ refundId: refund.refundId, refundStatus: 'FAIL', result: { resultCode: 'RISK_REJECT', resultStatus: 'F' } });
    // The payment's refund is as it was.
    expect((await live.control('GET', `/payments/${paid.paymentId as string}`)).body.paymentStatus).toBe('SUCCESS');

    const noRefund = await live.call(PAY, cardPay({ paymentNotifyUrl: `${receiver.url}/notify` }));
    const refused = await live.control('POST', '/notifications/compose', { paymentId: noRefund.paymentId, notifyType: 'REFUND_RESULT', result: 'S' });
    expect(refused.status).toBe(400);
    expect(refused.body.error).toMatchObject({ code: 'INVALID_BODY', message: `payment ${noRefund.paymentId as string} has no refund to notify about` });
    const wrongCode = await live.control('POST', '/notifications/compose', { paymentId: paid.paymentId, notifyType: 'CAPTURE_RESULT', result: 'F', resultCode: 'DO_NOT_HONOR' });
    expect(wrongCode.body.error).toMatchObject({ field: 'resultCode', message: 'resultCode must be one of PROCESS_FAIL, RISK_REJECT, MULTI_CAPTURE_NOT_SUPPORTED' });
    const mixed = await live.control('POST', '/notifications/compose', { paymentId: paid.paymentId, notifyType: 'CAPTURE_RESULT', refundId: refund.refundId, result: 'S' });
    expect(mixed.body.error).toMatchObject({ field: 'refundId', message: 'refundId is only for REFUND_RESULT' });
  });

  it('GET /_sandbox/clock/due lists the next due events in time order', async () => {
    [live, receiver] = await Promise.all([startLive(), startReceiver((_r, _i, res) => { res.writeHead(500).end(); })]);
    const failing = await live.call(PAY, cardPay({ paymentNotifyUrl: `${receiver.url}/notify` }));
    await live.sandbox.notifications.waitForAttempt({ paymentId: failing.paymentId, number: 1 });
    const hosted = await live.call(PAY, hostedPay());
    const { body } = await live.control('GET', '/clock/due');
    const due = body.due as Json[];
    expect(due.map((d) => [d.kind, d.paymentId])).toEqual([
      ['notification-attempt', failing.paymentId],
      ['payment-expiry', hosted.paymentId],
      ['authorization-expiry', failing.paymentId],
    ]);
    expect(due[0]!.inMs).toBe(2 * 60_000);
    expect(due[1]!.inMs).toBe(14 * 60_000);
    expect((await live.control('GET', '/clock/due?limit=1')).body.due).toHaveLength(1);
    expect((await live.control('GET', '/clock/due?limit=0')).status).toBe(400);
  });

  it('POST /_sandbox/reset empties payments, notifications, the journal and the pins; merchants stay', async () => {
    [live, receiver] = await Promise.all([startLive(), startReceiver()]);
    const paid = await live.call(PAY, cardPay({ paymentNotifyUrl: `${receiver.url}/notify` }));
    await live.sandbox.notifications.waitForAttempt({ paymentId: paid.paymentId, delivered: true });
    await live.control('POST', '/scenarios/pin', { scenario: 'DO_NOT_HONOR', count: 5 });
    await live.call(PAY, hostedPay());

    const { status, body } = await live.control('POST', '/reset');
    expect(status).toBe(200);
    expect(body.removed).toEqual({ payments: 2, notifications: 1, requests: 2, pins: 1 });
    expect((await live.control('GET', '/payments')).body).toMatchObject({ total: 0, payments: [] });
    expect((await live.control('GET', '/notifications')).body).toMatchObject({ total: 0 });
    expect((await live.control('GET', '/requests')).body).toMatchObject({ size: 0, requests: [] });
    expect((await live.control('GET', '/scenarios/pins')).body.pins).toEqual([]);
    expect((await live.control('GET', '/clock/due')).body.due).toEqual([]);
    expect((await live.control('GET', '/merchants')).body.merchants).toHaveLength(1);
    // Nothing left scheduled fires later, and the sandbox goes on working.
    await live.control('POST', '/clock/advance', { ms: 24 * 3600_000 });
    const again = await live.call(PAY, cardPay());
    expect(again.result.resultCode).toBe('SUCCESS');
    expect((await live.control('GET', '/requests')).body.requests).toHaveLength(1);
  });

  it('GET /_sandbox/payments pages newest first, filters by status, and finds one by paymentId or paymentRequestId', async () => {
    live = await startLive();
    const made: Json[] = [];
    for (let i = 0; i < 5; i++) {
      made.push(await live.call(PAY, cardPay()));
      await live.control('POST', '/clock/advance', { ms: 1000 });
    }
    const hosted = await live.call(PAY, hostedPay());
    const ids = (body: Json) => (body.payments as Json[]).map((p) => p.paymentId as string);
    const first = (await live.control('GET', '/payments?limit=2')).body;
    expect(first.total).toBe(6);
    expect(ids(first)).toEqual([hosted.paymentId, made[4]!.paymentId]);
    expect(ids((await live.control('GET', '/payments?limit=2&offset=2')).body)).toEqual([made[3]!.paymentId, made[2]!.paymentId]);
    const processing = (await live.control('GET', '/payments?status=PROCESSING')).body;
    expect(ids(processing)).toEqual([hosted.paymentId]);
    expect(ids((await live.control('GET', `/payments?paymentId=${made[1]!.paymentId as string}`)).body)).toEqual([made[1]!.paymentId]);
    const byRequest = (await live.control('GET', `/payments?paymentRequestId=${made[0]!.paymentRequestId as string ?? ''}`)).body;
    expect(byRequest.total).toBe(1);
  });

  it('GET / sends a browser to the dashboard, and the dashboard\'s views share one document under a strict CSP', async () => {
    live = await startLive();
    const root = await fetch(`${live.url}/`, { redirect: 'manual' });
    expect(root.status).toBe(302);
    expect(root.headers.get('location')).toBe('/_sandbox/ui/');
    for (const view of ['', 'payments', 'payments/2026123', 'requests', 'notifications/ntf_1', 'scenarios', 'clock', 'merchants']) {
      const res = await fetch(`${live.url}/_sandbox/ui/${view}`);
      expect(res.status, view).toBe(200);
      expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
      expect(await res.text()).toContain('<div id="app">');
    }
    const vendor = await fetch(`${live.url}/_sandbox/ui/vendor/preact-htm.js`);
    expect(vendor.headers.get('content-type')).toContain('javascript');
    expect(await vendor.text()).toContain('export');
    expect((await fetch(`${live.url}/_sandbox/ui/nothing-here`)).status).toBe(404);
    // The payments view, and only it without a filter, preloads the page of payments it asks for first.
    const preload = `<${FIRST_PAYMENTS_PAGE}>; rel=preload; as=fetch; crossorigin=anonymous`;
    for (const view of ['', 'payments', 'payments/']) expect((await fetch(`${live.url}/_sandbox/ui/${view}`)).headers.get('link'), view).toBe(preload);
    for (const view of ['payments?status=FAIL', 'payments/2026123', 'requests', 'clock']) expect((await fetch(`${live.url}/_sandbox/ui/${view}`)).headers.get('link'), view).toBeNull();
    expect((await live.control('GET', FIRST_PAYMENTS_PAGE.slice('/_sandbox'.length))).body).toEqual({ total: 0, payments: [] });
    // A browser's favicon request is not a merchant API call.
    await fetch(`${live.url}/favicon.ico`);
    expect((await live.control('GET', '/requests')).body.size).toBe(0);
  });
});
