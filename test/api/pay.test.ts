// pay and inquiryPayment through the whole HTTP pipeline, as a merchant's server would call them.
import { beforeAll, describe, expect, it } from 'vitest';
import { problemsWith } from '../../server/api/validate.ts';
import { cardPay, hostedPay, SEED_CARD_PAY, SEED_HOSTED_PAY } from '../support/bodies.ts';
import { INQUIRY, PAY, startTestSandbox, type TestSandbox } from '../support/sandbox.ts';

let t: TestSandbox;
beforeAll(async () => {
  t = await startTestSandbox({ startAt: Date.parse('2026-11-25T12:00:00Z') });
});

describe('the seed samples', () => {
  it('validate as given', () => {
    expect(problemsWith('PayRequest', SEED_CARD_PAY)).toEqual([]);
    expect(problemsWith('PayRequest', SEED_HOSTED_PAY)).toEqual([]);
  });

  it('server-to-server card pay answers S with the full paymentResultInfo', async () => {
    const res = await t.post(PAY, cardPay());
    expect(res.status).toBe(200);
    expect(res.body.result).toEqual({ resultCode: 'SUCCESS', resultStatus: 'S', resultMessage: 'Success.' });
    expect(res.body.paymentId).toMatch(/^20261125\d{27}$/);
    expect(res.body.paymentAmount).toEqual({ currency: 'EUR', value: '30000' });
    expect(res.body.paymentCreateTime).toMatch(/^2026-11-25T\d\d:\d\d:\d\d[+-]\d\d:\d\d$/);
    expect(res.body.authExpiryTime).toBeDefined();
    expect(res.body.paymentResultInfo).toMatchObject({
      cardNo: '411734******6383', cardBrand: 'VISA', cardBin: '411734', lastFour: '6383',
      funding: 'CREDIT', issuingCountry: 'US', avsResultRaw: 'Y', cvvResultRaw: 'Y',
    });
    expect(res.body.paymentResultInfo.networkTransactionId).toMatch(/^\d{15}$/);
    expect(problemsWith('PayResponse', res.body)).toEqual([]);
  });

  it('hosted-page pay answers U PAYMENT_IN_PROCESS with a normalUrl on the sandbox', async () => {
    const res = await t.post(PAY, hostedPay());
    expect(res.body.result).toMatchObject({ resultCode: 'PAYMENT_IN_PROCESS', resultStatus: 'U' });
    expect(res.body.normalUrl).toMatch(/^http:\/\/127\.0\.0\.1(:\d+)?\/checkout\/pg_[\w-]+$/);
    expect(res.body.redirectActionForm).toEqual({ method: 'GET', redirectUrl: res.body.normalUrl });
    expect(problemsWith('PayResponse', res.body)).toEqual([]);
    const inquiry = await t.post(INQUIRY, { paymentId: res.body.paymentId });
    expect(inquiry.body.paymentStatus).toBe('PROCESSING');
  });
});

describe('card checks before any outcome', () => {
  const cases: [string, Record<string, unknown>, Record<string, unknown>, string, RegExp][] = [
    ['a number failing Luhn', {}, { cardNo: '4117347806156384' }, 'INVALID_CARD_NUMBER', /Luhn/],
    ['month 13', {}, { expiryMonth: '13' }, 'INVALID_EXPIRATION_DATE', /13 is not a month/],
    ['month 00', {}, { expiryMonth: '00' }, 'INVALID_EXPIRATION_DATE', /not a month/],
    ['an expiry in the past', {}, { expiryMonth: '10', expiryYear: '26' }, 'INVALID_EXPIRATION_DATE', /expired at the end of 10\/26/],
    ['an unsupported currency', { paymentAmount: { currency: 'XYZ', value: '100' } }, {}, 'CURRENCY_NOT_SUPPORT', /XYZ/],
    ['IDR not in whole rupiah', { paymentAmount: { currency: 'IDR', value: '10050' } }, {}, 'INVALID_AMOUNT', /"00"/],
    ['a decimal amount', { paymentAmount: { currency: 'EUR', value: '10.50' } }, {}, 'PARAM_ILLEGAL', /paymentAmount\.value must match/],
    ['an unknown card token', { paymentMethod: { paymentMethodType: 'CARD', paymentMethodId: 'tok_nope' } }, {}, 'PARAM_ILLEGAL', /not a card token/],
  ];
  for (const [name, overrides, card, code, message] of cases) {
    it(`${name} answers ${code}`, async () => {
      const res = await t.post(PAY, cardPay(overrides, card));
      expect(res.body.result.resultCode).toBe(code);
      expect(res.body.result.resultStatus).toBe('F');
      expect(res.body.result.resultMessage).toMatch(message);
      expect(res.body.paymentId).toBeUndefined();
    });
  }

  it('the current month is still valid', async () => {
    const res = await t.post(PAY, cardPay({}, { expiryMonth: '11', expiryYear: '2026' }));
    expect(res.body.result.resultCode).toBe('SUCCESS');
    expect(res.body.paymentResultInfo).toMatchObject({ expiryMonth: '11', expiryYear: '26' });
  });

  it('brand comes from the BIN', async () => {
    const brands: [string, string][] = [['5162774114974622', 'MASTERCARD'], ['378282246310005', 'AMEX'], ['3530111333300000', 'JCB'], ['6011111111111117', 'DISCOVER']];
    for (const [cardNo, brand] of brands) {
      const res = await t.post(PAY, cardPay({}, { cardNo }));
      expect(res.body.paymentResultInfo.cardBrand).toBe(brand);
    }
  });
});

describe('inquiryPayment', () => {
  it('finds a payment by paymentId or paymentRequestId, paymentId winning', async () => {
    const aBody = cardPay();
    const a = await t.post(PAY, aBody);
    const b = await t.post(PAY, cardPay());
    const byRequest = await t.post(INQUIRY, { paymentRequestId: aBody.paymentRequestId });
    expect(byRequest.body.paymentId).toBe(a.body.paymentId);
    const both = await t.post(INQUIRY, { paymentId: b.body.paymentId, paymentRequestId: byRequest.body.paymentRequestId });
    expect(both.body.paymentId).toBe(b.body.paymentId);
    expect(both.body).toMatchObject({ paymentStatus: 'SUCCESS', paymentResultCode: 'SUCCESS', result: { resultStatus: 'S' } });
    expect(both.body.transactions).toHaveLength(1);
    expect(both.body.transactions[0]).toMatchObject({ transactionType: 'AUTHORIZATION', transactionStatus: 'SUCCESS', transactionId: b.body.paymentId });
    expect(problemsWith('InquiryPaymentResponse', both.body)).toEqual([]);
  });

  it('answers ORDER_NOT_EXIST for an unknown payment', async () => {
    const res = await t.post(INQUIRY, { paymentId: '20990101000000000000000000000000000' });
    expect(res.body.result).toMatchObject({ resultCode: 'ORDER_NOT_EXIST', resultStatus: 'F' });
  });

  it('needs one of the two ids', async () => {
    const res = await t.post(INQUIRY, {});
    expect(res.body.result.resultCode).toBe('PARAM_ILLEGAL');
    expect(res.body.result.resultMessage).toBe('paymentId is required, or paymentRequestId is required');
  });

  it('does not show another merchant its payments', async () => {
    const a = await t.post(PAY, cardPay());
    const res = await t.post(INQUIRY, { paymentId: a.body.paymentId }, { 'Client-Id': 'SANDBOX_OTHER' });
    // The other client has no key here, so in warn mode the unsigned call is accepted — and finds nothing.
    expect(res.body.result.resultCode).toBe('ORDER_NOT_EXIST');
  });
});

describe('idempotency on paymentRequestId', () => {
  it('a repeat returns the stored answer with the same paymentId', async () => {
    const body = cardPay();
    const first = await t.post(PAY, body);
    const again = await t.post(PAY, body);
    expect(again.body).toEqual(first.body);
    expect(t.sandbox.store.payments.size).toBeGreaterThan(0);
  });

  it('a repeat of an in-process hosted payment returns the same normalUrl', async () => {
    const body = hostedPay();
    const first = await t.post(PAY, body);
    const again = await t.post(PAY, { ...body, env: { terminalType: 'WEB' } });
    expect(again.body.normalUrl).toBe(first.body.normalUrl);
    expect(again.body.paymentId).toBe(first.body.paymentId);
  });

  it('a repeat with a different amount, currency or card answers REPEAT_REQ_INCONSISTENT', async () => {
    const body = cardPay();
    await t.post(PAY, body);
    for (const change of [
      { paymentAmount: { currency: 'EUR', value: '30001' } },
      { paymentAmount: { currency: 'USD', value: '30000' } },
      { paymentMethod: { paymentMethodType: 'CARD', paymentMethodMetaData: { cardNo: '5162774114974622', expiryMonth: '12', expiryYear: '29' } } },
    ]) {
      const res = await t.post(PAY, { ...body, ...change });
      expect(res.body.result).toMatchObject({ resultCode: 'REPEAT_REQ_INCONSISTENT', resultStatus: 'F' });
    }
  });

  it('a payment closed by expiry answers ORDER_IS_CLOSED to a repeat', async () => {
    const body = hostedPay();
    const first = await t.post(PAY, body);
    await t.sandbox.clock.advance(14 * 60_000);
    const inquiry = await t.post(INQUIRY, { paymentId: first.body.paymentId });
    expect(inquiry.body).toMatchObject({ paymentStatus: 'FAIL', paymentResultCode: 'ORDER_IS_CLOSED' });
    const again = await t.post(PAY, body);
    expect(again.body.result).toMatchObject({ resultCode: 'ORDER_IS_CLOSED', resultStatus: 'F' });
  });

  it('paymentRequestIds are per merchant', async () => {
    const body = cardPay();
    const mine = await t.post(PAY, body);
    const theirs = await t.post(PAY, body, { 'Client-Id': 'SANDBOX_OTHER' });
    expect(theirs.body.result.resultCode).toBe('SUCCESS');
    expect(theirs.body.paymentId).not.toBe(mine.body.paymentId);
  });
});

describe('paymentIds', () => {
  it('never repeat', async () => {
    const ids = new Set<string>();
    for (let i = 0; i < 50; i++) ids.add((await t.post(PAY, cardPay())).body.paymentId as string);
    expect(ids.size).toBe(50);
  });
});
