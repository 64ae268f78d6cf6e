// The hosted card page's step of the payment state machine: the buyer entered a card, the decision was
// made on it, and the payment either ends now (S or F), or moves on to a 3DS challenge or to the issuer's
// later answer. Pure; the masked card info, the decision and the clock come in with the event.
import { resultOf } from '../api/result-codes.ts';
import { refuse, type Refusal } from '../api/refusal.ts';
import type { CardEntry, DeclinedCard, Effect, PaymentRecord, Settlement } from './types.ts';

/** The payment with the card recorded, and the settlement to apply at once when the decision was final. */
export function enterCard(payment: PaymentRecord, entry: CardEntry, now: number): { payment: PaymentRecord; effects: Effect[]; settlement?: Settlement } | Refusal {
  if (payment.status !== 'PROCESSING' || payment.pendingStep !== 'hosted-page') {
    return refuse('ORDER_STATUS_INVALID', `payment ${payment.paymentId} is ${payment.status}${payment.pendingStep ? ` (${payment.pendingStep})` : ''}, not waiting for a card`);
  }
  const entered: PaymentRecord = {
    ...payment,
    resultInfo: { ...payment.resultInfo, ...entry.resultInfo },
    scenario: entry.scenario,
    notificationFaults: entry.notification ?? payment.notificationFaults,
  };
  const { next } = entry;
  if (next.status === 'F' && entry.buyerMayRetry) {
    // Antom's in-page retry: the decline is the card's, not the payment's. The payment waits for another
    // card (until it expires), keeps nothing of the declined one but what the page shows, and notifies nothing.
    const declinedCard: DeclinedCard = {
      code: next.code, message: resultOf(next.code, next.message).resultMessage, cardBrand: entry.resultInfo.cardBrand, lastFour: entry.resultInfo.lastFour, at: now,
      count: (payment.declinedCard?.count ?? (payment.declinedCard ? 1 : 0)) + 1,
    };
    return { payment: { ...payment, scenario: entry.scenario, declinedCard }, effects: [] };
  }
  if (next.status !== 'U') return { payment: entered, effects: [], settlement: next };
  const effects: Effect[] = [];
  if (next.settlement && next.settleAfterMs !== undefined) {
    effects.push({ type: 'schedule', paymentId: payment.paymentId, at: now + next.settleAfterMs, event: { type: 'settle', settlement: next.settlement, scheduled: true } });
  }
  return { payment: { ...entered, pendingStep: next.pendingStep, challenge: next.challenge }, effects };
}
