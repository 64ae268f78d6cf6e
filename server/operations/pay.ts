// pay (POST /v1/payments/pay): server-to-server card data, hosted page (no card data), or a saved card.
import type { PaymentResultInfo } from '../../schemas/common.ts';
import type { PayRequest } from '../../schemas/pay.ts';
import { isExpired, shownCardKey } from '../card/card.ts';
import { checkAmount } from '../payment/currency.ts';
import { newOpaqueToken, newTransactionId, randomDigits } from '../payment/ids.ts';
import { openPayment } from '../payment/open-payment.ts';
import { readCardData, type ReadCard } from '../card/read-card.ts';
import { isRefusal, refuse, type Refusal } from '../api/refusal.ts';
import { stoppedBy } from '../scenario/scenario-effect.ts';
import { payWithWallet } from '../wallet/wallet-pay.ts';
import { refusal, refusedWith, type Operation, type OperationContext, type OperationResult } from './context.ts';
import type { CardFacts } from '../card/types.ts';
import type { PayMode, PaymentRecord } from '../payment/types.ts';

const META = 'paymentMethod.paymentMethodMetaData';

export function payModeOf(request: PayRequest): PayMode {
  // A wallet pay may carry a paymentMethodId too (the Python SDK's example sends one): the type decides.
  if (request.paymentMethod.paymentMethodType !== 'CARD') return 'wallet';
  if (request.paymentMethod.paymentMethodId) return 'token';
  return request.paymentMethod.paymentMethodMetaData?.cardNo ? 'card' : 'hosted';
}

/**
 * Antom's idempotency key fields: amount, currency and payment method, a card only as far as it is shown
 * (shownCardKey). Kept as plain text: there is nothing in it to hide, and anyone can see that.
 */
function fingerprintOf(request: PayRequest): string {
  const { paymentAmount: a, paymentMethod: m } = request;
  return [a.currency, a.value, m.paymentMethodType, m.paymentMethodId ?? '', shownCardKey(m.paymentMethodMetaData ?? {})].join('|');
}

/** A repeat gets the stored answer, with the scenario that chose it then; a changed or closed one is refused. */
function repeatAnswer(existing: PaymentRecord, fingerprint: string): OperationResult {
  if (existing.fingerprint !== fingerprint) {
    return refusal('REPEAT_REQ_INCONSISTENT', `paymentRequestId ${existing.paymentRequestId} was used before with a different amount, currency or payment method`);
  }
  if (existing.status === 'CANCELLED') return refusal('ORDER_IS_CANCELED', `payment ${existing.paymentId} is cancelled`);
  if (existing.closed) return refusal('ORDER_IS_CLOSED', `payment ${existing.paymentId} was closed when it expired`);
  return { answer: existing.payAnswer, scenario: existing.scenario };
}

/** Server-to-server card data: checked as an issuer's front door would, before any scenario is consulted. */
function readCard(request: PayRequest, now: number): ReadCard | Refusal {
  const meta = request.paymentMethod.paymentMethodMetaData!;
  return readCardData({ cardNo: meta.cardNo!, expiryMonth: meta.expiryMonth!, expiryYear: meta.expiryYear!, cvv: meta.cvv }, now, META);
}

function readToken(request: PayRequest, ctx: OperationContext): { facts: CardFacts; info: PaymentResultInfo } | Refusal {
  const token = request.paymentMethod.paymentMethodId!;
  const saved = ctx.store.cardTokens.get(token);
  // A token of another merchant is answered exactly like an unknown one, so tokens cannot be probed.
  if (!saved || saved.clientId !== ctx.clientId) {
    return refuse('PARAM_ILLEGAL', `paymentMethod.paymentMethodId is not a card token of client ${ctx.clientId}`);
  }
  if (isExpired({ month: saved.card.expiryMonth, year: saved.card.expiryYear }, ctx.clock.now())) {
    return refuse('CARD_EXPIRED', `the card saved as this token expired at the end of ${saved.card.expiryMonth}/${saved.card.expiryYear}`);
  }
  return { facts: saved.card, info: { ...saved.resultInfo, cardToken: token } };
}

export const pay: Operation<PayRequest> = async (request, ctx) => {
  const fingerprint = fingerprintOf(request);
  const existing = ctx.store.payments.find('requestId', `${ctx.clientId}\u0000${request.paymentRequestId}`);
  if (existing) return repeatAnswer(existing, fingerprint);

  const now = ctx.clock.now();
  const badAmount = checkAmount(request.paymentAmount, 'paymentAmount');
  if (badAmount) return refusedWith(badAmount);
  if (request.paymentExpiryTime && !(Date.parse(request.paymentExpiryTime) > now)) {
    return refusal('PARAM_ILLEGAL', 'paymentExpiryTime must be in the future');
  }
  const mode = payModeOf(request);
  if (mode === 'wallet') return payWithWallet(request, ctx, fingerprint);
  const card = mode === 'card' ? readCard(request, now) : mode === 'token' ? readToken(request, ctx) : undefined;
  if (isRefusal(card)) return refusedWith(card);
  const outcome = ctx.decidePay({ mode, request, clientId: ctx.clientId, card: card?.facts, now, requestedScenario: ctx.requestedScenario });
  if (isRefusal(outcome)) return refusedWith(outcome);
  const stopped = stoppedBy(outcome);
  if (stopped) return stopped;

  const paymentId = newTransactionId(now, (id) => ctx.store.payments.get(id) !== undefined);
  const needsPage = outcome.status === 'U' && outcome.pendingStep !== 'issuer';
  const pageToken = needsPage ? newOpaqueToken('pg_') : undefined;
  const pagePath = outcome.status === 'U' && outcome.pendingStep === '3ds-challenge' ? '3ds' : 'checkout';
  const transition = openPayment(
    {
      paymentId, clientId: ctx.clientId, mode, fingerprint, request, now,
      cardInfo: card?.info,
      networkTransactionId: randomDigits(15),
      pageToken,
      pageUrl: pageToken && `${ctx.baseUrl}/${pagePath}/${pageToken}`,
    },
    outcome,
  );
  return { answer: ctx.payments.record(transition).payAnswer, scenario: outcome.scenario, fault: outcome.fault };
};
