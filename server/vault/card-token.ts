// A saved card (cardToken): bound to the merchant that created it, masked, never the full number or CVV.
import type { PaymentResultInfo } from '../../schemas/common.ts';
import type { CardFacts } from '../card/types.ts';

export interface CardTokenRecord {
  cardToken: string;
  clientId: string;
  card: CardFacts;
  /** Masked card data reported in paymentResultInfo when the token pays. */
  resultInfo: PaymentResultInfo;
  createdAt: number;
}
