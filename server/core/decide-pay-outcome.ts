// The decision of what the "issuer" answers to a pay: a pure function of the request, the card and the
// clock. This is the core's fixed rule set; the scenario engine replaces it with the same signature.
import type { PaymentResultInfo } from '../../schemas/common.ts';
import type { PayRequest } from '../../schemas/pay.ts';
import type { ChallengePlan, NotificationFaults, PayMode, PendingStep, ScenarioChoice } from './payment.ts';
import type { Settlement } from './payment-machine.ts';
import type { ResultCode } from './result-codes.ts';

/** What the decision sees of the card: never the full number's digits beyond BIN and last four, never the CVV. */
export interface CardFacts {
  brand: string;
  bin: string;
  lastFour: string;
  /**
   * sha256 of the full number, so a scenario recognises a test card or a rule's cardNo. It exists only in
   * memory while a card is read; a saved card keeps it only for a card the scenario files name (see
   * save-card.ts), since anything stored that is derived from the other digits would let them be recovered.
   */
  fingerprint?: string;
  cvvLength?: number;
  expiryMonth: string;
  expiryYear: string;
}

export interface PayDecisionInput {
  mode: PayMode;
  request: PayRequest;
  clientId: string;
  card?: CardFacts;
  now: number;
  /** The x-sandbox-scenario request header: a scenario asked for by name, ahead of every other choice. */
  requestedScenario?: string;
}

/**
 * Misbehaviour on the merchant's own call, performed by the HTTP edge (the decision stays pure):
 * added latency, a U UNKNOWN_EXCEPTION or REQUEST_TRAFFIC_EXCEED_LIMIT envelope, an HTTP 5xx, a dropped
 * connection or no answer at all. `processed: false` means the request never reached the gateway, so no
 * payment is made; otherwise the payment is made and only the answer is lost ("timeout but charged").
 */
export interface MerchantCallFault {
  latencyMs?: number;
  answer?: 'unknown-exception' | 'traffic-limit' | 'http-500' | 'http-502' | 'http-503' | 'drop' | 'hang';
  processed?: boolean;
}

export type PayOutcome = { scenario: ScenarioChoice; notification?: NotificationFaults; fault?: MerchantCallFault } & (
  | { status: 'S'; resultInfo?: PaymentResultInfo }
  /** rejectRequest: answered like a request check (PARAM_ILLEGAL, ORDER_IS_CLOSED...): no payment is made. */
  | { status: 'F'; code: ResultCode; message?: string; resultInfo?: PaymentResultInfo; rejectRequest?: boolean }
  /**
   * PAYMENT_IN_PROCESS: the buyer must complete a page, or the issuer settles after a delay. resultInfo is
   * what is already known of the card; challenge is what a 3DS challenge ends in.
   */
  | { status: 'U'; pendingStep: PendingStep; settleAfterMs?: number; settlement?: Settlement; resultInfo?: PaymentResultInfo; challenge?: ChallengePlan }
);

export type DecidePayOutcome = (input: PayDecisionInput) => PayOutcome;

/** AVS: "Y" when a billing address with a postal code was given, "U" (unavailable) otherwise. */
function defaultAvs(request: PayRequest): string {
  return request.paymentMethod.paymentMethodMetaData?.billingAddress?.zipCode ? 'Y' : 'U';
}

export const decideByDefault: DecidePayOutcome = ({ mode, request, card }) => {
  if (mode === 'hosted') {
    return { status: 'U', pendingStep: 'hosted-page', scenario: { name: 'hosted-page', reason: 'no card data: the buyer enters the card on the hosted page' } };
  }
  return {
    status: 'S',
    resultInfo: { avsResultRaw: defaultAvs(request), cvvResultRaw: card?.cvvLength ? 'Y' : 'P' },
    scenario: { name: 'default-success', reason: 'a valid card with no scenario: the default is success' },
  };
};
