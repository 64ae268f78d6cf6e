// The hosted card page's submission: the buyer's card, checked like a direct pay, decided by the same
// pay decision (the scenario engine) in card mode, and applied to the payment by the state machine.
//
// Between reading the payment and dispatching the event nothing awaits, so two submissions racing for
// one payment are served one after the other: the second finds the card already entered (WRONG_STEP).
import type { PaymentResultInfo } from '../../schemas/common.ts';
import type { PayRequest } from '../../schemas/pay.ts';
import { randomDigits } from '../payment/ids.ts';
import { readCardData } from '../card/read-card.ts';
import { isRefusal } from '../api/refusal.ts';
import { newCardTokenRecord } from '../vault/save-card.ts';
import type { HostedDeps } from './hosted-deps.ts';
import { isPageError, pageError, pageErrorOf, type PageError } from './page-error.ts';
import { findPagePayment, refuseUnlessPending } from './page-token.ts';
import { readCardForm, type CardForm } from './read-card-form.ts';
import type { AfterCard, CardEntry, PayOutcome, PaymentRecord } from '../payment/types.ts';

export interface SubmitAnswer {
  /** Where the page goes next: the 3DS challenge, or the result (which may still be in process). */
  next: 'challenge' | 'result';
  status: PaymentRecord['status'];
  /** A path on the sandbox for the page to open. */
  location: string;
}

/** The billing address is asked for when the merchant's hosted pay carried one (even partly, e.g. the country). */
export function asksBillingAddress(payment: PaymentRecord): boolean {
  return payment.hostedRequest?.paymentMethod.paymentMethodMetaData?.billingAddress !== undefined;
}

/** A payment stored before hosted requests were kept: the request is rebuilt from what the record holds. */
function hostedRequestOf(payment: PaymentRecord): PayRequest {
  if (payment.hostedRequest) return payment.hostedRequest;
  return {
    productCode: 'CASHIER_PAYMENT',
    paymentRequestId: payment.paymentRequestId,
    paymentAmount: payment.paymentAmount,
    order: { orderDescription: payment.order?.description, referenceOrderId: payment.order?.referenceOrderId, buyer: { referenceBuyerId: payment.referenceBuyerId } },
    paymentMethod: { paymentMethodType: 'CARD' },
    env: { terminalType: (payment.terminalType ?? 'WEB') as PayRequest['env']['terminalType'] },
    paymentFactor: { isAuthorization: payment.isAuthorization, captureMode: payment.captureMode },
  };
}

/** The merchant's hosted pay with the buyer's card in it, as a server-to-server pay would have carried it. */
function cardRequestOf(payment: PaymentRecord, form: CardForm): PayRequest {
  const request = hostedRequestOf(payment);
  const [firstName, ...rest] = form.cardholderName.split(' ');
  return {
    ...request,
    paymentMethod: {
      ...request.paymentMethod,
      paymentMethodMetaData: {
        ...request.paymentMethod.paymentMethodMetaData,
        cardNo: form.cardNo,
        expiryMonth: form.expiryMonth,
        expiryYear: form.expiryYear,
        cvv: form.cvv,
        cardholderName: { fullName: form.cardholderName, firstName, lastName: rest.length ? rest.join(' ') : undefined },
        billingAddress: form.billingAddress ?? request.paymentMethod.paymentMethodMetaData?.billingAddress,
      },
    },
  };
}

/** Which form field a refused card points at, so the page shows the refusal beside it. */
const FIELD_OF_CODE: Record<string, string> = { INVALID_CARD_NUMBER: 'cardNumber', INVALID_EXPIRATION_DATE: 'expiry', INVALID_CVV: 'cvv' };

function nextOf(outcome: PayOutcome): AfterCard | PageError {
  switch (outcome.status) {
    case 'S': return { status: 'S', resultInfo: outcome.resultInfo };
    case 'F': return { status: 'F', code: outcome.code, message: outcome.message, resultInfo: outcome.resultInfo };
    case 'U':
      if (outcome.pendingStep === 'hosted-page' || outcome.pendingStep === 'wallet') return pageError('SYSTEM_ERROR', 'the scenario asked for the card page again after the card was entered');
      return { status: 'U', pendingStep: outcome.pendingStep, challenge: outcome.challenge, settleAfterMs: outcome.settleAfterMs, settlement: outcome.settlement };
  }
}

export async function submitHostedCard(deps: HostedDeps, token: string, body: unknown): Promise<SubmitAnswer | PageError> {
  const now = deps.clock.now();
  const payment = findPagePayment(deps.store, token);
  if (isPageError(payment)) return payment;
  const notPending = refuseUnlessPending(payment, 'hosted-page', now);
  if (notPending) return notPending;
  const form = readCardForm(body, { askBillingAddress: asksBillingAddress(payment), now });
  if (isPageError(form)) return form;

  const field = 'the card';
  const card = readCardData({ cardNo: form.cardNo, expiryMonth: form.expiryMonth, expiryYear: form.expiryYear, cvv: form.cvv }, now, field);
  if (isRefusal(card)) return pageErrorOf(card);
  const request = cardRequestOf(payment, form);
  const outcome = deps.decidePay({ mode: 'card', request, clientId: payment.clientId, card: card.facts, now });
  if (isRefusal(outcome)) return pageErrorOf(outcome);
  if (outcome.status === 'F' && outcome.rejectRequest) {
    // Refused at the gateway's front door: no issuer saw the card, so the buyer may correct it and retry.
    const message = outcome.message ?? 'This card cannot be used. Check the details or use another card.';
    const fieldName = FIELD_OF_CODE[outcome.code];
    return pageError('CARD_REFUSED', message, fieldName ? { [fieldName]: message } : undefined, outcome.code);
  }
  const next = nextOf(outcome);
  if (isPageError(next)) return next;

  // Antom's hosted mode: once the card passes verification it is stored as a token, then sent to the issuer.
  // So the token exists (and the notification carries it) whatever the issuer answers.
  const resultInfo: PaymentResultInfo = { ...card.info, networkTransactionId: randomDigits(15), ...outcome.resultInfo };
  if (form.saveCard) {
    const saved = newCardTokenRecord(payment.clientId, card, now, deps.knowsCard);
    deps.store.cardTokens.put(saved);
    resultInfo.cardToken = saved.cardToken;
  }
  const entry: CardEntry = {
    resultInfo, scenario: outcome.scenario, notification: outcome.notification, next,
    ...(outcome.status === 'F' && outcome.buyerMayRetry ? { buyerMayRetry: true } : {}),
  };
  const after = await deps.payments.dispatch(payment, { type: 'card-entered', entry });
  if (isRefusal(after)) return pageErrorOf(after);
  const challenge = after.status === 'PROCESSING' && after.pendingStep === '3ds-challenge';
  return {
    next: challenge ? 'challenge' : 'result',
    status: after.status,
    location: challenge ? `/3ds/${token}` : `/checkout/${token}`,
  };
}
