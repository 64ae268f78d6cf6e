// Reading card data as an issuer's front door would, before any scenario is consulted: Luhn, a real
// expiry month, not expired. Shared by pay (server-to-server card data), the hosted card page and
// vaultPaymentMethod, so the three refuse the same cards with the same codes and report them alike.
import { createHash } from 'node:crypto';
import type { PaymentResultInfo } from '../../schemas/common.ts';
import { describeCard, isExpired, normaliseExpiry, passesLuhn } from './card.ts';
import { refuse, type Refusal } from '../api/refusal.ts';
import type { CardFacts } from './types.ts';

export interface CardInput { cardNo: string; expiryMonth: string; expiryYear: string; cvv?: string }

/** What a card yields: the facts a scenario decides on and the masked info reported in paymentResultInfo. */
export interface ReadCard { facts: CardFacts; info: PaymentResultInfo }

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** `field` names where the card sits in the caller's body, e.g. "paymentMethod.paymentMethodMetaData". */
export function readCardData(card: CardInput, now: number, field: string): ReadCard | Refusal {
  const { cardNo } = card;
  if (!passesLuhn(cardNo)) return refuse('INVALID_CARD_NUMBER', `${field}.cardNo fails the Luhn check`);
  const expiry = normaliseExpiry(card.expiryMonth, card.expiryYear);
  if (!expiry) return refuse('INVALID_EXPIRATION_DATE', `${field}.expiryMonth ${card.expiryMonth} is not a month from 01 to 12`);
  if (isExpired(expiry, now)) return refuse('INVALID_EXPIRATION_DATE', `the card expired at the end of ${expiry.month}/${expiry.year}`);
  const info = describeCard(cardNo, expiry, { funding: 'CREDIT', issuingCountry: 'US' });
  return {
    info,
    facts: {
      brand: info.cardBrand!, bin: info.cardBin!, lastFour: info.lastFour!, fingerprint: sha256(cardNo),
      cvvLength: card.cvv?.length, expiryMonth: expiry.month, expiryYear: expiry.year,
    },
  };
}
