// The hosted payment page mode over HTTP, without a browser: pay with no card data, the buyer's card
// posted by the page, the 3DS challenge, cancel, and what the merchant sees (inquiryPayment and the
// notification, cardToken included when the card was saved).
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { problemsWith } from '../../server/api/validate.ts';
import { CONTENT_SECURITY_POLICY } from '../../server/http/page-routes.ts';
import { cardPay, hostedPay } from '../support/bodies.ts';
import { CHALLENGE_CARD, cardForm, DECLINED_CARD, pages, pageTokenOf } from './page-client.ts';
import { startReceiver, type Receiver } from '../support/receiver.ts';
import { INQUIRY, PAY, startTestSandbox, type TestSandbox } from '../support/sandbox.ts';

let t: TestSandbox;
let receiver: Receiver;
let page: ReturnType<typeof pages>;

beforeAll(async () => {
  t = await startTestSandbox({ startAt: Date.parse('2026-11-25T12:00:00Z') });
  receiver = await startReceiver();
  page = pages(t.sandbox);
});
afterAll(() => receiver.close());

async function openHosted(overrides: Record<string, unknown> = {}) {
  const res = await t.post(PAY, hostedPay({ paymentNotifyUrl: `${receiver.url}/notify`, paymentRedirectUrl: 'https://shop.example/return?order=7', ...overrides }));
  expect(res.body.result.resultCode).toBe('PAYMENT_IN_PROCESS');
  return { paymentId: res.body.paymentId as string, token: pageTokenOf(res.body.normalUrl), body: res.body };
}

const inquire = async (paymentId: string) => (await t.post(INQUIRY, { paymentId })).body;

describe('the card page', () => {
  it('is served with a strict CSP, and its session shows the order', async () => {
    const { token } = await openHosted();
    const html = await page.get(`/checkout/${token}`);
    expect(html.status).toBe(200);
    expect(html.headers['content-type']).toMatch(/^text\/html/);
    expect(html.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
    expect(html.headers['content-security-policy']).toMatch(/default-src 'none'.*script-src 'self'/);
    expect(html.text).toContain('autocomplete="cc-number"');
    const css = await page.get('/hosted-page/hosted.css');
    expect(css.status).toBe(200);
    expect(css.headers['content-type']).toMatch(/text\/css/);

    const session = await page.session(`/checkout/${token}`);
    expect(session.headers['cache-control']).toBe('no-store');
    expect(session.body).toMatchObject({
      kind: 'payment', step: 'card', merchant: { name: 'Sandbox merchant' },
      amount: { currency: 'EUR', value: '30000', display: '€300.00' },
      order: { description: "Cappuccino #grande (Mika's coffee shop)", reference: 'ORDER_20221114141714891', goods: [{ quantity: '10', amount: { display: '€300.00' }, total: { display: '€3,000.00' } }] },
      expiresInSeconds: 14 * 60,
      returnUrl: 'https://shop.example/return?order=7',
    });
    expect(session.body.billingAddress).toBeUndefined();
  });

  it('formats amounts by the currency minor units', async () => {
    for (const [amount, display] of [[{ currency: 'JPY', value: '1500' }, '¥1,500'], [{ currency: 'KWD', value: '1500' }, 'KWD 1.500'], [{ currency: 'USD', value: '5' }, '$0.05']] as const) {
      const { token } = await openHosted({ paymentAmount: amount });
      expect((await page.session(`/checkout/${token}`)).body.amount.display.replace(/\u00a0/g, ' ')).toBe(display);
    }
  });

  it('a saved card succeeds: inquiryPayment and the notification carry the masked card and the cardToken', async () => {
    const { token, paymentId } = await openHosted();
    const res = await page.submit(token, cardForm({ saveCard: true }));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ next: 'result', status: 'SUCCESS', location: `/checkout/${token}` });

    const inquiry = await inquire(paymentId);
    expect(inquiry).toMatchObject({ paymentStatus: 'SUCCESS', paymentResultInfo: { cardNo: '405469******0768', cardBrand: 'VISA', lastFour: '0768', expiryMonth: '12', expiryYear: '30' } });
    const cardToken = inquiry.paymentResultInfo.cardToken as string;
    expect(cardToken).toMatch(/^ctk_[\w-]{32}$/);
    expect(problemsWith('InquiryPaymentResponse', inquiry)).toEqual([]);

    const { notification } = await t.sandbox.notifications.waitForAttempt({ paymentId, delivered: true });
    const body = JSON.parse(notification.body);
    expect(body.paymentResultInfo).toMatchObject({ cardToken, cardNo: '405469******0768' });
    expect(problemsWith('NotifyPaymentBody', body)).toEqual([]);

    const session = await page.session(`/checkout/${token}`);
    expect(session.body).toMatchObject({ step: 'result', outcome: 'succeeded', card: { brand: 'VISA', lastFour: '0768', saved: true }, result: { code: 'SUCCESS' } });
    expect(JSON.stringify(session.body)).not.toContain(cardToken);

    // A merchant-initiated payment with the token: no buyer, no card data, no page.
    const mit = await t.post(PAY, { ...hostedPay(), paymentMethod: { paymentMethodType: 'CARD', paymentMethodId: cardToken, paymentMethodMetaData: { isCardOnFile: true } } });
    expect(mit.body.result.resultCode).toBe('SUCCESS');
    expect(mit.body.normalUrl).toBeUndefined();
    expect(mit.body.paymentResultInfo).toMatchObject({ cardToken, cardNo: '405469******0768' });
  });

  it('an unsaved card leaves no token', async () => {
    const { token, paymentId } = await openHosted();
    const tokens = t.sandbox.store.cardTokens.size;
    await page.submit(token, cardForm());
    expect((await inquire(paymentId)).paymentResultInfo.cardToken).toBeUndefined();
    expect(t.sandbox.store.cardTokens.size).toBe(tokens);
  });

  it('a declined card ends FAIL; the saved card was stored before the issuer answered, as in Antom hosted mode', async () => {
    const { token, paymentId } = await openHosted();
    const res = await page.submit(token, cardForm({ cardNumber: DECLINED_CARD, saveCard: true }));
    expect(res.body).toMatchObject({ next: 'result', status: 'FAIL' });
    const inquiry = await inquire(paymentId);
    expect(inquiry).toMatchObject({ paymentStatus: 'FAIL', paymentResultCode: 'DO_NOT_HONOR' });
    expect(inquiry.paymentResultInfo.cardToken).toMatch(/^ctk_/);
    expect((await page.session(`/checkout/${token}`)).body).toMatchObject({ step: 'result', outcome: 'failed', result: { code: 'DO_NOT_HONOR' } });
  });

  it('never stores or sends the full card number or the CVV', async () => {
    const { token, paymentId } = await openHosted();
    await page.submit(token, cardForm({ cardNumber: '5162 7741 1497 4622', cvv: '741', saveCard: true }));
    await t.sandbox.notifications.waitForAttempt({ paymentId });
    const stored = JSON.stringify([...t.sandbox.store.payments.values(), ...t.sandbox.store.cardTokens.values(), ...t.sandbox.store.notifications.values()]);
    expect(stored).not.toContain('5162774114974622');
    expect(stored).not.toMatch(/"cvv"/);
    expect(stored).not.toMatch(/cvvLength/);
  });

  it('a scenario refusing the card at the gateway leaves the payment open: 422 beside the field, then the buyer retries', async () => {
    const { token, paymentId } = await openHosted();
    const pin = await request(t.sandbox.app).post('/_sandbox/scenarios/pin').send({ scenario: 'INVALID_CARD_NUMBER', count: 1, clientId: t.merchant.clientId });
    expect(pin.status).toBe(201);
    const refused = await page.submit(token, cardForm({ saveCard: true }));
    expect(refused.status).toBe(422);
    expect(refused.body.error).toMatchObject({ code: 'CARD_REFUSED', resultCode: 'INVALID_CARD_NUMBER', fields: { cardNumber: expect.any(String) } });
    expect(await inquire(paymentId)).toMatchObject({ paymentStatus: 'PROCESSING' });
    expect((await inquire(paymentId)).paymentResultInfo).toBeUndefined();
    expect((await page.submit(token, cardForm())).body.status).toBe('SUCCESS');
  });

  it('asks for the billing address when the hosted pay carried one, prefilled with what it gave', async () => {
    const { token, paymentId } = await openHosted({ paymentMethod: { paymentMethodType: 'CARD', paymentMethodMetaData: { billingAddress: { region: 'US', zipCode: '94105' } } } });
    expect((await page.session(`/checkout/${token}`)).body.billingAddress).toEqual({ prefill: { region: 'US', zipCode: '94105' } });
    const missing = await page.submit(token, cardForm());
    expect(missing.status).toBe(400);
    expect(missing.body.error.fields).toEqual({
      'billingAddress.address1': 'Enter the street address.',
      'billingAddress.city': 'Enter the town or city.',
      'billingAddress.zipCode': 'Enter the postal code.',
      'billingAddress.region': 'Choose the country.',
    });
    const ok = await page.submit(token, cardForm({ billingAddress: { region: 'US', address1: '1 Market St', city: 'San Francisco', zipCode: '94105' } }));
    expect(ok.body.status).toBe('SUCCESS');
    expect((await inquire(paymentId)).paymentResultInfo.avsResultRaw).toBe('Y');
  });
});

describe('the 3DS challenge after the card page', () => {
  async function challenged() {
    const opened = await openHosted();
    const res = await page.submit(opened.token, cardForm({ cardNumber: CHALLENGE_CARD }));
    expect(res.body).toEqual({ next: 'challenge', status: 'PROCESSING', location: `/3ds/${opened.token}` });
    return opened;
  }

  it('the documented code passes: SUCCESS with an authenticated, challenged threeDSResult', async () => {
    const { token, paymentId } = await challenged();
    const redirect = await page.get(`/checkout/${token}`);
    expect(redirect.status).toBe(303);
    expect(redirect.headers.location).toBe(`/3ds/${token}`);
    const session = await page.session(`/3ds/${token}`);
    expect(session.body).toMatchObject({ step: 'challenge', card: { brand: 'VISA', lastFour: '3006' }, challenge: { passCode: '123456' } });

    const res = await page.complete(token, { action: 'submit', code: '123456' });
    expect(res.body).toEqual({ action: 'pass', status: 'SUCCESS', location: `/3ds/${token}` });
    const inquiry = await inquire(paymentId);
    expect(inquiry.paymentStatus).toBe('SUCCESS');
    expect(inquiry.paymentResultInfo.threeDSResult).toMatchObject({ eci: '05', challenged: true, threeDSVersion: '2.2.0' });
    expect(inquiry.paymentResultInfo.threeDSResult.cavv).toBeDefined();
  });

  it('a wrong code is refused beside the field, twice; the third fails: FAIL, not authenticated (ECI 07, no CAVV)', async () => {
    const { token, paymentId } = await challenged();
    for (const left of ['2 tries left', '1 try left']) {
      const refused = await page.complete(token, { action: 'submit', code: '000000' });
      expect(refused.status).toBe(400);
      expect(refused.body.error).toMatchObject({ code: 'INVALID_FIELDS', fields: { code: `That code is not right. ${left}.` } });
      expect((await inquire(paymentId)).paymentStatus).toBe('PROCESSING');
    }
    expect((await page.complete(token, { action: 'submit', code: '000000' })).body.action).toBe('fail');
    const inquiry = await inquire(paymentId);
    expect(inquiry.paymentStatus).toBe('FAIL');
    expect(inquiry.paymentResultInfo.threeDSResult).toMatchObject({ eci: '07', challenged: true });
    expect(inquiry.paymentResultInfo.threeDSResult.cavv).toBeUndefined();
  });

  it('a right code after a wrong one still passes', async () => {
    const { token, paymentId } = await challenged();
    expect((await page.complete(token, { action: 'submit', code: '999999' })).status).toBe(400);
    expect((await page.complete(token, { action: 'submit', code: '123456' })).body).toMatchObject({ action: 'pass', status: 'SUCCESS' });
    expect((await inquire(paymentId)).paymentStatus).toBe('SUCCESS');
  });

  it('fail and cancel on purpose end FAIL', async () => {
    for (const action of ['fail', 'cancel']) {
      const { token, paymentId } = await challenged();
      expect((await page.complete(token, { action })).body).toMatchObject({ action, status: 'FAIL' });
      expect((await inquire(paymentId)).paymentStatus).toBe('FAIL');
    }
  });

  it('abandoned, the payment expires on the clock', async () => {
    const { token, paymentId } = await challenged();
    await t.sandbox.clock.advance(14 * 60_000);
    expect(await inquire(paymentId)).toMatchObject({ paymentStatus: 'FAIL', paymentResultCode: 'ORDER_IS_CLOSED' });
    expect((await page.session(`/3ds/${token}`)).body).toMatchObject({ step: 'result', outcome: 'expired' });
    expect((await page.complete(token, { action: 'submit', code: '123456' })).status).toBe(410);
  });

  it('serves server-to-server 3DS payments too', async () => {
    const res = await t.post(PAY, { ...hostedPay(), paymentMethod: { paymentMethodType: 'CARD', paymentMethodMetaData: { cardNo: CHALLENGE_CARD, expiryMonth: '12', expiryYear: '30', cvv: '123' } } });
    expect(res.body.result.resultCode).toBe('PAYMENT_IN_PROCESS');
    expect(res.body.normalUrl).toMatch(/\/3ds\/pg_/);
    const token = pageTokenOf(res.body.normalUrl);
    expect((await page.get(`/3ds/${token}`)).status).toBe(200);
    expect((await page.complete(token, { action: 'submit', code: '123456' })).body.status).toBe('SUCCESS');
  });
});

describe('cancel on the card page', () => {
  it('closes the payment CANCELLED (as the cancel API does), sends no notification, and a repeat pay is ORDER_IS_CANCELED', async () => {
    const { token, paymentId, body } = await openHosted();
    const res = await page.cancel(token);
    expect(res.body).toEqual({ status: 'CANCELLED', location: `/checkout/${token}` });
    const inquiry = await inquire(paymentId);
    expect(inquiry).toMatchObject({ paymentStatus: 'CANCELLED', paymentResultCode: 'ORDER_IS_CANCELED' });
    expect(inquiry.transactions.map((tx: { transactionType: string }) => tx.transactionType)).toContain('CANCEL');
    expect(t.sandbox.notifications.list({ paymentId })).toEqual([]);
    expect((await page.session(`/checkout/${token}`)).body).toMatchObject({ step: 'result', outcome: 'cancelled' });
    const again = await t.post(PAY, hostedPay({ paymentRequestId: body.paymentRequestId, paymentNotifyUrl: `${receiver.url}/notify`, paymentRedirectUrl: 'https://shop.example/return?order=7' }));
    expect(again.body.result.resultCode).toBe('ORDER_IS_CANCELED');
  });
});

describe('how many codes a challenge takes', () => {
  it('a scenario can allow fewer tries (afterChallenge.codeTries): with 1, the first wrong code fails', async () => {
    const strict = await startTestSandbox({
      scenarioData: [{ scenarios: [{ name: 'strict-issuer', description: 'one try at the code', outcome: { status: 'S', threeDS: 'challenge', afterChallenge: { codeTries: 1 } } }] }],
    });
    const res = await strict.post(PAY, cardPay({}, { cardNo: '4054695723100768' }), { 'x-sandbox-scenario': 'strict-issuer' });
    expect(res.body.result.resultCode).toBe('PAYMENT_IN_PROCESS');
    const answer = await pages(strict.sandbox).complete(pageTokenOf(res.body.normalUrl), { action: 'submit', code: '000000' });
    expect(answer.body).toMatchObject({ action: 'fail', status: 'FAIL' });
  });
});
