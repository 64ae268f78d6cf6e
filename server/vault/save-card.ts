// Saving a card as a cardToken: an opaque, unguessable id bound to the merchant that saved it, holding
// only what a later payment is decided and reported on (brand, BIN, last four, expiry, the sha256
// fingerprint scenarios recognise a card by). Never the full number, never the CVV or its length.
import type { CardTokenRecord } from './card-token.ts';
import { newOpaqueToken } from '../payment/ids.ts';
import type { ReadCard } from '../card/read-card.ts';

export function newCardTokenRecord(clientId: string, card: ReadCard, now: number): CardTokenRecord {
  const { cvvLength: _cvvLength, ...facts } = card.facts;
  return { cardToken: newOpaqueToken('ctk_'), clientId, card: facts, resultInfo: { ...card.info }, createdAt: now };
}
