// "Cancel and return to the shop" on the card page. The buyer's cancel closes the payment the way the
// cancel API closes a payment in process (the state machine's cancel event): paymentStatus CANCELLED,
// result ORDER_IS_CANCELED, a repeat pay answers ORDER_IS_CANCELED, and, as Antom's cancel, no
// notification is sent. The merchant learns it from the redirect and inquiryPayment.
import { newTransactionId } from '../payment/ids.ts';
import type { HostedDeps } from './hosted-deps.ts';
import { findPagePayment, refuseUnlessPending } from './page-token.ts';
import { isPageError, pageErrorOf, type PageError } from './page-error.ts';
import { isRefusal } from '../api/refusal.ts';

export interface CancelAnswer { status: 'CANCELLED'; location: string }

export async function cancelHostedPayment(deps: HostedDeps, token: string): Promise<CancelAnswer | PageError> {
  const now = deps.clock.now();
  const payment = findPagePayment(deps.store, token);
  if (isPageError(payment)) return payment;
  const notPending = refuseUnlessPending(payment, 'hosted-page', now);
  if (notPending) return notPending;
  const after = await deps.payments.dispatch(payment, { type: 'cancel', cancelId: newTransactionId(now) });
  if (isRefusal(after)) return pageErrorOf(after);
  return { status: 'CANCELLED', location: `/checkout/${token}` };
}
