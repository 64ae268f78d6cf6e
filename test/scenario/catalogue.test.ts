// Every built-in scenario and every built-in trigger, end to end through the HTTP pipeline: each answer's
// exact result and paymentResultInfo, its schema, and where the payment ends (inquiry, challenge, clock).
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { Listening } from '../../server/create-sandbox.ts';
import { PAY, startTestSandbox, type TestSandbox } from '../support/sandbox.ts';
import { cardPay } from '../support/bodies.ts';
import { EXPECTATIONS, type RunContext } from './expectations.ts';
import { cardInfo, control, SEED_CARD_INFO, type Json } from './helpers.ts';

interface CatalogueCard { cardNo: string; brand: string; funding: string; issuingCountry: string; scenario?: string; brands?: string[]; unavailableBrands?: string[] }
const catalogue = (file: string) => parse(readFileSync(new URL(`../../scenarios/${file}`, import.meta.url), 'utf8')) as Json;
const TEST_CARDS = catalogue('30-test-cards.yaml').testCards as CatalogueCard[];
const AMOUNTS = catalogue('40-amount-triggers.yaml').amountTriggers as { value: string; scenario: string }[];
const POSTAL_CODES = catalogue('50-postal-codes.yaml').postalCodeTriggers as { postalCode: string; scenario: string }[];

let t: TestSandbox;
let server: Listening;
beforeAll(async () => {
  t = await startTestSandbox({ startAt: Date.parse('2026-11-25T12:00:00Z') });
  server = await t.sandbox.listen(0);
});
afterAll(async () => { await server.close(); });

const run = (scenario: string, over: Partial<RunContext>) => EXPECTATIONS[scenario]!({
  t, url: server.url, scenario, base: SEED_CARD_INFO, brand: 'VISA', card: {}, top: {}, headers: {}, ...over,
});

describe('every built-in scenario, asked for by name (x-sandbox-scenario)', () => {
  it('has a check here (capture and refund scenarios are checked in capture-refund.test.ts)', async () => {
    const listed = (await control(t).get('/_sandbox/scenarios')).body.scenarios as { name: string; builtIn: boolean; operations: string[] }[];
    expect(listed.filter((s) => s.builtIn && s.operations.includes('pay')).map((s) => s.name).sort()).toEqual(Object.keys(EXPECTATIONS).sort());
  });
  for (const name of Object.keys(EXPECTATIONS)) {
    it(name, () => run(name, { headers: { 'x-sandbox-scenario': name } }));
  }
});

describe('every test card', () => {
  for (const card of TEST_CARDS) {
    const scenario = card.scenario ?? 'success';
    it(`${card.cardNo} (${card.brand}, ${card.funding}, ${card.issuingCountry}): ${scenario}`, () => run(scenario, {
      card: { cardNo: card.cardNo, cvv: card.brand === 'AMEX' ? '1234' : '850' },
      base: cardInfo(card.cardNo, card.brand, undefined, { funding: card.funding, issuingCountry: card.issuingCountry }),
      brand: card.brand,
    }));
  }

  it('a dual-branded card reports the brand chosen, and refuses one it cannot use', async () => {
    for (const card of TEST_CARDS.filter((c) => c.brands)) {
      for (const brand of card.brands!) {
        const res = await t.post(PAY, cardPay({}, { cardNo: card.cardNo, selectedCardBrand: brand.toLowerCase() }));
        if (card.unavailableBrands?.includes(brand)) {
          expect(res.body.result).toMatchObject({ resultCode: 'SELECTED_CARD_BRAND_NOT_AVAILABLE', resultStatus: 'F' });
          expect(res.body.paymentResultInfo).toMatchObject({ cardBrand: card.brands![0], funding: card.funding, issuingCountry: card.issuingCountry });
        } else {
          expect(res.body.result.resultCode).toBe('SUCCESS');
          expect(res.body.paymentResultInfo).toMatchObject({ cardBrand: brand, funding: card.funding, issuingCountry: card.issuingCountry });
        }
        expect(res.headers['x-sandbox-scenario']).toBe(res.body.result.resultCode === 'SUCCESS' ? 'success' : 'SELECTED_CARD_BRAND_NOT_AVAILABLE');
      }
      const other = await t.post(PAY, cardPay({}, { cardNo: card.cardNo, selectedCardBrand: 'JCB' }));
      expect(other.body.result.resultCode).toBe('SELECTED_CARD_BRAND_NOT_AVAILABLE');
      const none = await t.post(PAY, cardPay({}, { cardNo: card.cardNo }));
      expect(none.body.paymentResultInfo.cardBrand).toBe(card.brands![0]);
    }
  });
});

describe('every amount trigger', () => {
  for (const trigger of AMOUNTS) {
    it(`paymentAmount.value ${trigger.value}: ${trigger.scenario}`, () => run(trigger.scenario, { top: { paymentAmount: { currency: 'USD', value: trigger.value } } }));
  }
});

describe('every billing postal code', () => {
  for (const trigger of POSTAL_CODES) {
    it(`zipCode ${trigger.postalCode}: ${trigger.scenario}`, () => run(trigger.scenario, { card: { billingAddress: { zipCode: trigger.postalCode, region: 'US' } } }));
  }
});

describe("Antom's invalid-data triggers", () => {
  it('a two-digit CVV answers INVALID_CVV with no payment', () => run('invalid-cvv-format', { card: { cvv: '85' } }));

  it('expiry month 13 answers INVALID_EXPIRATION_DATE from the core check, whatever the scenario', async () => {
    const res = await t.post(PAY, cardPay({}, { expiryMonth: '13' }), { 'x-sandbox-scenario': 'success' });
    expect(res.body).toEqual({ result: { resultCode: 'INVALID_EXPIRATION_DATE', resultStatus: 'F', resultMessage: 'paymentMethod.paymentMethodMetaData.expiryMonth 13 is not a month from 01 to 12' } });
    expect(res.headers['x-sandbox-scenario']).toBeUndefined();
  });
});
