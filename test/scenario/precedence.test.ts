// How an outcome is chosen, first match wins: header, pin, the user's rules, the built-in catalogue (data
// triggers, test cards, amounts, postal codes), the default. Pins expire by count and by sandbox time.
import { beforeEach, describe, expect, it } from 'vitest';
import { cardPay, hostedPay } from '../support/bodies.ts';
import { PAY, startTestSandbox, type TestSandbox } from '../support/sandbox.ts';
import { control, type Json } from './helpers.ts';

const DECLINE_CARD = '4000000000001059';   // built-in test card: DO_NOT_HONOR
const SUCCESS_CARD = '4054695723100768';   // Antom's success card: no scenario of its own

let t: TestSandbox;
beforeEach(async () => {
  t = await startTestSandbox({
    startAt: Date.parse('2026-11-25T12:00:00Z'),
    scenarioData: [{ rules: [{ name: 'fraudster', when: { referenceBuyerId: 'rule-buyer' }, scenario: 'FRAUD_REJECT' }] }],
  });
});

async function payAs(card: Json = {}, top: Json = {}, headers: Record<string, string> = {}) {
  const res = await t.post(PAY, cardPay(top, card), headers);
  const source = res.body.paymentId ? t.sandbox.store.payments.get(res.body.paymentId)?.scenario?.source : undefined;
  return { code: res.body.result.resultCode as string, scenario: res.headers['x-sandbox-scenario'], reason: res.headers['x-sandbox-scenario-reason'], source, body: res.body };
}

const buyer = (id: string) => ({ order: { ...(cardPay().order as Json), buyer: { referenceBuyerId: id } } });
const pin = (body: Json) => control(t).post('/_sandbox/scenarios/pin').send(body);

describe('first match wins', () => {
  it('header over pin over rules over the catalogue over the default', async () => {
    const card = { cardNo: DECLINE_CARD };
    expect(await payAs(card, buyer('rule-buyer'))).toMatchObject({ code: 'FRAUD_REJECT', scenario: 'FRAUD_REJECT', source: 'rule' });
    expect((await pin({ scenario: 'PROCESS_FAIL' })).status).toBe(201);
    expect(await payAs(card, buyer('rule-buyer'))).toMatchObject({ code: 'PROCESS_FAIL', source: 'pin' });
    expect(await payAs(card, buyer('rule-buyer'), { 'x-sandbox-scenario': 'RISK_REJECT' })).toMatchObject({ code: 'RISK_REJECT', source: 'header' });
    await control(t).delete('/_sandbox/scenarios/pin').set('x-sandbox-control', '1').expect(200);
    expect(await payAs(card, buyer('someone-else'))).toMatchObject({ code: 'DO_NOT_HONOR', source: 'test-card' });
    expect(await payAs({}, buyer('someone-else'))).toMatchObject({ code: 'SUCCESS', scenario: 'success', source: 'default' });
  });

  it('says why, on the payment and in the response headers', async () => {
    const paid = await payAs({ cardNo: DECLINE_CARD }, buyer('rule-buyer'));
    expect(paid.reason).toBe('rule "fraudster" (scenarioData[0])');
    const shown = await control(t).get(`/_sandbox/payments/${paid.body.paymentId}`);
    expect(shown.body.scenario).toEqual({ name: 'FRAUD_REJECT', source: 'rule', reason: paid.reason });
    const card = await payAs({ cardNo: DECLINE_CARD });
    expect(card.reason).toMatch(/^test card 400000\*{6}1059 \(scenarios\/30-test-cards\.yaml:\d+\)$/);
  });

  it('within the catalogue: invalid data, then test cards, then amounts, then postal codes', async () => {
    expect(await payAs({ cardNo: DECLINE_CARD, cvv: '12' })).toMatchObject({ code: 'INVALID_CVV', scenario: 'invalid-cvv-format' });
    expect(await payAs({ cardNo: DECLINE_CARD }, { paymentAmount: { currency: 'EUR', value: '11' } })).toMatchObject({ code: 'DO_NOT_HONOR', source: 'test-card' });
    // A test card with no scenario of its own only describes the card: the triggers still apply to it.
    expect(await payAs({ cardNo: SUCCESS_CARD }, { paymentAmount: { currency: 'EUR', value: '11' } })).toMatchObject({ code: 'RISK_REJECT', source: 'amount' });
    const zip = { billingAddress: { zipCode: '00000' } };
    expect(await payAs(zip, { paymentAmount: { currency: 'EUR', value: '11' } })).toMatchObject({ code: 'RISK_REJECT', source: 'amount' });
    expect(await payAs(zip)).toMatchObject({ code: 'DO_NOT_HONOR', scenario: 'avs-mismatch-declined', source: 'postal-code' });
  });

  it('the core checks come first: no scenario makes a bad card or a repeat pay again', async () => {
    const luhn = await t.post(PAY, cardPay({}, { cardNo: '4117347806156384' }), { 'x-sandbox-scenario': 'success' });
    expect(luhn.body.result.resultCode).toBe('INVALID_CARD_NUMBER');
    const body = cardPay();
    const first = await t.post(PAY, body, { 'x-sandbox-scenario': 'DO_NOT_HONOR' });
    const again = await t.post(PAY, body, { 'x-sandbox-scenario': 'success' });
    expect(again.body).toEqual(first.body);
    expect(again.headers['x-sandbox-scenario']).toBe('DO_NOT_HONOR');
  });
});

describe('the x-sandbox-scenario header', () => {
  it('an unknown name answers PARAM_ILLEGAL listing the known names, and stores nothing', async () => {
    const before = t.sandbox.store.payments.size;
    const res = await t.post(PAY, cardPay(), { 'x-sandbox-scenario': 'no-such-thing' });
    expect(res.body.result).toMatchObject({ resultCode: 'PARAM_ILLEGAL', resultStatus: 'F' });
    expect(res.body.result.resultMessage).toMatch(/^x-sandbox-scenario names no scenario: "no-such-thing"; known: success, in-process-then-success, .*DO_NOT_HONOR/);
    expect(res.body.paymentId).toBeUndefined();
    expect(t.sandbox.store.payments.size).toBe(before);
  });

  it('does not use up a pin', async () => {
    await pin({ scenario: 'PROCESS_FAIL', count: 1 });
    expect(await payAs({}, {}, { 'x-sandbox-scenario': 'RISK_REJECT' })).toMatchObject({ code: 'RISK_REJECT' });
    expect(await payAs()).toMatchObject({ code: 'PROCESS_FAIL', source: 'pin' });
    expect(await payAs()).toMatchObject({ code: 'SUCCESS' });
  });
});

describe('pins', () => {
  it('expire by count, and say how many uses are left', async () => {
    const created = await pin({ scenario: 'USER_BALANCE_NOT_ENOUGH', count: 2 });
    expect(created.body.pin).toMatchObject({ scenario: 'USER_BALANCE_NOT_ENOUGH', clientId: null, remaining: 2, expiresAt: null });
    expect(await payAs()).toMatchObject({ code: 'USER_BALANCE_NOT_ENOUGH', reason: 'pinned from the control plane, 2 uses left before this one' });
    expect((await control(t).get('/_sandbox/scenarios/pins')).body.pins[0].remaining).toBe(1);
    expect(await payAs()).toMatchObject({ code: 'USER_BALANCE_NOT_ENOUGH' });
    expect(await payAs()).toMatchObject({ code: 'SUCCESS', source: 'default' });
    expect((await control(t).get('/_sandbox/scenarios/pins')).body.pins).toEqual([]);
  });

  it('expire by time on the sandbox clock', async () => {
    const created = await pin({ scenario: 'RISK_REJECT', durationMs: 30 * 60_000 });
    expect(created.body.pin.expiresAt).toBe('2026-11-25T12:30:00.000Z');
    expect(await payAs()).toMatchObject({ code: 'RISK_REJECT' });
    await t.sandbox.clock.advance(30 * 60_000 - 1);
    expect(await payAs()).toMatchObject({ code: 'RISK_REJECT' });
    await t.sandbox.clock.advance(1);
    expect(await payAs()).toMatchObject({ code: 'SUCCESS' });
    expect((await control(t).get('/_sandbox/scenarios')).body.pins).toEqual([]);
  });

  it('end at whichever of count and time comes first', async () => {
    await pin({ scenario: 'RISK_REJECT', count: 5, durationMs: 60_000 });
    expect(await payAs()).toMatchObject({ code: 'RISK_REJECT' });
    await t.sandbox.clock.advance(60_000);
    expect(await payAs()).toMatchObject({ code: 'SUCCESS' });
  });

  it('apply per merchant: a merchant\'s own pin first, then a pin for everyone', async () => {
    await pin({ scenario: 'RISK_REJECT' });
    await pin({ scenario: 'FRAUD_REJECT', clientId: 'SANDBOX_OTHER' });
    expect(await payAs()).toMatchObject({ code: 'RISK_REJECT' });
    // SANDBOX_OTHER has no key registered: in signature mode warn its unsigned call is accepted.
    const other = await t.post(PAY, cardPay(), { 'Client-Id': 'SANDBOX_OTHER' });
    expect(other.body.result.resultCode).toBe('FRAUD_REJECT');
    expect(other.headers['x-sandbox-scenario-reason']).toBe('pinned from the control plane for SANDBOX_OTHER, until unpinned');
    const removed = await control(t).delete('/_sandbox/scenarios/pin?clientId=SANDBOX_OTHER').set('x-sandbox-control', '1');
    expect(removed.body.removed).toHaveLength(1);
    expect((await t.post(PAY, cardPay(), { 'Client-Id': 'SANDBOX_OTHER' })).body.result.resultCode).toBe('RISK_REJECT');
    expect((await control(t).delete('/_sandbox/scenarios/pin').set('x-sandbox-control', '1')).body.removed).toHaveLength(1);
    expect(await payAs()).toMatchObject({ code: 'SUCCESS' });
  });

  it('pinning again replaces the pin of the same scope', async () => {
    await pin({ scenario: 'RISK_REJECT' });
    await pin({ scenario: 'FRAUD_REJECT' });
    expect((await control(t).get('/_sandbox/scenarios/pins')).body.pins.map((p: Json) => p.scenario)).toEqual(['FRAUD_REJECT']);
  });

  it('are not used up by a repeated request, answered from the store', async () => {
    const body = cardPay();
    await t.post(PAY, body);
    await pin({ scenario: 'RISK_REJECT', count: 1 });
    expect((await t.post(PAY, body)).body.result.resultCode).toBe('SUCCESS');
    expect(await payAs()).toMatchObject({ code: 'RISK_REJECT' });
  });

  it('refuse what they cannot do, naming the field', async () => {
    const cases: [Json, RegExp][] = [
      [{ scenario: 'nope' }, /scenario names no scenario: "nope"; known: success/],
      [{}, /scenario is required/],
      [{ scenario: 'RISK_REJECT', count: 0 }, /count must be a whole number from 1/],
      [{ scenario: 'RISK_REJECT', count: 1.5 }, /^count must be integer, or count must be null$/],
      [{ scenario: 'RISK_REJECT', durationMs: '30m' }, /^durationMs must be integer, or durationMs must be null$/],
      [{ scenario: 'RISK_REJECT', clientId: 'bad id!' }, /clientId must be/],
      [{ scenario: 'RISK_REJECT', minutes: 3 }, /minutes is not allowed/],
    ];
    for (const [body, message] of cases) {
      const res = await pin(body);
      expect(res.status).toBe(400);
      expect(res.body.error).toMatchObject({ code: 'INVALID_BODY', status: 400 });
      expect(res.body.error.message).toMatch(message);
    }
    expect((await control(t).get('/_sandbox/scenarios/pins')).body.pins).toEqual([]);
  });
});

describe('sequences', () => {
  it('count attempts per buyer, and can cycle', async () => {
    const s = await startTestSandbox({
      scenarioData: [{
        scenarios: [{
          name: 'every-other', description: 'Declines, then succeeds, then declines again.',
          sequence: { by: 'buyer', afterLast: 'cycle', steps: [{ status: 'F', code: 'DO_NOT_HONOR' }, { status: 'S' }] },
        }],
        rules: [{ when: { referenceBuyerId: ['alice', 'bob'] }, scenario: 'every-other' }],
      }],
    });
    const codes = async (who: string, card = '4117347806156383') =>
      (await s.post(PAY, cardPay(buyer(who), { cardNo: card }))).body.result.resultCode as string;
    expect(await codes('alice')).toBe('DO_NOT_HONOR');
    // A different card, the same buyer: the sequence goes on.
    expect(await codes('alice', SUCCESS_CARD)).toBe('SUCCESS');
    expect(await codes('bob')).toBe('DO_NOT_HONOR');
    expect(await codes('alice')).toBe('DO_NOT_HONOR');
    expect(await codes('alice')).toBe('SUCCESS');
    await control(s).post('/_sandbox/scenarios/reset').set('x-sandbox-control', '1').expect(200);
    expect(await codes('alice')).toBe('DO_NOT_HONOR');
  });

  it('decline-then-approve counts by card, so a retry with the same card succeeds', async () => {
    const first = await payAs({ cardNo: '4000000000007007' });
    const other = await payAs({ cardNo: '4000000000007007', expiryYear: '30' });
    const fresh = await payAs({}, {}, { 'x-sandbox-scenario': 'decline-then-approve' });
    expect([first.code, other.code, fresh.code]).toEqual(['DO_NOT_HONOR', 'SUCCESS', 'DO_NOT_HONOR']);
  });
});

describe('hosted-page pays (no card yet)', () => {
  it('wait for the card, unless a header or pin answers F at once', async () => {
    const plain = await t.post(PAY, hostedPay({ paymentAmount: { currency: 'EUR', value: '11' } }));
    expect(plain.body.result.resultCode).toBe('PAYMENT_IN_PROCESS');
    expect(plain.headers['x-sandbox-scenario']).toBe('hosted-page');
    const refused = await t.post(PAY, hostedPay(), { 'x-sandbox-scenario': 'RISK_REJECT' });
    expect(refused.body.result).toMatchObject({ resultCode: 'RISK_REJECT', resultStatus: 'F' });
    expect(refused.body.paymentResultInfo).toBeUndefined();
    const later = await t.post(PAY, hostedPay(), { 'x-sandbox-scenario': '3ds-challenge' });
    expect(later.body.result.resultCode).toBe('PAYMENT_IN_PROCESS');
    expect(later.body.normalUrl).toMatch(/\/checkout\//);
    expect(t.sandbox.store.payments.get(later.body.paymentId)!.scenario).toMatchObject({
      name: '3ds-challenge', source: 'header', reason: expect.stringMatching(/applies when the buyer submits the card on the hosted page$/),
    });
  });

  it('apply a header or pin of the pay to the card the buyer enters on the page', async () => {
    await pin({ scenario: '3ds-frictionless', count: 1 });
    const pinned = await t.post(PAY, hostedPay());
    const challenged = await t.post(PAY, hostedPay(), { 'x-sandbox-scenario': '3ds-challenge' });
    const plain = await t.post(PAY, hostedPay());
    const submit = (normalUrl: string) => control(t).post(`${new URL(normalUrl).pathname}/submit`).set('content-type', 'application/json')
      .send(JSON.stringify({ cardNumber: SUCCESS_CARD, expiry: '12 / 30', cvv: '987', cardholderName: 'Tom Jay', saveCard: false }));
    for (const res of [pinned, challenged, plain]) expect((await submit(res.body.normalUrl)).status).toBe(200);
    expect(t.sandbox.store.payments.get(pinned.body.paymentId)).toMatchObject({
      status: 'SUCCESS', scenario: { name: '3ds-frictionless', source: 'pin' }, resultInfo: { threeDSResult: { eci: '05', challenged: false } },
    });
    expect(t.sandbox.store.payments.get(challenged.body.paymentId)).toMatchObject({
      status: 'PROCESSING', pendingStep: '3ds-challenge',
      scenario: { name: '3ds-challenge', source: 'header', reason: expect.stringMatching(/applied to the card entered on the hosted page; the issuer requires a 3DS challenge$/) },
    });
    expect(t.sandbox.store.payments.get(plain.body.paymentId)).toMatchObject({ status: 'SUCCESS', scenario: { name: 'success', source: 'default' } });
  });
});
