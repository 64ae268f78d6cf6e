// Request bodies for tests: the seed document's samples, adapted only where a test must not reach the
// internet (the notify URL) and given unique request ids.
import { readFileSync } from 'node:fs';

const fixture = (name: string) => JSON.parse(readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8')) as Record<string, unknown>;

export const SEED_CARD_PAY = fixture('seed-pay-card.json');
export const SEED_HOSTED_PAY = fixture('seed-pay-hosted.json');

let counter = 0;
export const uniqueId = (prefix = 'PAY') => `${prefix}_${process.pid}_${Date.now()}_${++counter}`;

type Json = Record<string, unknown>;

/** A card pay with the seed's shape; `overrides` are merged at the top level, `card` into the card data. */
export function cardPay(overrides: Json = {}, card: Json = {}): Json {
  const base = structuredClone(SEED_CARD_PAY) as Json & { paymentMethod: { paymentMethodMetaData: Json } };
  delete base.paymentNotifyUrl;
  base.paymentRequestId = uniqueId();
  Object.assign(base.paymentMethod.paymentMethodMetaData, card);
  return { ...base, ...overrides };
}

export function hostedPay(overrides: Json = {}): Json {
  const base = structuredClone(SEED_HOSTED_PAY) as Json;
  delete base.paymentNotifyUrl;
  base.paymentRequestId = uniqueId();
  return { ...base, ...overrides };
}
