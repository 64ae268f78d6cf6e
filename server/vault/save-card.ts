// Saving a card as a cardToken: an opaque, unguessable id bound to the merchant that saved it, holding
// only what a later payment is decided and reported on (brand, BIN, last four, expiry). Never the full
// number, the CVV or its length, nor anything computed from the hidden digits: with BIN, last four and
// the Luhn digit known, six unknown digits are a million guesses, so even a hash gives the number away.
import type { CardTokenRecord } from './card-token.ts';
import { newOpaqueToken } from '../payment/ids.ts';
import type { ReadCard } from '../card/read-card.ts';
import type { CardFacts } from '../card/types.ts';

/** Whether the scenario files name a card (by fingerprint): its number is public there, so its fingerprint may be kept. */
export type KnowsCard = (fingerprint: string) => boolean;

/**
 * The card facts that may be stored: no CVV length, and the fingerprint only for a card the scenario files
 * name (a test card keeps its scenario when paid by token). Any other card is stored as what is shown anyway.
 */
export function cardFactsToKeep(facts: CardFacts, knowsCard: KnowsCard): CardFacts {
  const { cvvLength: _cvvLength, fingerprint, ...shown } = facts;
  return fingerprint !== undefined && knowsCard(fingerprint) ? { ...shown, fingerprint } : shown;
}

export function newCardTokenRecord(clientId: string, card: ReadCard, now: number, knowsCard: KnowsCard): CardTokenRecord {
  return { cardToken: newOpaqueToken('ctk_'), clientId, card: cardFactsToKeep(card.facts, knowsCard), resultInfo: { ...card.info }, createdAt: now };
}
