// The decision of what the "issuer" answers to a pay: a pure function of the request, the card and the
// clock. This is the core's fixed rule set; the scenario engine replaces it with the same signature.
import type { CardFacts } from '../card/types.ts';
import type { PayRequest } from '../../schemas/pay.ts';
import type { PayMode, PayOutcome } from '../payment/types.ts';
import type { Refusal } from '../api/refusal.ts';

export interface PayDecisionInput {
  mode: PayMode;
  request: PayRequest;
  clientId: string;
  card?: CardFacts;
  now: number;
  /** The x-sandbox-scenario request header: a scenario asked for by name, ahead of every other choice. */
  requestedScenario?: string;
}

/** The outcome, or a refusal of the call itself (a header naming no scenario). */
export type DecidePayOutcome = (input: PayDecisionInput) => PayOutcome | Refusal;

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
