// vaultPaymentMethod (POST /v1/vaults/vaultPaymentMethod): saves a card as a cardToken before any payment.
// The card is checked as pay checks it (card/read-card.ts) and decided by the same pay decision (the
// scenario engine) as a card payment would be, so the test cards mean the same here:
//   S                      -> SUCCESS, paymentMethodDetail.card.cardToken
//   F                      -> F with the decision's code (a card the issuer refuses is not saved)
//   U, 3DS challenge        -> U VERIFICATION_IN_PROCESS with normalUrl, the sandbox's 3DS page; the
//                             vaulting ends when the buyer passes (token), fails or cancels, or after 14 min
//   U, issuer answers later -> its later answer applied at once (a vaulting has no notification to wait for)
// Idempotent on vaultingRequestId per client: the same card returns the vaulting as it is now, another
// card REPEAT_REQ_INCONSISTENT, as Antom keys pay, capture and refund.
import type { PayRequest } from '../../schemas/pay.ts';
import type { VaultPaymentMethodRequest } from '../../schemas/vault.ts';
import { newOpaqueToken } from '../payment/ids.ts';
import { readCardData } from '../card/read-card.ts';
import { resultOf } from '../api/result-codes.ts';
import { cardFactsToKeep, newCardTokenRecord } from './save-card.ts';
import { shownCardKey } from '../card/card.ts';
import { finishVaulting, VAULTING_EXPIRY_MS, vaultingAsOf, vaultingKey, type VaultingRecord } from './vaulting.ts';
import { VAULTING_EXPIRY } from './vaulting-expiry.ts';
import { refusal, refusedWith, type Operation } from '../operations/context.ts';
import { isRefusal } from '../api/refusal.ts';
import { stoppedBy } from '../scenario/scenario-effect.ts';
import { vaultAnswer } from './vaulting-answers.ts';
import type { Settlement } from '../payment/types.ts';

const CARD = 'paymentMethodDetail.card';

/** The idempotency key fields: the card as far as it is shown (shownCardKey, plain text), never its hidden digits. */
function fingerprintOf(request: VaultPaymentMethodRequest): string {
  const { card } = request.paymentMethodDetail;
  return shownCardKey({ ...card, expiryMonth: card.expiryMonth.padStart(2, '0'), expiryYear: card.expiryYear.slice(-2) });
}

/**
 * The pay the decision sees: a card payment of the smallest amount, as a card verification is. Its flags
 * (is3DSAuthentication, enableAuthenticationUpgrade) and the card come from the vaulting request.
 */
function verificationPayOf(request: VaultPaymentMethodRequest): PayRequest {
  const { card } = request.paymentMethodDetail;
  return {
    productCode: 'CASHIER_PAYMENT',
    paymentRequestId: request.vaultingRequestId,
    order: {},
    paymentAmount: { currency: 'USD', value: '1' },
    paymentMethod: {
      paymentMethodType: 'CARD',
      paymentMethodMetaData: {
        cardNo: card.cardNo, expiryMonth: card.expiryMonth, expiryYear: card.expiryYear, cvv: card.cvv,
        cardholderName: card.cardholderName, billingAddress: card.billingAddress,
        is3DSAuthentication: card.is3DSAuthentication, enableAuthenticationUpgrade: card.enableAuthenticationUpgrade,
      },
    },
    env: request.env ?? { terminalType: 'WEB' },
  };
}

export const vaultPaymentMethod: Operation<VaultPaymentMethodRequest> = async (request, ctx) => {
  const fingerprint = fingerprintOf(request);
  const existing = ctx.store.vaultings.get(vaultingKey(ctx.clientId, request.vaultingRequestId));
  if (existing) {
    if (existing.fingerprint !== fingerprint) {
      return refusal('REPEAT_REQ_INCONSISTENT', `vaultingRequestId ${request.vaultingRequestId} was used before with another card`);
    }
    return { answer: vaultAnswer(vaultingAsOf(existing, ctx.clock.now())) };
  }

  const now = ctx.clock.now();
  const { card: input } = request.paymentMethodDetail;
  const card = readCardData({ cardNo: input.cardNo, expiryMonth: input.expiryMonth, expiryYear: input.expiryYear, cvv: input.cvv }, now, CARD);
  if (isRefusal(card)) return refusedWith(card);
  const outcome = ctx.decidePay({
    mode: 'card', request: verificationPayOf(request), clientId: ctx.clientId, card: card.facts, now, requestedScenario: ctx.requestedScenario,
  });
  if (isRefusal(outcome)) return refusedWith(outcome);
  // Refused at the front door (e.g. a scenario's INVALID_CARD_NUMBER), or never processed: nothing is stored, as for pay.
  const stopped = stoppedBy(outcome);
  if (stopped) return stopped;
  const decided = { scenario: outcome.scenario, fault: outcome.fault };
  if (outcome.status === 'U' && outcome.pendingStep === 'hosted-page') return { ...refusal('SYSTEM_ERROR', 'the scenario asked for a card page for a card that was given'), ...decided };

  let vaulting: VaultingRecord = {
    vaultingRequestId: request.vaultingRequestId,
    clientId: ctx.clientId,
    fingerprint,
    status: 'PROCESSING',
    result: resultOf('VERIFICATION_IN_PROCESS'),
    card: cardFactsToKeep(card.facts, ctx.knowsCard),
    cardInfo: { ...card.info },
    redirectUrl: request.redirectUrl,
    notifyUrl: request.vaultingNotificationUrl,
    threeDSResult: outcome.resultInfo?.threeDSResult,
    scenario: outcome.scenario,
    createdAt: now,
  };
  if (outcome.status === 'U' && outcome.pendingStep === '3ds-challenge') {
    const pageToken = newOpaqueToken('pg_');
    vaulting = { ...vaulting, pageToken, normalUrl: `${ctx.baseUrl}/3ds/${pageToken}`, challenge: outcome.challenge, expiresAt: now + VAULTING_EXPIRY_MS };
    ctx.schedule.add(vaulting.expiresAt!, VAULTING_EXPIRY, vaultingKey(vaulting.clientId, vaulting.vaultingRequestId));
  } else {
    const settlement: Settlement = outcome.status === 'U' ? outcome.settlement ?? { status: 'S' } : outcome;
    const saved = settlement.status === 'S' ? newCardTokenRecord(ctx.clientId, card, now, ctx.knowsCard) : undefined;
    if (saved) ctx.store.cardTokens.put(saved);
    vaulting = finishVaulting(vaulting, settlement, saved?.cardToken, now);
  }
  ctx.store.vaultings.put(vaulting);
  return { answer: vaultAnswer(vaulting), ...decided };
};
