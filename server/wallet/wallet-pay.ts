// pay with a wallet (paymentMethodType ALIPAY_CN, GCASH, ...): Antom answers U PAYMENT_IN_PROCESS with the
// links of the wallet and terminal, the buyer pays or declines in the wallet, and the merchant learns the
// result from notifyPayment or inquiryPayment. The scenario engine decides, at pay time, what the buyer's
// Pay ends in (and, for the wallet scenarios, a simulated buyer who acts on the sandbox clock).
import type { PayRequest } from '../../schemas/pay.ts';
import { newOpaqueToken, newTransactionId } from '../payment/ids.ts';
import { openPayment } from '../payment/open-payment.ts';
import { stoppedBy } from '../scenario/scenario-effect.ts';
import { isRefusal } from '../api/refusal.ts';
import { refusal, refusedWith, type OperationContext, type OperationResult } from '../operations/context.ts';
import type { AfterCard, Effect, PayOutcome, Settlement, WalletState } from '../payment/types.ts';
import { terminalsOf, walletOf } from './catalogue.ts';
import { walletLinks } from './links.ts';

/** A wallet reports no card: the issuer's card details of a scenario's settlement are left out. */
const bare = (s: Settlement): Settlement => (s.status === 'S' ? { status: 'S' } : { status: 'F', code: s.code, message: s.message });

/** What the buyer's Pay ends in, from the decided outcome. */
export function onPayOf(outcome: PayOutcome): AfterCard {
  switch (outcome.status) {
    case 'S': return { status: 'S' };
    case 'F': return { status: 'F', code: outcome.code, message: outcome.message };
    case 'U':
      // A 3DS scenario means nothing to a wallet: its pass is what paying ends in.
      if (outcome.pendingStep === '3ds-challenge' && outcome.challenge) return bare(outcome.challenge.pass);
      if (outcome.pendingStep !== 'issuer') return { status: 'S' };
      return { status: 'U', pendingStep: 'issuer', settleAfterMs: outcome.settleAfterMs, settlement: outcome.settlement && bare(outcome.settlement) };
  }
}

export async function payWithWallet(request: PayRequest, ctx: OperationContext, fingerprint: string): Promise<OperationResult> {
  const now = ctx.clock.now();
  const type = request.paymentMethod.paymentMethodType;
  const wallet = walletOf(type);
  if (!wallet) return refusal('PARAM_ILLEGAL', `paymentMethod.paymentMethodType ${type} is not a wallet of the sandbox`);
  const terminal = request.env.terminalType;
  if (terminal === 'MINI_APP' || !wallet.terminals[terminal]) {
    return refusal('PARAM_ILLEGAL', `env.terminalType ${terminal} is not supported for ${type}; use one of ${terminalsOf(wallet).join(', ')}`);
  }

  const decided = ctx.decidePay({ mode: 'wallet', request, clientId: ctx.clientId, now, requestedScenario: ctx.requestedScenario });
  if (isRefusal(decided)) return refusedWith(decided);
  const stopped = stoppedBy(decided);
  if (stopped) return stopped;
  const scenario = decided.scenario.source === 'default'
    ? { ...decided.scenario, reason: 'a wallet pay with no scenario: the buyer pays or declines in the wallet (page or control plane), or it expires' }
    : decided.scenario;

  const paymentId = newTransactionId(now, (id) => ctx.store.payments.get(id) !== undefined);
  const pageToken = newOpaqueToken('pg_');
  const opened = openPayment(
    { paymentId, clientId: ctx.clientId, mode: 'wallet', fingerprint, request, now, networkTransactionId: '', pageToken },
    { status: 'U', pendingStep: 'wallet', scenario, notification: decided.notification, fault: decided.fault },
  );
  const links = walletLinks(wallet, terminal, { baseUrl: ctx.baseUrl, token: pageToken, expiresAt: opened.payment.expiresAt! });
  const state: WalletState = {
    paymentMethodType: type, name: wallet.name, terminalType: terminal, osType: request.env.osType, onPay: onPayOf(decided),
  };
  const effects: Effect[] = [...opened.effects];
  if (decided.walletBuyer) {
    effects.push({ type: 'schedule', paymentId, at: now + decided.walletBuyer.afterMs, event: { type: 'wallet', action: decided.walletBuyer.action, scheduled: true } });
  }
  const payment = ctx.payments.record({
    payment: { ...opened.payment, wallet: state, payAnswer: { ...opened.payment.payAnswer, ...links } },
    effects,
  });
  return { answer: payment.payAnswer, scenario, fault: decided.fault };
}
