// The pure parts of the scenario engine, without a socket: the decision's precedence over a fake state,
// rule matching, the seeded generator, 3DS results and the one-line descriptions.
import { describe, expect, it } from 'vitest';
import type { PayDecisionInput } from '../../server/scenario/decide-pay-outcome.ts';
import { describeOutcome } from '../../server/scenario/describe-scenarios.ts';
import { compareAmounts, normaliseName, normalisePostalCode, sha256 } from '../../server/scenario/match-rules.ts';
import type { CaptureDecisionInput } from '../../server/scenario/decide-lifecycle-outcome.ts';
import { pickLifecycleOutcome } from '../../server/scenario/pick-lifecycle-outcome.ts';
import { pickOutcome, type EngineView, type Pin } from '../../server/scenario/pick-outcome.ts';
import { hash32, mulberry32, randomFor } from '../../server/scenario/prng.ts';
import { loadCatalogue } from '../../server/scenario/scenario-engine.ts';
import { eciOf, settleChallenge } from '../../server/scenario/three-ds.ts';
import { cardPay } from '../support/bodies.ts';
import type { PaymentRecord } from '../../server/payment/types.ts';
import { isRefusal, type Refusal } from '../../server/api/refusal.ts';

const NOW = Date.parse('2026-11-25T12:00:00Z');

function input(card: Record<string, unknown> = {}, extra: Partial<PayDecisionInput> = {}): PayDecisionInput {
  const request = cardPay({}, card) as unknown as PayDecisionInput['request'];
  const cardNo = String(request.paymentMethod.paymentMethodMetaData!.cardNo);
  return {
    mode: 'card', request, clientId: 'C', now: NOW,
    card: { brand: 'VISA', bin: cardNo.slice(0, 6), lastFour: cardNo.slice(-4), fingerprint: sha256(cardNo), cvvLength: 3, expiryMonth: '12', expiryYear: '29' },
    ...extra,
  };
}

/** The value a pure decision returns when it refuses nothing (a refusal fails the test). */
function decided<T extends object>(value: T | Refusal): T {
  if (isRefusal(value)) throw new Error(`refused: ${value.refused.resultMessage}`);
  return value;
}
const namesNoScenario = { refused: { resultCode: 'PARAM_ILLEGAL', resultMessage: expect.stringMatching(/names no scenario: "x"; known: /) } };

const view = (pin?: Pin, attempts = 0): EngineView => ({ seed: 0, pinFor: () => pin, attempts: () => attempts, deferred: () => undefined });

describe('pickOutcome (pure)', () => {
  it('takes the header, then a pin, then the catalogue, then the default, and says what to change', async () => {
    const catalogue = await loadCatalogue();
    const pin: Pin = { id: 'p', scenario: 'RISK_REJECT', operations: ['pay'], createdAt: NOW, remaining: 2 };
    const declineCard = { cardNo: '4000000000001059' };
    expect(pickOutcome(input(declineCard, { requestedScenario: 'FRAUD_REJECT' }), catalogue, view(pin))).toMatchObject({ outcome: { status: 'F', code: 'FRAUD_REJECT', scenario: { source: 'header' } }, pinUsed: undefined });
    expect(pickOutcome(input(declineCard), catalogue, view(pin))).toMatchObject({ outcome: { code: 'RISK_REJECT', scenario: { source: 'pin' } }, pinUsed: pin });
    expect(pickOutcome(input(declineCard), catalogue, view())).toMatchObject({ outcome: { code: 'DO_NOT_HONOR', scenario: { source: 'test-card' } } });
    expect(pickOutcome(input(), catalogue, view())).toMatchObject({ outcome: { status: 'S', scenario: { name: 'success', source: 'default' } } });
    const sequence = pickOutcome(input({ cardNo: '4000000000007007' }), catalogue, view(undefined, 1));
    expect(sequence).toMatchObject({ outcome: { status: 'S' }, advance: expect.stringMatching(new RegExp(`^decline-then-approve${String.fromCharCode(0)}card:`)) });
  });

  it('a header naming no scenario is PARAM_ILLEGAL', async () => {
    const catalogue = await loadCatalogue();
    expect(pickOutcome(input({}, { requestedScenario: 'x' }), catalogue, view())).toMatchObject(namesNoScenario);
  });

  it('is the same for the same input', async () => {
    const catalogue = await loadCatalogue();
    const pay = input({}, { requestedScenario: '3ds-frictionless' });
    const a = decided(pickOutcome(pay, catalogue, view()));
    const b = decided(pickOutcome(structuredClone(pay), catalogue, view()));
    expect(a.outcome.status === 'S' && a.outcome.resultInfo).toEqual(b.outcome.status === 'S' && b.outcome.resultInfo);
  });
});

describe('pickLifecycleOutcome (pure)', () => {
  const payment = {
    paymentId: 'P1', mode: 'card', paymentAmount: { currency: 'EUR', value: '30000' }, status: 'SUCCESS', resultInfo: { cardBin: '411734' },
    captures: [] as unknown[], transactions: [],
  } as unknown as PaymentRecord;
  const capture = (value: string, requestedScenario?: string, on = payment): CaptureDecisionInput => ({
    clientId: 'C', payment: on, requestedScenario, now: NOW, isLastCapture: false, captureAmount: { currency: 'EUR', value },
    request: { captureRequestId: `R${value}`, paymentId: 'P1', captureAmount: { currency: 'EUR', value } },
  });

  it('takes the header, then a pin, then the catalogue, then the default, and returns the pin used instead of counting it', async () => {
    const catalogue = await loadCatalogue();
    const pin: Pin = { id: 'p', scenario: 'capture-risk-rejected', operations: ['capture'], createdAt: NOW, remaining: 2 };
    expect(pickLifecycleOutcome('capture', capture('7004', 'CAPTURE_IN_PROCESS'), catalogue, view(pin)))
      .toEqual({ outcome: { status: 'U', scenario: { name: 'CAPTURE_IN_PROCESS', source: 'header', reason: 'asked for by the x-sandbox-scenario request header' } }, pinUsed: undefined });
    expect(pickLifecycleOutcome('capture', capture('7004'), catalogue, view(pin))).toMatchObject({ outcome: { status: 'F', code: 'RISK_REJECT', scenario: { source: 'pin' } }, pinUsed: pin });
    expect(pin.remaining).toBe(2);
    expect(pickLifecycleOutcome('capture', capture('7001'), catalogue, view())).toMatchObject({
      outcome: { status: 'U', settleAfterMs: 120_000, settlement: { status: 'S' }, scenario: { name: 'capture-in-process-then-success', source: 'amount' } },
    });
    expect(pickLifecycleOutcome('refund', { ...capture('7002'), refundAmount: { currency: 'EUR', value: '7002' }, request: { refundRequestId: 'F1', paymentId: 'P1', refundAmount: { currency: 'EUR', value: '7002' } } }, catalogue, view()))
      .toMatchObject({ outcome: { status: 'U', settlement: { status: 'F', code: 'PROCESS_FAIL' }, scenario: { name: 'refund-in-process-then-fail' } } });
    expect(pickLifecycleOutcome('capture', capture('1000'), catalogue, view())).toEqual({ outcome: { status: 'S', scenario: { name: 'success', source: 'default', reason: 'no header, pin or rule chooses for this capture: the default is success' } }, pinUsed: undefined });
  });

  it('applies a scenario only to the captures it is for', async () => {
    const catalogue = await loadCatalogue();
    const asked = 'MULTI_CAPTURE_NOT_SUPPORTED';
    expect(decided(pickLifecycleOutcome('capture', capture('1000', asked), catalogue, view())).outcome).toMatchObject({ status: 'S', scenario: { name: 'success' } });
    const captured = { ...payment, captures: [{ captureId: 'X', status: 'SUCCESS', captureAmount: { currency: 'EUR', value: '1000' } }] } as unknown as PaymentRecord;
    expect(decided(pickLifecycleOutcome('capture', capture('1000', asked, captured), catalogue, view())).outcome)
      .toEqual({ status: 'F', code: 'MULTI_CAPTURE_NOT_SUPPORTED', rejectRequest: true, scenario: { name: 'MULTI_CAPTURE_NOT_SUPPORTED', source: 'header', reason: 'asked for by the x-sandbox-scenario request header' } });
    expect(pickLifecycleOutcome('capture', capture('1000', 'x'), catalogue, view())).toMatchObject(namesNoScenario);
  });
});

describe('the built-in catalogue', () => {
  it('is valid against the ScenarioFile schema, file by file', async () => {
    const { readdir, readFile } = await import('node:fs/promises');
    const { parse } = await import('yaml');
    const { problemsWith } = await import('../../server/api/validate.ts');
    const dir = new URL('../../scenarios/', import.meta.url);
    const files = (await readdir(dir)).filter((f) => f.endsWith('.yaml'));
    expect(files.length).toBeGreaterThanOrEqual(5);
    for (const file of files) expect([file, problemsWith('ScenarioFile', parse(await readFile(new URL(file, dir), 'utf8')))]).toEqual([file, []]);
  });
});

describe('rule matching', () => {
  it('compares amounts as digit strings, without floating point', () => {
    expect(compareAmounts('9999999999999999', '9999999999999998')).toBeGreaterThan(0);
    expect(compareAmounts('100', '99')).toBeGreaterThan(0);
    expect(compareAmounts('099', '100')).toBeLessThan(0);
    expect(compareAmounts('42', '42')).toBe(0);
  });

  it('normalises postal codes and names', () => {
    expect(normalisePostalCode(' sw1a  1aa ')).toBe('SW1A1AA');
    expect(normaliseName('  jane \t doe ')).toBe('JANE DOE');
  });
});

describe('the seeded generator', () => {
  it('is mulberry32: the same seed, the same stream', () => {
    const a = mulberry32(1);
    const b = mulberry32(1);
    const values = Array.from({ length: 5 }, () => a());
    expect(values).toEqual(Array.from({ length: 5 }, () => b()));
    expect(values.every((v) => v >= 0 && v < 1)).toBe(true);
    expect(mulberry32(2)()).not.toBe(values[0]);
    expect(hash32('')).toBe(0x811c9dc5);
    expect(randomFor(3, 'a', 'b')()).toBe(randomFor(3, 'a', 'b')());
    expect(randomFor(3, 'a', 'b')()).not.toBe(randomFor(3, 'ab')());
  });

  it('spreads evenly enough for weights and probabilities', () => {
    const random = mulberry32(12345);
    const buckets = [0, 0, 0, 0];
    for (let i = 0; i < 40_000; i++) buckets[Math.floor(random() * 4)]!++;
    for (const count of buckets) expect(Math.abs(count - 10_000)).toBeLessThan(400);
  });
});

describe('3DS', () => {
  it('reports ECIs per network', () => {
    expect(['VISA', 'MASTERCARD', 'MAESTRO', 'AMEX', 'JCB'].map((b) => eciOf(b, 'authenticated'))).toEqual(['05', '02', '02', '05', '05']);
    expect([eciOf('VISA', 'attempted'), eciOf('MASTERCARD', 'attempted'), eciOf('VISA', 'failed'), eciOf('MASTERCARD', 'failed')]).toEqual(['06', '01', '07', '00']);
  });

  it('settleChallenge ends only a pending challenge; without a stored plan a pass succeeds', () => {
    const payment = { paymentId: 'p1', status: 'PROCESSING', pendingStep: '3ds-challenge', resultInfo: { cardBrand: 'MASTERCARD' } } as PaymentRecord;
    const passed = decided(settleChallenge(payment, 'pass'));
    expect(passed.event).toMatchObject({ type: 'settle', settlement: { status: 'S' } });
    expect(passed.threeDSResult).toMatchObject({ eci: '02', challenged: true, threeDSVersion: '2.2.0' });
    expect(decided(settleChallenge(payment, 'fail')).event).toMatchObject({ settlement: { status: 'F', code: 'PROCESS_FAIL' } });
    expect(settleChallenge({ ...payment, pendingStep: 'issuer' }, 'pass')).toMatchObject({ refused: { resultCode: 'ORDER_STATUS_INVALID', resultMessage: expect.stringMatching(/not waiting for a 3DS challenge/) } });
  });
});

describe('describeOutcome', () => {
  it('says an outcome in a line', () => {
    expect(describeOutcome({ status: 'F', code: 'DO_NOT_HONOR', refusalCodeRaw: '05' })).toBe('F DO_NOT_HONOR (refusal 05)');
    expect(describeOutcome({ status: 'U', settleAfterMs: 30000, then: { status: 'S' } })).toBe('U PAYMENT_IN_PROCESS, then S SUCCESS after 30 s');
    expect(describeOutcome({ status: 'S', fault: { answer: 'http-503', processed: false } })).toBe('answers HTTP 503; nothing is processed');
    expect(describeOutcome({ status: 'S', fault: { latencyMs: 1500 }, notification: { duplicate: 2 } })).toBe('S SUCCESS, after 1.5 s; notification sent 3 times');
  });
});
