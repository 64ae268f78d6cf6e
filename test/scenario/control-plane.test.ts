// The scenario engine's control plane: listing, settling a payment in process by hand, ending a 3DS
// challenge without a browser; each change goes through the payment state machine and notifies.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cardPay, hostedPay } from '../support/bodies.ts';
import { startReceiver, type Receiver } from '../support/receiver.ts';
import { PAY, startTestSandbox, type TestSandbox } from '../support/sandbox.ts';
import { control, inquire, type Json } from './helpers.ts';

let t: TestSandbox;
let receiver: Receiver;
beforeEach(async () => {
  t = await startTestSandbox({
    startAt: Date.parse('2026-11-25T12:00:00Z'),
    scenarioData: [{
      scenarios: [{ name: 'mine', description: 'A scenario of a user file.', outcome: { status: 'F', code: 'LOST_CARD' } }],
      rules: [{ name: 'lost', when: { referenceBuyerId: 'x' }, scenario: 'mine' }],
    }],
  });
  receiver = await startReceiver();
});
afterEach(async () => { await receiver.close(); });

const payWith = async (scenario: string, top: Json = {}) => (await t.post(PAY, cardPay(top), { 'x-sandbox-scenario': scenario })).body as Json & { paymentId: string };
const settle = (paymentId: string, body: Json) => control(t).post(`/_sandbox/payments/${paymentId}/settle`).send(body);

describe('GET /_sandbox/scenarios', () => {
  it('lists every scenario with its description, outcome and triggers, the seed, the precedence and the pins', async () => {
    await control(t).post('/_sandbox/scenarios/pin').send({ scenario: 'mine', count: 3 }).expect(201);
    const res = await control(t).get('/_sandbox/scenarios');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ seed: 0, total: res.body.scenarios.length, pins: [{ scenario: 'mine', remaining: 3 }] });
    expect(res.body.precedence[0]).toMatch(/x-sandbox-scenario/);
    const byName = new Map((res.body.scenarios as Json[]).map((s) => [s.name, s]));
    expect(byName.get('RISK_REJECT')).toMatchObject({
      builtIn: true, outcome: 'F RISK_REJECT', origin: expect.stringMatching(/^scenarios\/11-result-codes\.yaml:\d+$/),
      triggers: expect.arrayContaining([
        expect.objectContaining({ kind: 'amount', label: 'amount 11' }),
        expect.objectContaining({ kind: 'test-card', label: 'test card 4000000000001109 (VISA, CREDIT, US)' }),
      ]),
    });
    expect(byName.get('mine')).toMatchObject({
      builtIn: false, origin: 'scenarioData[0]', description: 'A scenario of a user file.', outcome: 'F LOST_CARD',
      triggers: [{ kind: 'rule', label: 'rule "lost"', origin: 'scenarioData[0]', when: { referenceBuyerId: 'x' } }], definition: { outcome: { status: 'F', code: 'LOST_CARD' } },
    });
    expect(byName.get('success')!.triggers).toContainEqual({ kind: 'default', label: 'a valid card that no header, pin or rule chooses for', origin: 'built-in' });
  });

  it('shows one scenario, and answers 404 for an unknown one', async () => {
    expect((await control(t).get('/_sandbox/scenarios/3ds-frictionless')).body).toMatchObject({ name: '3ds-frictionless', outcome: 'S SUCCESS, 3DS frictionless (ECI 05/02)' });
    const unknown = await control(t).get('/_sandbox/scenarios/nope');
    expect(unknown.status).toBe(404);
    expect(unknown.body.error).toMatchObject({ code: 'SCENARIO_NOT_FOUND', status: 404, field: 'name', message: expect.stringMatching(/no scenario "nope"/) });
  });

  it('reading changes nothing: an expired pin is not listed, and listing twice answers the same', async () => {
    await control(t).post('/_sandbox/scenarios/pin').send({ scenario: 'mine', durationMs: 1000 });
    await t.sandbox.clock.advance(1000);
    const a = await control(t).get('/_sandbox/scenarios');
    const b = await control(t).get('/_sandbox/scenarios');
    expect(a.body.pins).toEqual([]);
    expect(b.body).toEqual(a.body);
  });
});

describe('POST /_sandbox/payments/:paymentId/settle', () => {
  it('settles a payment in process, through the state machine, with its notification', async () => {
    const paid = await payWith('PAYMENT_IN_PROCESS', { paymentNotifyUrl: `${receiver.url}/notify` });
    const res = await settle(paid.paymentId, { outcome: 'S' });
    expect(res.status).toBe(200);
    expect(res.body.payment).toMatchObject({ paymentStatus: 'SUCCESS', paymentResultCode: 'SUCCESS', pendingStep: null, paymentResultInfo: { authorizationCode: expect.stringMatching(/^[0-9A-Z]{6}$/) } });
    const { attempt } = await t.sandbox.notifications.waitForAttempt({ paymentId: paid.paymentId, delivered: true }, 5000);
    expect(attempt.delivered).toBe(true);
    const notified = JSON.parse(receiver.received[0]!.body) as Json;
    expect(notified).toMatchObject({ notifyType: 'PAYMENT_RESULT', paymentId: paid.paymentId, result: { resultCode: 'SUCCESS' } });
  });

  it('takes outcome or status, S/F or SUCCESS/FAIL; F defaults to DO_NOT_HONOR', async () => {
    const a = await payWith('PAYMENT_IN_PROCESS');
    expect((await settle(a.paymentId, { status: 'FAIL' })).body.payment).toMatchObject({ paymentResultCode: 'DO_NOT_HONOR', paymentResultInfo: { refusalCodeRaw: '05' } });
    const b = await payWith('in-process-then-success');
    const settled = await settle(b.paymentId, { outcome: 'F', resultCode: 'CARD_EXPIRED', resultMessage: 'Settled by QA.' });
    expect(settled.body.payment).toMatchObject({ paymentStatus: 'FAIL', paymentResultCode: 'CARD_EXPIRED', paymentResultMessage: 'Settled by QA.' });
    // The issuer's own answer, due 30 s after pay, no longer changes anything.
    await t.sandbox.clock.advance(60_000);
    expect(await inquire(t, { paymentId: b.paymentId })).toMatchObject({ paymentStatus: 'FAIL', paymentResultCode: 'CARD_EXPIRED' });
  });

  it('refuses what it cannot do, with a meaningful status', async () => {
    const done = await payWith('success');
    const again = await settle(done.paymentId, { outcome: 'S' });
    expect(again.status).toBe(409);
    expect(again.body.error).toMatchObject({ code: 'STATE_CONFLICT', status: 409, message: expect.stringMatching(/is SUCCESS, not PROCESSING/) });
    const unknown = await settle('20990101000000000000000000000000000', { outcome: 'S' });
    expect([unknown.status, unknown.body.error.code]).toEqual([404, 'PAYMENT_NOT_FOUND']);
    const pending = await payWith('PAYMENT_IN_PROCESS');
    for (const [body, message] of [
      [{}, /^outcome is required, or status is required$/], [{ outcome: 'maybe' }, /^outcome must be one of S, SUCCESS, F, FAIL$/],
      [{ outcome: 'F', resultCode: 'PARAM_ILLEGAL' }, /resultCode must be one of RISK_REJECT, /],
      [{ outcome: 'S', resultCode: 'DO_NOT_HONOR' }, /only for outcome F/], [{ outcome: 'F', resultMessage: 7 }, /resultMessage/],
    ] as [Json, RegExp][]) {
      const res = await settle(pending.paymentId, body);
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('INVALID_BODY');
      expect(res.body.error.message).toMatch(message);
    }
    expect((await inquire(t, { paymentId: pending.paymentId })).paymentStatus).toBe('PROCESSING');
  });
});

describe('POST /_sandbox/payments/:paymentId/challenge', () => {
  it('ends a pending challenge; a challenge left alone closes after 14 minutes', async () => {
    const passed = await payWith('3ds-challenge', { paymentNotifyUrl: `${receiver.url}/notify` });
    const res = await control(t).post(`/_sandbox/payments/${passed.paymentId}/challenge`).send({ action: 'pass' });
    expect(res.body.payment).toMatchObject({ paymentStatus: 'SUCCESS', paymentResultInfo: { threeDSResult: { eci: '05', challenged: true } } });
    await t.sandbox.notifications.waitForAttempt({ paymentId: passed.paymentId, delivered: true }, 5000);
    const notified = JSON.parse(receiver.received[0]!.body) as { paymentResultInfo: Json };
    expect(notified.paymentResultInfo.threeDSResult).toEqual(res.body.payment.paymentResultInfo.threeDSResult);

    const abandoned = await payWith('3ds-challenge');
    await t.sandbox.clock.advance(14 * 60_000);
    expect(await inquire(t, { paymentId: abandoned.paymentId })).toMatchObject({ paymentStatus: 'FAIL', paymentResultCode: 'ORDER_IS_CLOSED' });
    const late = await control(t).post(`/_sandbox/payments/${abandoned.paymentId}/challenge`).send({ action: 'pass' });
    expect(late.status).toBe(409);
  });

  it('answers 409 for a payment with no challenge pending, and 400 for an unknown action', async () => {
    const issuer = await payWith('PAYMENT_IN_PROCESS');
    const res = await control(t).post(`/_sandbox/payments/${issuer.paymentId}/challenge`).send({ action: 'pass' });
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({ code: 'STATE_CONFLICT', message: expect.stringMatching(/PROCESSING \(issuer\), not waiting for a 3DS challenge/) });
    const hosted = (await t.post(PAY, hostedPay())).body as { paymentId: string };
    expect((await control(t).post(`/_sandbox/payments/${hosted.paymentId}/challenge`).send({ action: 'pass' })).status).toBe(409);
    const challenged = await payWith('3ds-challenge');
    const bad = await control(t).post(`/_sandbox/payments/${challenged.paymentId}/challenge`).send({ action: 'skip' });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toEqual({ code: 'INVALID_BODY', status: 400, field: 'action', message: 'action must be one of pass, fail, cancel' });
  });
});

describe('an issuer answer due after the payment expires', () => {
  it('is not scheduled, and the reason says so', async () => {
    const expiry = new Date(Date.parse('2026-11-25T12:00:10Z')).toISOString().replace('.000Z', '+00:00');
    const res = await t.post(PAY, cardPay({ paymentExpiryTime: expiry }), { 'x-sandbox-scenario': 'in-process-then-success' });
    expect(res.headers['x-sandbox-scenario-reason']).toMatch(/would come after the payment expires, so it is not scheduled$/);
    await t.sandbox.clock.advance(30_000);
    expect(await inquire(t, { paymentId: res.body.paymentId })).toMatchObject({ paymentStatus: 'FAIL', paymentResultCode: 'ORDER_IS_CLOSED' });
  });
});
