// The card page's step of the payment state machine, as a pure function: a card entered on the hosted
// page ends the payment, or moves it to a 3DS challenge or to the issuer's later answer.
import { describe, expect, it } from 'vitest';
import { openPayment } from '../../server/payment/open-payment.ts';
import { applyPaymentEvent as applyOrRefuse } from '../../server/payment/payment-machine.ts';
import { hostedPay } from '../support/bodies.ts';
import type { PayRequest } from '../../schemas/pay.ts';
import type { CardEntry, PaymentEvent, PaymentRecord, Transition } from '../../server/payment/types.ts';

const NOW = Date.parse('2026-11-25T12:00:00Z');

/** A step the machine must take (a refusal fails the test, naming it). */
function applyPaymentEvent(payment: PaymentRecord, event: PaymentEvent, now: number): Transition {
  const result = applyOrRefuse(payment, event, now);
  if ('refused' in result) throw new Error(`refused: ${result.refused.resultCode} ${result.refused.resultMessage}`);
  return result;
}

function hostedPayment(): PaymentRecord {
  const request = hostedPay() as unknown as PayRequest;
  return openPayment(
    { paymentId: '20261125194010800100000000000000001', clientId: 'SANDBOX_ME', mode: 'hosted', fingerprint: 'f', request, now: NOW, networkTransactionId: '1', pageToken: 'pg_x', pageUrl: 'http://x/checkout/pg_x' },
    { status: 'U', pendingStep: 'hosted-page', scenario: { name: 'hosted-page', reason: 'no card data' } },
  ).payment;
}

const card = { cardNo: '405469******0768', lastFour: '0768', cardBrand: 'VISA', cardToken: 'ctk_abc' };
const entry = (next: CardEntry['next']): CardEntry => ({ resultInfo: card, scenario: { name: 's', reason: 'r' }, next });

describe('card-entered', () => {
  it('keeps the hosted request without any card secret', () => {
    const request = hostedPay() as unknown as PayRequest;
    request.paymentMethod.paymentMethodMetaData = { cvv: '123', expiryMonth: '12', is3DSAuthentication: true };
    const { payment } = openPayment(
      { paymentId: '2', clientId: 'C', mode: 'hosted', fingerprint: 'f', request, now: NOW, networkTransactionId: '1' },
      { status: 'U', pendingStep: 'hosted-page', scenario: { name: 'h', reason: 'r' } },
    );
    expect(payment.hostedRequest?.paymentMethod.paymentMethodMetaData).toEqual({ is3DSAuthentication: true });
  });

  it('settles at once when the decision is final, with the card and its token in resultInfo', () => {
    const { payment, effects } = applyPaymentEvent(hostedPayment(), { type: 'card-entered', entry: entry({ status: 'S', resultInfo: { avsResultRaw: 'Y' } }) }, NOW + 1000);
    expect(payment).toMatchObject({ status: 'SUCCESS', pendingStep: undefined, resultInfo: { ...card, avsResultRaw: 'Y' }, paidAt: NOW + 1000 });
    expect(effects).toContainEqual({ type: 'notify', notifyType: 'PAYMENT_RESULT', paymentId: payment.paymentId });
  });

  it('a decline ends FAIL with the code', () => {
    const { payment } = applyPaymentEvent(hostedPayment(), { type: 'card-entered', entry: entry({ status: 'F', code: 'DO_NOT_HONOR' }) }, NOW);
    expect(payment).toMatchObject({ status: 'FAIL', result: { resultCode: 'DO_NOT_HONOR', resultStatus: 'F' }, resultInfo: card });
  });

  it('a 3DS challenge keeps it PROCESSING at the challenge step, notifying nobody yet', () => {
    const challenge = { threeDSVersion: '2.2.0', pass: { status: 'S' as const }, fail: { status: 'F' as const, code: 'PROCESS_FAIL' as const }, cancel: { status: 'F' as const, code: 'PROCESS_FAIL' as const } };
    const { payment, effects } = applyPaymentEvent(hostedPayment(), { type: 'card-entered', entry: entry({ status: 'U', pendingStep: '3ds-challenge', challenge }) }, NOW);
    expect(payment).toMatchObject({ status: 'PROCESSING', pendingStep: '3ds-challenge', challenge, resultInfo: card });
    expect(effects).toEqual([]);
  });

  it('an issuer that answers later schedules its settlement', () => {
    const { payment, effects } = applyPaymentEvent(hostedPayment(), { type: 'card-entered', entry: entry({ status: 'U', pendingStep: 'issuer', settleAfterMs: 30_000, settlement: { status: 'S' } }) }, NOW);
    expect(payment.pendingStep).toBe('issuer');
    expect(effects).toEqual([{ type: 'schedule', paymentId: payment.paymentId, at: NOW + 30_000, event: { type: 'settle', settlement: { status: 'S' }, scheduled: true } }]);
  });

  it('is refused once the card was entered, or the payment is over', () => {
    const entered = applyPaymentEvent(hostedPayment(), { type: 'card-entered', entry: entry({ status: 'S' }) }, NOW).payment;
    expect(applyOrRefuse(entered, { type: 'card-entered', entry: entry({ status: 'S' }) }, NOW)).toMatchObject({ refused: { resultCode: 'ORDER_STATUS_INVALID', resultStatus: 'F' } });
    const expired = applyPaymentEvent(hostedPayment(), { type: 'expire' }, NOW).payment;
    expect(applyOrRefuse(expired, { type: 'card-entered', entry: entry({ status: 'S' }) }, NOW)).toMatchObject({ refused: { resultMessage: expect.stringMatching(/not waiting for a card/) } });
  });
});
