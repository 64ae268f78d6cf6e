// The real payment a webhook certification run notifies about: made for the purpose through the same
// operations a merchant's pay, capture and refund go through, for the merchant's own client id, with
// no notify URL (so the outbox sends nothing of its own) and the "success" scenario asked for by name
// (so pins, a checkout certification run included, are neither used nor consumed).
import { randomUUID } from 'node:crypto';
import type { CaptureRequest } from '../../schemas/capture.ts';
import type { PayRequest } from '../../schemas/pay.ts';
import type { RefundRequest } from '../../schemas/refund.ts';
import { capture } from '../operations/capture.ts';
import type { OperationContext } from '../operations/context.ts';
import { pay } from '../operations/pay.ts';
import { refund } from '../operations/refund.ts';
import type { PaymentRecord } from '../payment/types.ts';
import type { SandboxCore } from '../sandbox-core.ts';

export const PURPOSE_ORDER_PREFIX = 'CERTIFY_';
const AMOUNT = { currency: 'EUR', value: '1000' };

export interface PurposePayment { payment: PaymentRecord; captureId?: string; refundId?: string }

function resultOf(answer: object): { resultStatus?: string; resultCode?: string; resultMessage?: string } {
  return (answer as { result?: { resultStatus?: string; resultCode?: string; resultMessage?: string } }).result ?? {};
}

/** Why a step of the purpose payment did not succeed, or undefined when it did. */
function failureOf(what: string, answer: object): { problem: string } | undefined {
  const result = resultOf(answer);
  if (result.resultStatus === 'S') return undefined;
  return { problem: `the certification payment could not be made: ${what} answered ${result.resultCode ?? '?'} (${result.resultMessage ?? ''})` };
}

/**
 * Pays (an authorization when a capture or refund is wanted), captures and refunds, and commits it all; or
 * says which step did not succeed (a fault of the sandbox: the "success" scenario is asked for by name).
 */
export async function makePurposePayment(
  core: SandboxCore, clientId: string, baseUrl: string, needs: { capture: boolean; refund: boolean },
): Promise<PurposePayment | { problem: string }> {
  const ctx: OperationContext = { ...core.deps.context, clientId, baseUrl, requestedScenario: 'success' };
  const id = randomUUID().replace(/-/g, '');
  const manual = needs.capture || needs.refund;
  const request: PayRequest = {
    productCode: 'CASHIER_PAYMENT',
    paymentRequestId: `${PURPOSE_ORDER_PREFIX}PAY_${id}`,
    order: { referenceOrderId: `${PURPOSE_ORDER_PREFIX}${id}`, orderDescription: 'Webhook certification (alipay-sandbox certify webhook)' },
    paymentAmount: AMOUNT,
    paymentMethod: {
      paymentMethodType: 'CARD',
      paymentMethodMetaData: { cardNo: '4054695723100768', expiryMonth: '12', expiryYear: '49', cvv: '123' },
    },
    ...(manual ? { paymentFactor: { isAuthorization: true, captureMode: 'MANUAL' as const } } : {}),
    env: { terminalType: 'WEB' },
  };
  const paid = await pay(request, ctx);
  const payFailed = failureOf('pay', paid.answer);
  if (payFailed) return payFailed;
  const paymentId = (paid.answer as { paymentId: string }).paymentId;
  let captureId: string | undefined;
  let refundId: string | undefined;
  if (manual) {
    const captureRequest: CaptureRequest = { captureRequestId: `${PURPOSE_ORDER_PREFIX}CAP_${id}`, paymentId, captureAmount: AMOUNT, isLastCapture: true };
    const captured = await capture(captureRequest, ctx);
    const captureFailed = failureOf('capture', captured.answer);
    if (captureFailed) return captureFailed;
    captureId = (captured.answer as { captureId: string }).captureId;
  }
  if (needs.refund) {
    const refundRequest: RefundRequest = { refundRequestId: `${PURPOSE_ORDER_PREFIX}REF_${id}`, paymentId, refundAmount: { currency: AMOUNT.currency, value: '500' }, refundReason: 'certification' };
    const refunded = await refund(refundRequest, ctx);
    const refundFailed = failureOf('refund', refunded.answer);
    if (refundFailed) return refundFailed;
    refundId = (refunded.answer as { refundId: string }).refundId;
  }
  await core.store.commit();
  return { payment: core.store.payments.get(paymentId)!, captureId, refundId };
}

/** Whether the sandbox has seen this merchant capture / refund (outside certification payments). */
export function lifecycleUse(core: SandboxCore, clientId: string): { capture: boolean; refund: boolean } {
  const use = { capture: false, refund: false };
  for (const payment of core.store.payments.values()) {
    if (payment.clientId !== clientId || payment.order?.referenceOrderId?.startsWith(PURPOSE_ORDER_PREFIX)) continue;
    if (payment.captures?.length) use.capture = true;
    if (payment.refunds?.length) use.refund = true;
    if (use.capture && use.refund) break;
  }
  return use;
}
