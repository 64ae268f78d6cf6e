// Wallet outcomes through the scenario engine and the control plane, with a real notification receiver:
// the buyer pays, declines, leaves; insufficient balance; risk rejection; in process at the wallet first;
// expiry at paymentExpiryTime; chosen by header, pin, rule file and amount; then inquiry, cancel, refund.
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rsa256Verify, signatureValue } from '../support/merchant.ts';
import { startReceiver, type Receiver } from '../support/receiver.ts';
import { INQUIRY, PAY, startTestSandbox, type TestSandbox } from '../support/sandbox.ts';
import { walletPay } from './bodies.ts';

const START = Date.parse('2026-11-25T12:00:00Z');
const SEC = 1000;
const MIN = 60 * SEC;
let t: TestSandbox;
let receiver: Receiver;
let publicKey: string;

beforeAll(async () => {
  t = await startTestSandbox({
    startAt: START,
    // A user's rule file: every DANA pay of 4242 declines.
    scenarioData: [{ rules: [{ name: 'dana declines', when: { paymentMethodType: 'DANA', amount: { value: '4242' } }, scenario: 'wallet-declines' }] }],
  });
  receiver = await startReceiver();
  publicKey = (await request(t.sandbox.app).get('/_sandbox/keys')).body.publicKey;
});
afterAll(async () => {
  await receiver.close();
  await t.sandbox.close();
});

type Json = Record<string, unknown>;

async function pay(type: string, overrides: Json = {}, headers: Record<string, string> = {}) {
  const res = await t.post(PAY, walletPay(type, 'WAP', { paymentNotifyUrl: `${receiver.url}/notify`, ...overrides }), headers);
  expect(res.body.result.resultCode).toBe('PAYMENT_IN_PROCESS');
  return res.body as { paymentId: string; paymentRequestId: string; normalUrl: string };
}

const act = (paymentId: string, action: string) => request(t.sandbox.app).post(`/_sandbox/payments/${paymentId}/wallet`).send({ action });
const inspect = async (paymentId: string) => (await request(t.sandbox.app).get(`/_sandbox/payments/${paymentId}`)).body as Json;
const inquiry = async (paymentId: string) => (await t.post(INQUIRY, { paymentId })).body;

/** The signed notifyPayment the receiver got for this payment, checked against the sandbox key. */
async function notified(paymentId: string): Promise<Json> {
  await t.sandbox.notifications.waitForAttempt({ paymentId });
  const got = receiver.received.find((r) => r.body.includes(paymentId))!;
  const content = `POST /notify\n${got.headers['client-id']}.${got.headers['request-time']}.${got.body}`;
  expect(rsa256Verify(content, signatureValue(got.headers.signature as string), publicKey)).toBe(true);
  return JSON.parse(got.body) as Json;
}

const countFor = (paymentId: string) => receiver.received.filter((r) => r.body.includes(paymentId)).length;

describe('the buyer acts through the control plane', () => {
  it('pay: notifyPayment S, inquiry SUCCESS, a refund succeeds, and no notifyCapture is sent', async () => {
    const { paymentId } = await pay('GCASH');
    expect((await inquiry(paymentId)).paymentStatus).toBe('PROCESSING');
    const res = await act(paymentId, 'pay');
    expect(res.status).toBe(200);
    expect(res.body.payment.paymentStatus).toBe('SUCCESS');
    expect(await notified(paymentId)).toMatchObject({ notifyType: 'PAYMENT_RESULT', paymentId, result: { resultStatus: 'S', resultCode: 'SUCCESS' } });
    const answer = await inquiry(paymentId);
    expect(answer).toMatchObject({ paymentStatus: 'SUCCESS', paymentResultCode: 'SUCCESS' });
    // A wallet reports no card.
    expect(answer.paymentResultInfo).toBeUndefined();

    const refund = await t.post('/ams/api/v1/payments/refund', { refundRequestId: `R_${paymentId}`, paymentId, refundAmount: { currency: 'USD', value: '400' } });
    expect(refund.body.result).toMatchObject({ resultStatus: 'S', resultCode: 'SUCCESS' });
    await t.sandbox.notifications.flush();
    const types = receiver.received.filter((r) => r.body.includes(paymentId)).map((r) => (JSON.parse(r.body) as Json).notifyType);
    expect(types).not.toContain('CAPTURE_RESULT');
    // A second Pay finds nothing left to do.
    const again = await act(paymentId, 'pay');
    expect(again.status).toBe(409);
    expect(again.body.error).toMatchObject({ code: 'STATE_CONFLICT', message: expect.stringContaining('not waiting for the buyer') });
  });

  it('decline: notifyPayment F PROCESS_FAIL, inquiry FAIL', async () => {
    const { paymentId } = await pay('ALIPAY_CN');
    await act(paymentId, 'decline');
    expect(await notified(paymentId)).toMatchObject({ result: { resultStatus: 'F', resultCode: 'PROCESS_FAIL' } });
    expect(await inquiry(paymentId)).toMatchObject({ paymentStatus: 'FAIL', paymentResultCode: 'PROCESS_FAIL' });
    // The control plane shows the wallet and the buyer's act (the dashboard's timeline reads it).
    expect((await inspect(paymentId)).wallet).toEqual({
      paymentMethodType: 'ALIPAY_CN', name: 'Alipay', terminalType: 'WAP', osType: 'ANDROID',
      steps: [{ action: 'decline', at: new Date(t.sandbox.clock.now()).toISOString(), by: 'buyer' }],
    });
  });

  it('expire: closed now with the expiry notification', async () => {
    const { paymentId } = await pay('TNG');
    await act(paymentId, 'expire');
    expect(await notified(paymentId)).toMatchObject({ result: { resultStatus: 'F', resultCode: 'ORDER_IS_CLOSED' } });
  });

  it('refuses an unknown action and a card payment', async () => {
    const { paymentId } = await pay('DANA');
    const bad = await act(paymentId, 'shrug');
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({ code: 'INVALID_BODY', field: 'action' });
    const unknown = await act('20261125000000000000000001', 'pay');
    expect(unknown.status).toBe(404);
    expect(unknown.body.error).toMatchObject({ code: 'PAYMENT_NOT_FOUND', field: 'paymentId' });
    const card = await t.post(PAY, { ...walletPay('GCASH'), paymentMethod: { paymentMethodType: 'CARD' } });
    expect((await act(card.body.paymentId, 'pay')).body.error).toMatchObject({ code: 'STATE_CONFLICT', message: expect.stringContaining('not a wallet payment') });
  });
});

describe('expiry on the sandbox clock', () => {
  it('an untouched wallet pay closes 14 minutes after pay, not before, with notifyPayment F ORDER_IS_CLOSED', async () => {
    const body = walletPay('KAKAOPAY', 'APP', { paymentNotifyUrl: `${receiver.url}/notify` });
    const { paymentId } = (await t.post(PAY, body)).body;
    await t.sandbox.clock.advance(14 * MIN - SEC);
    await t.sandbox.notifications.flush();
    expect(countFor(paymentId)).toBe(0);
    expect((await inquiry(paymentId)).paymentStatus).toBe('PROCESSING');
    await t.sandbox.clock.advance(SEC);
    expect(await notified(paymentId)).toMatchObject({ result: { resultStatus: 'F', resultCode: 'ORDER_IS_CLOSED' } });
    expect((await inquiry(paymentId)).paymentStatus).toBe('FAIL');
    // The same request again is refused as closed.
    expect((await t.post(PAY, body)).body.result.resultCode).toBe('ORDER_IS_CLOSED');
  });

  it('paymentExpiryTime sets another expiry', async () => {
    const at = new Date(t.sandbox.clock.now() + 3 * MIN).toISOString().replace(/\.\d{3}Z$/, '+00:00');
    const { paymentId } = await pay('GCASH', { paymentExpiryTime: at });
    await t.sandbox.clock.advance(3 * MIN);
    expect(await notified(paymentId)).toMatchObject({ result: { resultCode: 'ORDER_IS_CLOSED' } });
  });
});

describe('scenarios choose what happens', () => {
  it('header wallet-pays: the simulated buyer pays 5 s later', async () => {
    const { paymentId } = await pay('TRUEMONEY', {}, { 'x-sandbox-scenario': 'wallet-pays' });
    await t.sandbox.clock.advance(5 * SEC);
    expect(await notified(paymentId)).toMatchObject({ result: { resultCode: 'SUCCESS' } });
    expect((await inspect(paymentId)).wallet).toMatchObject({ steps: [{ action: 'pay', by: 'scenario' }] });
  });

  it('amount 9703: insufficient balance when the buyer pays', async () => {
    const { paymentId } = await pay('ALIPAY_HK', { paymentAmount: { currency: 'HKD', value: '9703' } });
    await t.sandbox.clock.advance(5 * SEC);
    expect(await notified(paymentId)).toMatchObject({ result: { resultStatus: 'F', resultCode: 'USER_BALANCE_NOT_ENOUGH' } });
  });

  it('amount 9704: the wallet\'s risk control rejects it', async () => {
    const { paymentId } = await pay('GCASH', { paymentAmount: { currency: 'PHP', value: '9704' } });
    await t.sandbox.clock.advance(5 * SEC);
    expect(await notified(paymentId)).toMatchObject({ result: { resultStatus: 'F', resultCode: 'RISK_REJECT' } });
  });

  it('amount 9705: PROCESSING after the buyer pays, SUCCESS when the wallet answers 30 s later', async () => {
    const { paymentId } = await pay('DANA', { paymentAmount: { currency: 'IDR', value: '970500' } }, { 'x-sandbox-scenario': 'wallet-processing-then-success' });
    await t.sandbox.clock.advance(5 * SEC);
    expect(await inquiry(paymentId)).toMatchObject({ paymentStatus: 'PROCESSING' });
    expect(countFor(paymentId)).toBe(0);
    await t.sandbox.clock.advance(30 * SEC);
    expect(await notified(paymentId)).toMatchObject({ result: { resultCode: 'SUCCESS' } });
  });

  it('amount 9702: the buyer leaves, and the expiry result follows', async () => {
    const { paymentId } = await pay('BOOST', { paymentAmount: { currency: 'MYR', value: '9702' } });
    await t.sandbox.clock.advance(5 * SEC);
    expect((await inquiry(paymentId)).paymentStatus).toBe('PROCESSING');
    expect((await inspect(paymentId)).wallet).toMatchObject({ abandonedAt: expect.any(String), steps: [{ action: 'abandon', by: 'scenario' }] });
    await t.sandbox.clock.advance(14 * MIN);
    expect(await notified(paymentId)).toMatchObject({ result: { resultCode: 'ORDER_IS_CLOSED' } });
  });

  it('a pin: the next wallet pay declines', async () => {
    const pin = await request(t.sandbox.app).post('/_sandbox/scenarios/pin').send({ scenario: 'wallet-declines', count: 1 });
    expect(pin.status).toBe(201);
    const { paymentId } = await pay('ALIPAY_CN');
    await t.sandbox.clock.advance(5 * SEC);
    expect(await notified(paymentId)).toMatchObject({ result: { resultCode: 'PROCESS_FAIL' } });
  });

  it('a rule file: matched on paymentMethodType and amount', async () => {
    const { paymentId } = await pay('DANA', { paymentAmount: { currency: 'USD', value: '4242' } });
    await t.sandbox.clock.advance(5 * SEC);
    expect(await notified(paymentId)).toMatchObject({ result: { resultCode: 'PROCESS_FAIL' } });
  });

  it('a result-code scenario by header decides what the page\'s Pay ends in', async () => {
    const { paymentId } = await pay('GCASH', {}, { 'x-sandbox-scenario': 'USER_BALANCE_NOT_ENOUGH' });
    await act(paymentId, 'pay');
    expect(await notified(paymentId)).toMatchObject({ result: { resultCode: 'USER_BALANCE_NOT_ENOUGH' } });
  });
});

describe('cancel', () => {
  it('cancel of an unpaid wallet order closes it: CANCELLED, no notification, the buyer can no longer pay', async () => {
    const { paymentId } = await pay('KAKAOPAY');
    const res = await t.post('/ams/api/v1/payments/cancel', { paymentId });
    expect(res.body.result).toMatchObject({ resultStatus: 'S', resultCode: 'SUCCESS' });
    expect((await inquiry(paymentId)).paymentStatus).toBe('CANCELLED');
    expect((await act(paymentId, 'pay')).body.error.code).toBe('STATE_CONFLICT');
    await t.sandbox.clock.advance(15 * MIN);
    await t.sandbox.notifications.flush();
    expect(countFor(paymentId)).toBe(0);
  });
});
