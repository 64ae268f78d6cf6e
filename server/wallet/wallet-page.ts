// The sandbox wallet page's logic (routes in server/http/wallet-routes.ts): what it shows, and the buyer's
// Pay and Decline. The page reuses the card page's session (merchant, amount, order, expiry, result) and
// adds the wallet's name and its QR code; the buyer's choice goes through the payment state machine, so
// the notification leaves through the outbox as any other.
import { isPageError, pageError, pageErrorOf, type PageError } from '../hosted/page-error.ts';
import { isRefusal } from '../api/refusal.ts';
import type { HostedDeps } from '../hosted/hosted-deps.ts';
import { paymentSession, type PageSession } from '../hosted/page-session.ts';
import { findPagePayment, isPastExpiry } from '../hosted/page-token.ts';
import type { PaymentRecord } from '../payment/types.ts';
import { walletPagePath } from './links.ts';

export interface WalletSession extends Omit<PageSession, 'step'> {
  /** wallet: waiting for Pay or Decline; processing: paid, the wallet's answer is due; result: over. */
  step: PageSession['step'] | 'wallet';
  wallet: { paymentMethodType: string; name: string; terminalType: string; qrImageUrl: string; qrText: string };
}

/** The payment behind a wallet page token; a card page's token is not a wallet page. */
export function findWalletPayment(deps: HostedDeps, token: string): PaymentRecord | PageError {
  const payment = findPagePayment(deps.store, token);
  if (isPageError(payment)) return payment;
  if (!payment.wallet) return pageError('PAGE_NOT_FOUND', 'This payment page does not exist. Check the link, or start the payment again from the shop.');
  return payment;
}

export function walletSession(deps: HostedDeps, token: string, baseUrl: string): WalletSession | PageError {
  const payment = findWalletPayment(deps, token);
  if (isPageError(payment)) return payment;
  const now = deps.clock.now();
  const session = paymentSession(payment, now);
  const waiting = payment.status === 'PROCESSING' && payment.pendingStep === 'wallet' && !isPastExpiry(payment, now);
  const wallet = payment.wallet!;
  return {
    ...session,
    step: waiting ? 'wallet' : session.step,
    wallet: {
      paymentMethodType: wallet.paymentMethodType,
      name: wallet.name,
      terminalType: wallet.terminalType,
      qrImageUrl: `${walletPagePath(token)}/qr.svg`,
      qrText: `${baseUrl}${walletPagePath(token)}`,
    },
  };
}

/** Pay or Decline on the page: the machine's wallet step; the page then sends the buyer back to the shop. */
export async function actInWallet(deps: HostedDeps, token: string, action: 'pay' | 'decline'): Promise<{ status: string; location?: string } | PageError> {
  const payment = findWalletPayment(deps, token);
  if (isPageError(payment)) return payment;
  const now = deps.clock.now();
  if (isPastExpiry(payment, now) || payment.closed) return pageError('PAYMENT_EXPIRED', 'This payment has expired. Return to the shop to start again.');
  if (payment.status !== 'PROCESSING' || payment.pendingStep !== 'wallet') {
    return pageError('PAYMENT_FINISHED', 'This payment is already over; there is nothing left to pay or decline.');
  }
  const next = await deps.payments.dispatch(payment, { type: 'wallet', action });
  if (isRefusal(next)) return pageErrorOf(next);
  return { status: next.status, location: next.redirectUrl };
}
