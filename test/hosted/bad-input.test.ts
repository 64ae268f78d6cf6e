// Every bad request to the page routes gets a clear JSON error (or a not-found page) and never changes a
// finished payment: forged tokens, tampered fields, wrong media types, foreign origins, replays, double
// submits, finished and expired payments.
import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { cardPay, hostedPay } from '../support/bodies.ts';
import { CHALLENGE_CARD, cardForm, pages, pageTokenOf } from './page-client.ts';
import { PAY, startTestSandbox, type TestSandbox } from '../support/sandbox.ts';
import type { PaymentRecord } from '../../server/payment/types.ts';

let t: TestSandbox;
let page: ReturnType<typeof pages>;

beforeAll(async () => {
  t = await startTestSandbox({ startAt: Date.parse('2026-11-25T12:00:00Z') });
  page = pages(t.sandbox);
});

async function openHosted() {
  const res = await t.post(PAY, hostedPay({ paymentNotifyUrl: 'http://127.0.0.1:9/notify' }));
  return { paymentId: res.body.paymentId as string, token: pageTokenOf(res.body.normalUrl) };
}

const stored = (paymentId: string) => structuredClone(t.sandbox.store.payments.get(paymentId)) as PaymentRecord;

describe('forged page tokens', () => {
  const FORGED = [
    ['a well-formed token that was never issued', 'pg_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'.slice(0, 35)],
    ['a payment id in place of a token', '20261125194010800100000000000000001'],
    ['a token with a character outside base64url', 'pg_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA!'],
    ['a traversal attempt', '..%2F..%2Fpackage.json'],
  ];
  for (const [name, token] of FORGED) {
    it(`${name}: 404 page and 404 JSON on every route`, async () => {
      const html = await page.get(`/checkout/${token}`);
      expect(html.status).toBe(404);
      expect(html.text).toContain('This payment page does not exist');
      expect((await page.get(`/3ds/${token}`)).status).toBe(404);
      for (const res of [await page.session(`/checkout/${token}`), await page.submit(token!, cardForm()), await page.cancel(token!), await page.complete(token!, { action: 'fail' })]) {
        expect(res.status).toBe(404);
        expect(res.body.error.code).toBe('PAGE_NOT_FOUND');
      }
    });
  }

  it('static files: only what is in hosted-page/, nothing above it', async () => {
    expect((await page.get('/hosted-page/../package.json')).status).toBe(404);
    expect((await page.get('/hosted-page/%2e%2e/package.json')).status).toBe(404);
    expect((await page.get('/hosted-page/nope.js')).status).toBe(404);
  });
});

describe('malformed and tampered submissions change nothing', () => {
  it.each([
    ['an unknown field (the amount)', cardForm({ paymentAmount: { currency: 'EUR', value: '1' } }), /paymentAmount is not a field/],
    ['a field of the wrong type', cardForm({ cardNumber: 4054695723100768 }), /cardNumber must be a string/],
    ['saveCard that is not a boolean', cardForm({ saveCard: 'yes' }), /saveCard must be true or false/],
    ['a billing address that was not asked for', cardForm({ billingAddress: { region: 'US' } }), /does not ask for a billing address/],
    ['an oversized field', cardForm({ cardholderName: 'x'.repeat(129) }), /longer than 128/],
    ['an array body', [cardForm()], /JSON object/],
  ])('%s: 400 BAD_REQUEST', async (_name, form, message) => {
    const { token, paymentId } = await openHosted();
    const before = stored(paymentId);
    const res = await page.submit(token, form);
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'BAD_REQUEST', message: expect.stringMatching(message) });
    expect(stored(paymentId)).toEqual(before);
  });

  it.each([
    ['a number failing Luhn', { cardNumber: '4054 6957 2310 0769' }, 'cardNumber', 'This card number is not valid. Check it and try again.'],
    ['a number too short', { cardNumber: '4054 6957' }, 'cardNumber', 'A card number has 12 to 19 digits.'],
    ['no number', { cardNumber: '' }, 'cardNumber', 'Enter the card number.'],
    ['month 13', { expiry: '13 / 30' }, 'expiry', 'The expiry month must be from 01 to 12.'],
    ['an expired card', { expiry: '10 / 26' }, 'expiry', 'This card has expired.'],
    ['an expiry that is not a date', { expiry: 'soon' }, 'expiry', 'Enter the expiry date as MM / YY.'],
    ['a 2-digit CVV', { cvv: '12' }, 'cvv', 'The security code has 3 digits.'],
    ['a 3-digit CVV on Amex', { cardNumber: '3700 000000 08005', cvv: '123' }, 'cvv', 'The security code has 4 digits.'],
    ['no name', { cardholderName: '  ' }, 'cardholderName', 'Enter the name on the card.'],
  ])('%s: 400 INVALID_FIELDS naming the field, payment still open', async (_name, change, field, message) => {
    const { token, paymentId } = await openHosted();
    const res = await page.submit(token, cardForm(change));
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'INVALID_FIELDS', fields: { [field]: message } });
    expect(stored(paymentId)).toMatchObject({ status: 'PROCESSING', pendingStep: 'hosted-page' });
    // The buyer corrects it and pays.
    expect((await page.submit(token, cardForm())).body.status).toBe('SUCCESS');
  });

  it('accepts only JSON, only from the sandbox\'s own pages, and small bodies', async () => {
    const { token, paymentId } = await openHosted();
    const before = stored(paymentId);
    const form = await request(t.sandbox.app).post(`/checkout/${token}/submit`).type('form').send('cardNumber=4054695723100768');
    expect(form.status).toBe(415);
    expect(form.body.error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    const foreign = await request(t.sandbox.app).post(`/checkout/${token}/submit`).set({ origin: 'https://evil.example', 'content-type': 'application/json' }).send(JSON.stringify(cardForm()));
    expect(foreign.status).toBe(403);
    expect(foreign.body.error.code).toBe('FORBIDDEN_ORIGIN');
    const broken = await request(t.sandbox.app).post(`/checkout/${token}/submit`).set('content-type', 'application/json').send('{"cardNumber":');
    expect(broken.status).toBe(400);
    expect(broken.body.error).toMatchObject({ code: 'BAD_REQUEST', message: 'The body is not valid JSON.' });
    const latin1 = await request(t.sandbox.app).post(`/checkout/${token}/submit`).set('content-type', 'application/json; charset=latin1').send('{}');
    expect(latin1.status).toBe(415);
    expect(latin1.body.error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    const encoded = await request(t.sandbox.app).post(`/checkout/${token}/submit`).set({ 'content-type': 'application/json', 'content-encoding': 'foo' }).send('{}');
    expect(encoded.status).toBe(415);
    expect(JSON.stringify(encoded.body)).not.toMatch(/node_modules|at read/);
    const huge = await page.submit(token, { cardholderName: 'x'.repeat(20_000) });
    expect(huge.status).toBe(400);
    expect(huge.body.error.message).toMatch(/16 KiB/);
    expect(stored(paymentId)).toEqual(before);
    // Same origin is fine.
    const own = await request(t.sandbox.app).post(`/checkout/${token}/submit`).set({ origin: 'http://sandbox.test', host: 'sandbox.test', 'content-type': 'application/json' }).send(JSON.stringify(cardForm()));
    expect(own.body.status).toBe('SUCCESS');
  });
});

describe('finished payments take no new card', () => {
  it('a replayed submission after success: 409, the payment unchanged', async () => {
    const { token, paymentId } = await openHosted();
    await page.submit(token, cardForm({ saveCard: true }));
    const after = stored(paymentId);
    const replay = await page.submit(token, cardForm({ cardNumber: '5162 7741 1497 4622', saveCard: true }));
    expect(replay.status).toBe(409);
    expect(replay.body.error).toMatchObject({ code: 'PAYMENT_FINISHED', message: expect.stringMatching(/already paid/) });
    expect(stored(paymentId)).toEqual(after);
    expect((await page.cancel(token)).status).toBe(409);
    expect((await page.complete(token, { action: 'submit', code: '123456' })).status).toBe(409);
    expect(stored(paymentId)).toEqual(after);
  });

  it('a double submit: exactly one is applied, the other is refused, one notification', async () => {
    const { token, paymentId } = await openHosted();
    const tokensBefore = t.sandbox.store.cardTokens.size;
    const [a, b] = await Promise.all([page.submit(token, cardForm({ saveCard: true })), page.submit(token, cardForm({ saveCard: true }))]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    expect([a, b].find((r) => r.status === 409)!.body.error.code).toMatch(/^(WRONG_STEP|PAYMENT_FINISHED)$/);
    expect(t.sandbox.store.cardTokens.size).toBe(tokensBefore + 1);
    await t.sandbox.notifications.flush();
    expect(t.sandbox.notifications.list({ paymentId })).toHaveLength(1);
  });

  it('a server-to-server payment has no card page to post to', async () => {
    const res = await t.post(PAY, cardPay());
    expect(res.body.normalUrl).toBeUndefined();
    const challenge = await t.post(PAY, cardPay({}, { cardNo: CHALLENGE_CARD }));
    const token = pageTokenOf(challenge.body.normalUrl);
    const wrong = await page.submit(token, cardForm());
    expect(wrong.status).toBe(409);
    expect(wrong.body.error.code).toBe('WRONG_STEP');
    expect((await page.cancel(token)).status).toBe(409);
    expect(stored(challenge.body.paymentId)).toMatchObject({ status: 'PROCESSING', pendingStep: '3ds-challenge' });
  });

  it('an expired payment: 410 on every action, and its page says so', async () => {
    const { token, paymentId } = await openHosted();
    await t.sandbox.clock.advance(14 * 60_000);
    const closed = stored(paymentId);
    expect(closed).toMatchObject({ status: 'FAIL', closed: true });
    for (const res of [await page.submit(token, cardForm()), await page.cancel(token)]) {
      expect(res.status).toBe(410);
      expect(res.body.error.code).toBe('PAYMENT_EXPIRED');
    }
    expect((await page.session(`/checkout/${token}`)).body).toMatchObject({ step: 'result', outcome: 'expired', result: { code: 'ORDER_IS_CLOSED' } });
    expect(stored(paymentId)).toEqual(closed);
  });

  it('a cancelled payment takes no card', async () => {
    const { token, paymentId } = await openHosted();
    await page.cancel(token);
    const res = await page.submit(token, cardForm());
    expect(res.status).toBe(409);
    expect(res.body.error.message).toMatch(/cancelled/);
    expect(stored(paymentId).status).toBe('CANCELLED');
  });
});

describe('bad challenge answers', () => {
  async function challenged() {
    const res = await t.post(PAY, cardPay({}, { cardNo: CHALLENGE_CARD }));
    return { token: pageTokenOf(res.body.normalUrl), paymentId: res.body.paymentId as string };
  }

  it.each([
    [{ action: 'pass' }, 400, 'BAD_REQUEST'],
    [{ action: 'submit' }, 400, 'BAD_REQUEST'],
    [{ action: 'submit', code: 'abc' }, 400, 'INVALID_FIELDS'],
    [{ action: 'submit', code: '12' }, 400, 'INVALID_FIELDS'],
    [{ action: 'fail', code: '123456' }, 400, 'BAD_REQUEST'],
    [{ action: 'submit', code: '123456', outcome: 'S' }, 400, 'BAD_REQUEST'],
  ])('%j: %i %s, still waiting', async (body, status, code) => {
    const { token, paymentId } = await challenged();
    const res = await page.complete(token, body);
    expect(res.status).toBe(status);
    expect(res.body.error.code).toBe(code);
    expect(stored(paymentId)).toMatchObject({ status: 'PROCESSING', pendingStep: '3ds-challenge' });
  });

  it('a challenge on a payment still at the card step: 409 WRONG_STEP; /3ds sends the buyer to the card page', async () => {
    const { token } = await openHosted();
    expect((await page.complete(token, { action: 'submit', code: '123456' })).body.error.code).toBe('WRONG_STEP');
    const redirect = await page.get(`/3ds/${token}`);
    expect(redirect.status).toBe(303);
    expect(redirect.headers.location).toBe(`/checkout/${token}`);
  });

  it('a replayed answer after the challenge ended: 409, the result stands', async () => {
    const { token, paymentId } = await challenged();
    await page.complete(token, { action: 'fail' });
    const failed = stored(paymentId);
    const replay = await page.complete(token, { action: 'submit', code: '123456' });
    expect(replay.status).toBe(409);
    expect(stored(paymentId)).toEqual(failed);
  });
});
