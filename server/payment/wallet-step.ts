// The wallet's step of the payment state machine: the buyer in the wallet pays, declines or leaves. Pay
// ends in what the scenario decided at pay time (S, F such as USER_BALANCE_NOT_ENOUGH, or in process at
// the wallet first); decline fails the payment; leaving changes nothing but a mark, and the payment then
// closes at its expiry like any unpaid one. Each act is kept on the payment (wallet.steps) for its
// timeline. Pure: the event and the clock come in, a transition goes out.
import { refuse, type Refusal } from '../api/refusal.ts';
import type { Effect, PaymentEvent, PaymentRecord, Settlement } from './types.ts';

type WalletEvent = Extract<PaymentEvent, { type: 'wallet' }>;

/**
 * Antom documents no result code for a buyer who declines inside the wallet; the sandbox answers
 * PROCESS_FAIL with this message (docs/wallets.md says so).
 */
export const DECLINED: Settlement = { status: 'F', code: 'PROCESS_FAIL', message: 'The buyer declined the payment in the wallet.' };

export function walletStep(payment: PaymentRecord, event: WalletEvent, now: number): { payment: PaymentRecord; effects: Effect[]; settlement?: Settlement } | Refusal {
  const waiting = payment.status === 'PROCESSING' && payment.pendingStep === 'wallet' && payment.wallet !== undefined
    && !(payment.expiresAt !== undefined && now >= payment.expiresAt);
  if (!waiting) {
    // A simulated buyer who comes after the payment moved on (paid from the page, cancelled, expired) does nothing.
    if (event.scheduled) return { payment, effects: [] };
    return refuse('ORDER_STATUS_INVALID', `payment ${payment.paymentId} is ${payment.status}${payment.pendingStep ? ` (${payment.pendingStep})` : ''}, not waiting for the buyer in a wallet`);
  }
  const step = { action: event.action, at: now, ...(event.scheduled ? { scheduled: true } : {}) };
  const wallet = { ...payment.wallet!, steps: [...(payment.wallet!.steps ?? []), step] };
  switch (event.action) {
    case 'decline':
      return { payment: { ...payment, wallet }, effects: [], settlement: DECLINED };
    case 'abandon':
      return { payment: { ...payment, wallet: { ...wallet, abandonedAt: now } }, effects: [] };
    case 'pay': {
      const next = wallet.onPay;
      if (next.status !== 'U') return { payment: { ...payment, wallet }, effects: [], settlement: next };
      // Paid, and the wallet answers later: PROCESSING at the wallet until its answer, a settle or the expiry.
      const effects: Effect[] = [];
      if (next.settlement && next.settleAfterMs !== undefined) {
        effects.push({ type: 'schedule', paymentId: payment.paymentId, at: now + next.settleAfterMs, event: { type: 'settle', settlement: next.settlement, scheduled: true } });
      }
      return { payment: { ...payment, wallet, pendingStep: 'issuer' }, effects };
    }
  }
}
