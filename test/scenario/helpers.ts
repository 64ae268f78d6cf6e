// Helpers for the scenario tests: a card's expected paymentResultInfo worked out here (not by the sandbox's
// code), calls over a real socket for the faults that only a socket shows, and the control-plane calls.
import request from 'supertest';
import { expect } from 'vitest';
import { problemsWith } from '../../server/api/validate.ts';
import { signedHeaders } from '../support/merchant.ts';
import { INQUIRY, PAY, type TestSandbox } from '../support/sandbox.ts';

export type Json = Record<string, unknown>;

export const anyNetworkTransactionId = expect.stringMatching(/^\d{15}$/);
export const anyAuthorizationCode = expect.stringMatching(/^[0-9A-Z]{6}$/);

/** What paymentResultInfo must say about a card, before any outcome adds to it. */
export function cardInfo(cardNo: string, brand: string, expiry = { month: '12', year: '29' }, profile = { funding: 'CREDIT', issuingCountry: 'US' }) {
  return {
    cardNo: `${cardNo.slice(0, 6)}${'*'.repeat(cardNo.length - 10)}${cardNo.slice(-4)}`,
    cardBrand: brand,
    cardBin: cardNo.slice(0, 6),
    lastFour: cardNo.slice(-4),
    funding: profile.funding,
    issuingCountry: profile.issuingCountry,
    expiryMonth: expiry.month,
    expiryYear: expiry.year,
    networkTransactionId: anyNetworkTransactionId,
  };
}

/** The seed document's card (test/fixtures/seed-pay-card.json): a plain Visa with no scenario of its own. */
export const SEED_CARD_INFO = cardInfo('4117347806156383', 'VISA');

export function expectValid(schema: 'PayResponse' | 'InquiryPaymentResponse', body: unknown): void {
  expect(problemsWith(schema, body)).toEqual([]);
}

export async function inquire(t: TestSandbox, by: { paymentId?: string; paymentRequestId?: string }): Promise<Json> {
  const res = await t.post(INQUIRY, by);
  expectValid('InquiryPaymentResponse', res.body);
  return res.body as Json;
}

export const control = (t: TestSandbox) => request(t.sandbox.app);

export async function passChallenge(t: TestSandbox, paymentId: string, action: 'pass' | 'fail' | 'cancel' = 'pass') {
  const res = await control(t).post(`/_sandbox/payments/${paymentId}/challenge`).send({ action });
  expect(res.status).toBe(200);
  return res.body as Json;
}

/** A signed pay over a real socket, for answers that are not Antom's envelope (5xx, drops, hangs). */
export async function payOverSocket(t: TestSandbox, url: string, body: Json, headers: Record<string, string> = {}, timeoutMs = 10_000) {
  const text = JSON.stringify(body);
  const started = Date.now();
  try {
    const res = await fetch(`${url}${PAY}`, {
      method: 'POST', body: text, headers: { ...signedHeaders(t.merchant, PAY, text), ...headers }, signal: AbortSignal.timeout(timeoutMs),
    });
    return { status: res.status, headers: res.headers, text: await res.text(), ms: Date.now() - started };
  } catch (error) {
    return { error: error as Error, ms: Date.now() - started };
  }
}

/** A ThreeDSResult as the networks shape it: a CAVV only when (attempted to be) authenticated. */
export function threeDS(eci: string, challenged: boolean, withCavv = true) {
  return {
    threeDSVersion: '2.2.0',
    eci,
    ...(withCavv ? { cavv: expect.stringMatching(/^[A-Za-z0-9+/]{27}=$/) } : {}),
    dsTransactionId: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/),
    challenged,
  };
}
