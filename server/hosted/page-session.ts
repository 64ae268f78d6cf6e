// What a page shows, as JSON the page fetches (GET /checkout/:token/session, GET /3ds/:token/session):
// the merchant's order, the step the payment is at, and once it is over, its outcome and where to go back.
// Built from the stored record only; never a card number beyond the masked one.
import type { Amount } from '../../schemas/common.ts';
import { formatAmount, MINOR_UNITS } from '../payment/currency.ts';
import { vaultingAsOf, type VaultingRecord } from '../vault/vaulting.ts';
import { CHALLENGE_PASS_CODE } from './challenge-code.ts';
import { displayMerchantName } from './merchant-name.ts';
import type { HostedDeps } from './hosted-deps.ts';
import { findPageSubject, isPastExpiry } from './page-token.ts';
import { isPageError, type PageError } from './page-error.ts';
import { asksBillingAddress } from './submit-card.ts';
import type { PaymentRecord } from '../payment/types.ts';

export type PageStep = 'card' | 'challenge' | 'processing' | 'result';
export type PageOutcome = 'succeeded' | 'failed' | 'cancelled' | 'expired';

export interface DisplayAmount extends Amount { display: string }

export interface PageSession {
  kind: 'payment' | 'vaulting';
  step: PageStep;
  outcome?: PageOutcome;
  merchant: { name: string };
  amount?: DisplayAmount;
  /** goods: unit amount and line total (unit × quantity), as the merchant sent them. */
  order?: { description?: string; reference?: string; goods: { name: string; quantity: string; amount?: DisplayAmount; total?: DisplayAmount }[] };
  /** Sandbox time, and how long is left by the sandbox clock (it may run scaled or by hand). */
  expiresAt?: string;
  expiresInSeconds?: number;
  card?: { brand?: string; lastFour?: string; masked?: string; saved?: boolean };
  billingAddress?: { prefill: Record<string, string> };
  result?: { code: string; message: string };
  /**
   * At the card step: the card the issuer just declined while the payment stays open (a scenario's
   * buyerMayRetry), so the page shows the decline and offers "Try another card"; `count` says which
   * decline of the payment it is (1, 2, ...), so the page tells each one once.
   */
  declined?: { code: string; message: string; card?: { brand?: string; lastFour?: string }; count: number };
  /** The merchant's page to return to: paymentRedirectUrl, or the vaulting's redirectUrl. */
  returnUrl?: string;
  challenge?: { passCode: string; threeDSVersion?: string };
}

/** "€300.00", "¥1,000", "KWD 1.500": the currency's own minor units, never float arithmetic on the value. */
export function displayAmount(amount: Amount): DisplayAmount {
  const digits = MINOR_UNITS.get(amount.currency) ?? 2;
  let display: string;
  try {
    const format = new Intl.NumberFormat('en-US', { style: 'currency', currency: amount.currency, currencyDisplay: 'narrowSymbol', minimumFractionDigits: digits, maximumFractionDigits: digits });
    // A decimal string keeps every digit (Intl.NumberFormat v3), where a Number would round past 2^53.
    display = format.format(formatAmount(amount) as unknown as number);
  } catch {
    display = `${amount.currency} ${formatAmount(amount)}`;
  }
  return { ...amount, display };
}

function paymentStep(payment: PaymentRecord, now: number): { step: PageStep; outcome?: PageOutcome } {
  if (payment.status === 'PROCESSING') {
    if (isPastExpiry(payment, now)) return { step: 'result', outcome: 'expired' };
    if (payment.pendingStep === 'hosted-page') return { step: 'card' };
    if (payment.pendingStep === '3ds-challenge') return { step: 'challenge' };
    return { step: 'processing' };
  }
  if (payment.status === 'SUCCESS') return { step: 'result', outcome: 'succeeded' };
  if (payment.status === 'CANCELLED') return { step: 'result', outcome: 'cancelled' };
  return { step: 'result', outcome: payment.closed ? 'expired' : 'failed' };
}

function cardOf(info: PaymentRecord['resultInfo']): PageSession['card'] {
  if (!info?.lastFour) return undefined;
  return { brand: info.cardBrand, lastFour: info.lastFour, masked: info.cardNo, saved: info.cardToken !== undefined };
}

/** registered: the name the merchant was registered with (merchant-name.ts has the order of precedence). */
export function paymentSession(payment: PaymentRecord, now: number, registered?: string): PageSession {
  const { step, outcome } = paymentStep(payment, now);
  const session: PageSession = {
    kind: 'payment',
    step,
    outcome,
    merchant: { name: displayMerchantName(payment.order?.merchantName, registered) },
    amount: displayAmount(payment.paymentAmount),
    order: {
      description: payment.order?.description,
      reference: payment.order?.referenceOrderId,
      goods: (payment.order?.goods ?? []).map((g) => {
        const quantity = g.quantity ?? '1';
        const total = g.unitAmount && { currency: g.unitAmount.currency, value: (BigInt(g.unitAmount.value) * BigInt(quantity)).toString() };
        return { name: g.name ?? 'Item', quantity, amount: g.unitAmount && displayAmount(g.unitAmount), total: total && displayAmount(total) };
      }),
    },
    card: cardOf(payment.resultInfo),
    returnUrl: payment.redirectUrl,
  };
  if (step !== 'result' && payment.expiresAt !== undefined) {
    session.expiresAt = new Date(payment.expiresAt).toISOString();
    session.expiresInSeconds = Math.max(0, Math.floor((payment.expiresAt - now) / 1000));
  }
  if (step === 'card' && asksBillingAddress(payment)) {
    const given = payment.hostedRequest?.paymentMethod.paymentMethodMetaData?.billingAddress ?? {};
    session.billingAddress = { prefill: Object.fromEntries(Object.entries(given).filter(([, v]) => typeof v === 'string')) as Record<string, string> };
  }
  if (step === 'card' && payment.declinedCard) {
    const { code, message, cardBrand, lastFour, count = 1 } = payment.declinedCard;
    session.declined = { code, message, ...(lastFour ? { card: { brand: cardBrand, lastFour } } : {}), count };
  }
  if (step === 'challenge') session.challenge = { passCode: CHALLENGE_PASS_CODE, threeDSVersion: payment.challenge?.threeDSVersion };
  if (step === 'result') session.result = { code: payment.result.resultCode, message: payment.result.resultMessage };
  return session;
}

export function vaultingSession(vaulting: VaultingRecord, now: number, registered?: string): PageSession {
  const outcome: PageOutcome | undefined = vaulting.status === 'SUCCESS' ? 'succeeded' : vaulting.status === 'FAIL' ? (vaulting.expired ? 'expired' : 'failed') : undefined;
  const session: PageSession = {
    kind: 'vaulting',
    step: outcome ? 'result' : 'challenge',
    outcome,
    merchant: { name: displayMerchantName(undefined, registered) },
    card: cardOf(vaulting.cardInfo),
    returnUrl: vaulting.redirectUrl,
  };
  if (!outcome && vaulting.expiresAt !== undefined) {
    session.expiresAt = new Date(vaulting.expiresAt).toISOString();
    session.expiresInSeconds = Math.max(0, Math.floor((vaulting.expiresAt - now) / 1000));
    session.challenge = { passCode: CHALLENGE_PASS_CODE, threeDSVersion: vaulting.challenge?.threeDSVersion };
  }
  if (outcome) session.result = { code: vaulting.result.resultCode, message: vaulting.result.resultMessage };
  return session;
}


export async function pageSession(deps: HostedDeps, token: string): Promise<PageSession | PageError> {
  const subject = findPageSubject(deps.store, token);
  if (isPageError(subject)) return subject;
  const now = deps.clock.now();
  if (subject.kind === 'payment') return paymentSession(subject.payment, now, deps.merchantNameOf(subject.payment.clientId));
  return vaultingSession(vaultingAsOf(subject.vaulting, now), now, deps.merchantNameOf(subject.vaulting.clientId));
}
