// Builds a new payment and its pay answer from the decided outcome: the machine's "created" transition.
import type { Amount, PaymentResultInfo } from '../../schemas/common.ts';
import type { PayRequest, PayResponse } from '../../schemas/pay.ts';
import { formatTime } from '../clock/clock.ts';
import { onAuthorized } from './lifecycle-machine.ts';
import { resultOf } from '../api/result-codes.ts';
import type { Effect, PayMode, PayOutcome, PaymentRecord, Transition } from './types.ts';

/** Antom closes a payment that is still in process 14 minutes after pay. */
export const PROCESSING_EXPIRY_MS = 14 * 60_000;

export interface NewPayment {
  paymentId: string;
  clientId: string;
  mode: PayMode;
  fingerprint: string;
  request: PayRequest;
  cardInfo?: PaymentResultInfo;
  networkTransactionId: string;
  /** Where the buyer completes a hosted page or a challenge, when the outcome needs one. */
  pageUrl?: string;
  pageToken?: string;
  now: number;
}

function orderSummary(request: PayRequest): PaymentRecord['order'] {
  const { order } = request;
  return {
    description: order.orderDescription,
    referenceOrderId: order.referenceOrderId,
    merchantName: order.merchant?.merchantDisplayName ?? order.merchant?.merchantName,
    goods: order.goods?.map((g) => ({ name: g.goodsName, quantity: g.goodsQuantity, unitAmount: g.goodsUnitAmount as Amount | undefined })),
  };
}

/** A hosted pay carries no card number; a stray CVV or expiry sent with it is not kept (a CVV is never stored). */
function withoutCardSecrets(request: PayRequest): PayRequest {
  const meta = request.paymentMethod.paymentMethodMetaData;
  if (!meta) return request;
  const { cvv: _cvv, expiryMonth: _month, expiryYear: _year, ...rest } = meta;
  return { ...request, paymentMethod: { ...request.paymentMethod, paymentMethodMetaData: rest } };
}

export function openPayment(init: NewPayment, outcome: PayOutcome): Transition {
  const { request, now } = init;
  const isAuthorization = request.paymentFactor?.isAuthorization === true;
  const status = outcome.status === 'S' ? 'SUCCESS' : outcome.status === 'F' ? 'FAIL' : 'PROCESSING';
  const result = outcome.status === 'S' ? resultOf('SUCCESS')
    : outcome.status === 'F' ? resultOf(outcome.code, outcome.message)
    : resultOf('PAYMENT_IN_PROCESS');
  // Object.assign onto a literal, not a spread with added keys: see the note on the record below.
  const resultInfo: PaymentResultInfo | undefined = init.cardInfo && Object.assign(
    {}, init.cardInfo, { networkTransactionId: init.networkTransactionId }, outcome.resultInfo,
  );
  const expiresAt = request.paymentExpiryTime ? Date.parse(request.paymentExpiryTime) : now + PROCESSING_EXPIRY_MS;

  const answer: PayResponse = {
    result,
    paymentId: init.paymentId,
    paymentRequestId: request.paymentRequestId,
    paymentAmount: request.paymentAmount,
    paymentCreateTime: formatTime(now),
  };
  if (status === 'SUCCESS') answer.paymentTime = formatTime(now);
  // Its place in the answer; onAuthorized below says whether it has one (an authorization that succeeded).
  if (status === 'SUCCESS') answer.authExpiryTime = undefined;
  if (status !== 'PROCESSING' && resultInfo) answer.paymentResultInfo = resultInfo;
  if (status === 'PROCESSING' && init.pageUrl) {
    answer.normalUrl = init.pageUrl;
    answer.redirectActionForm = { method: 'GET', redirectUrl: init.pageUrl };
  }

  // Every key a later step may set is here from the start, in one order. V8 gives an object made by
  // spreading and adding a key (`{ ...payment, authExpiresAt }`) a hidden class of its own: kept for every
  // stored payment, that was about 800 bytes each, more garbage-collection work and slower property reads.
  // Replacing a key that is already there keeps the shared class.
  const payment: PaymentRecord = {
    paymentId: init.paymentId,
    paymentRequestId: request.paymentRequestId,
    clientId: init.clientId,
    fingerprint: init.fingerprint,
    mode: init.mode,
    status,
    result,
    payAnswer: answer,
    paymentAmount: request.paymentAmount,
    createdAt: now,
    paidAt: status === 'SUCCESS' ? now : undefined,
    expiresAt: status === 'PROCESSING' ? expiresAt : undefined,
    authExpiresAt: undefined,
    closed: undefined,
    pendingStep: outcome.status === 'U' ? outcome.pendingStep : undefined,
    pageToken: init.pageToken,
    hostedRequest: init.mode === 'hosted' ? withoutCardSecrets(request) : undefined,
    notifyUrl: request.paymentNotifyUrl,
    redirectUrl: request.paymentRedirectUrl,
    isAuthorization,
    captureMode: request.paymentFactor?.captureMode ?? (isAuthorization ? 'MANUAL' : 'AUTOMATIC'),
    resultInfo,
    order: orderSummary(request),
    referenceBuyerId: request.order.buyer?.referenceBuyerId,
    terminalType: request.env.terminalType,
    scenario: outcome.scenario,
    challenge: outcome.status === 'U' ? outcome.challenge : undefined,
    declinedCard: undefined,
    challengeWrongCodes: undefined,
    notificationFaults: outcome.notification,
    transactions: [{
      transactionType: isAuthorization ? 'AUTHORIZATION' : 'PAYMENT',
      transactionStatus: status,
      transactionId: init.paymentId,
      transactionRequestId: request.paymentRequestId,
      transactionAmount: request.paymentAmount,
      transactionTime: formatTime(now),
      transactionResult: result,
    }],
    captures: undefined,
    refunds: undefined,
    authClosed: undefined,
    cancelledAt: undefined,
    wallet: undefined,
  };

  const effects: Effect[] = [];
  if (status === 'PROCESSING') {
    effects.push({ type: 'schedule', paymentId: init.paymentId, at: expiresAt, event: { type: 'expire' } });
    if (outcome.status === 'U' && outcome.settlement && outcome.settleAfterMs !== undefined) {
      effects.push({ type: 'schedule', paymentId: init.paymentId, at: now + outcome.settleAfterMs, event: { type: 'settle', settlement: outcome.settlement, scheduled: true } });
    }
  } else {
    effects.push({ type: 'notify', notifyType: 'PAYMENT_RESULT', paymentId: init.paymentId });
  }
  // On success: the authorization's expiry and its timer, or the automatic capture (lifecycle-machine.ts).
  const authorized = onAuthorized({ payment, effects }, now);
  const { authExpiresAt } = authorized.payment;
  // Left undefined otherwise (JSON leaves it out): a delete would turn the answer into a slower, larger dictionary object.
  if (authExpiresAt !== undefined) answer.authExpiryTime = formatTime(authExpiresAt);
  return authorized;
}
