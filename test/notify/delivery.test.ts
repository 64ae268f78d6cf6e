// notifyPayment delivered to a real receiver on loopback: the body, the signature (checked with node:crypto
// and the sandbox's published key, not the sandbox's code), and the acknowledgement rule.
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { problemsWith } from '../../server/api/validate.ts';
import { cardPay, hostedPay } from '../support/bodies.ts';
import { rsa256Verify, signatureValue } from '../support/merchant.ts';
import { ACK, startReceiver, type Receiver } from '../support/receiver.ts';
import { PAY, startTestSandbox, type TestSandbox } from '../support/sandbox.ts';

let t: TestSandbox;
let receiver: Receiver;
let publicKey: string;

beforeAll(async () => {
  t = await startTestSandbox({ notifyTimeoutMs: 400 });
  receiver = await startReceiver();
  publicKey = (await request(t.sandbox.app).get('/_sandbox/keys')).body.publicKey;
});
afterAll(() => receiver.close());

describe('notifyPayment', () => {
  it('is sent for a payment that succeeds directly, signed as Antom signs it', async () => {
    const res = await t.post(PAY, cardPay({ paymentNotifyUrl: `${receiver.url}/notify/pay?shop=7` }));
    const { notification, attempt } = await t.sandbox.notifications.waitForAttempt({ paymentId: res.body.paymentId });
    expect(attempt.delivered).toBe(true);
    expect(notification.status).toBe('delivered');

    const got = receiver.received.find((r) => r.body.includes(res.body.paymentId))!;
    expect(got.path).toBe('/notify/pay?shop=7');
    expect(got.headers['content-type']).toBe('application/json; charset=UTF-8');
    expect(got.headers['client-id']).toBe(t.merchant.clientId);
    expect(got.headers['request-time']).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$/);
    const content = `POST /notify/pay?shop=7\n${got.headers['client-id']}.${got.headers['request-time']}.${got.body}`;
    expect(rsa256Verify(content, signatureValue(got.headers.signature as string), publicKey)).toBe(true);

    const body = JSON.parse(got.body);
    expect(problemsWith('NotifyPaymentBody', body)).toEqual([]);
    expect(body).toMatchObject({
      notifyType: 'PAYMENT_RESULT',
      result: { resultCode: 'SUCCESS', resultStatus: 'S' },
      paymentId: res.body.paymentId,
      paymentRequestId: res.body.paymentRequestId,
      paymentAmount: { currency: 'EUR', value: '30000' },
      paymentCreateTime: res.body.paymentCreateTime,
      paymentTime: res.body.paymentTime,
      paymentResultInfo: { cardNo: '411734******6383', avsResultRaw: 'Y', cvvResultRaw: 'Y', networkTransactionId: res.body.paymentResultInfo.networkTransactionId },
    });
  });

  it('is sent when an in-process payment fails by expiry', async () => {
    const res = await t.post(PAY, hostedPay({ paymentNotifyUrl: `${receiver.url}/notify` }));
    const waiting = t.sandbox.notifications.waitForAttempt({ paymentId: res.body.paymentId });
    await t.sandbox.clock.advance(14 * 60_000);
    const { notification } = await waiting;
    expect(JSON.parse(notification.body)).toMatchObject({ notifyType: 'PAYMENT_RESULT', result: { resultCode: 'ORDER_IS_CLOSED', resultStatus: 'F' } });
  });

  it('is not created when the payment has no notify URL', async () => {
    const res = await t.post(PAY, cardPay());
    const list = await request(t.sandbox.app).get(`/_sandbox/notifications?paymentId=${res.body.paymentId}`);
    expect(list.body.notifications).toEqual([]);
  });
});

describe('what does not count as an acknowledgement', () => {
  const cases: [string, Parameters<Receiver['behave']>[0], RegExp][] = [
    ['HTTP 500', (_r, _i, res) => res.writeHead(500).end(ACK), /HTTP 500/],
    ['HTTP 200 with another body', (_r, _i, res) => res.writeHead(200).end('OK'), /not JSON/],
    ['HTTP 200 with result F', (_r, _i, res) => res.writeHead(200).end('{"result":{"resultCode":"PROCESS_FAIL","resultStatus":"F"}}'), /not resultCode SUCCESS/],
    ['a redirect, which is never followed', (_r, _i, res) => res.writeHead(302, { location: '/elsewhere' }).end(), /HTTP 302 redirect/],
    ['an answer over 64 KiB', (_r, _i, res) => res.writeHead(200).end(`${ACK}${' '.repeat(70 * 1024)}`), /over 64 KiB/],
    ['no answer before the timeout', () => { /* never answers */ }, /timeout/],
  ];
  for (const [name, behaviour, reason] of cases) {
    it(`${name}: one failed attempt with its reason, then a retry on schedule`, async () => {
      receiver.behave(behaviour);
      const res = await t.post(PAY, cardPay({ paymentNotifyUrl: `${receiver.url}/notify` }));
      const { notification, attempt } = await t.sandbox.notifications.waitForAttempt({ paymentId: res.body.paymentId });
      expect(attempt.delivered).toBe(false);
      expect(attempt.error).toMatch(reason);
      expect(notification.status).toBe('pending');
      expect(notification.nextAttemptAt).toBe(t.sandbox.clock.now() + 2 * 60_000);
      receiver.behave((_r, _i, r) => r.writeHead(200).end(ACK));
    });
  }

  it('a refused connection is one failed attempt with its reason', async () => {
    const closed = await startReceiver();
    const url = closed.url;
    await closed.close();
    const res = await t.post(PAY, cardPay({ paymentNotifyUrl: `${url}/notify` }));
    const { attempt } = await t.sandbox.notifications.waitForAttempt({ paymentId: res.body.paymentId });
    expect(attempt.error).toMatch(/connection refused/);
  });
});

describe('the journal and re-sending', () => {
  it('records each attempt with request headers, response and latency, and re-sends as a new attempt', async () => {
    receiver.behave((_r, _i, res) => res.writeHead(200).end(ACK));
    const res = await t.post(PAY, cardPay({ paymentNotifyUrl: `${receiver.url}/n` }));
    const { notification } = await t.sandbox.notifications.waitForAttempt({ paymentId: res.body.paymentId });
    const shown = await request(t.sandbox.app).get(`/_sandbox/notifications/${notification.id}`);
    expect(shown.body.attempts).toHaveLength(1);
    expect(shown.body.attempts[0]).toMatchObject({ number: 1, kind: 'scheduled', responseStatus: 200, responseBody: ACK, delivered: true });
    expect(shown.body.attempts[0].requestHeaders).toHaveProperty('signature');
    expect(typeof shown.body.attempts[0].latencyMs).toBe('number');

    const before = receiver.received.length;
    const resent = await request(t.sandbox.app).post(`/_sandbox/notifications/${notification.id}/resend`);
    expect(resent.body.notification.attempts).toHaveLength(2);
    expect(resent.body.notification.attempts[1]).toMatchObject({ kind: 'resend', delivered: true });
    expect(receiver.received.length).toBe(before + 1);
    expect(receiver.received.at(-1)!.body).toBe(notification.body);
  });

  it('lists by paymentId and status, and rejects an unknown status', async () => {
    const delivered = await request(t.sandbox.app).get('/_sandbox/notifications?status=delivered');
    expect(delivered.body.notifications.every((n: { status: string }) => n.status === 'delivered')).toBe(true);
    const bad = await request(t.sandbox.app).get('/_sandbox/notifications?status=lost');
    expect(bad.status).toBe(400);
    const missing = await request(t.sandbox.app).get('/_sandbox/notifications/ntf_nope');
    expect(missing.status).toBe(404);
  });
});
