// Wallet pays for the bench: the same shape and cost of generation as the unsigned card pays (a counter
// in a prepared body), answered U PAYMENT_IN_PROCESS with the wallet's links, which the check insists on.
import { type RequestSource, type ResponseCheck } from './pay-requests.ts';
import { BENCH_CLIENT_ID } from './bench-config.ts';

/** A GCASH pay from a phone browser: normalUrl and applinkUrl in the answer, an expiry timer on the payment. */
export function walletPayBody(paymentRequestId: string): string {
  return JSON.stringify({
    productCode: 'CASHIER_PAYMENT',
    paymentRequestId,
    order: { orderDescription: 'Bench order' },
    paymentAmount: { currency: 'EUR', value: '30000' },
    paymentMethod: { paymentMethodType: 'GCASH' },
    paymentRedirectUrl: 'https://merchant.example/return',
    env: { terminalType: 'WAP', osType: 'ANDROID' },
  });
}

export function unsignedWalletPaySource(tag: string): RequestSource {
  const [prefix, suffix] = walletPayBody('@ID@').split('@ID@') as [string, string];
  const headers = {
    'Content-Type': 'application/json; charset=UTF-8',
    'Client-Id': BENCH_CLIENT_ID,
    'Request-Time': new Date().toISOString().replace(/\.\d{3}Z$/, '+00:00'),
  };
  let n = 0;
  return {
    next: () => ({ body: `${prefix}bench-${tag}-${n++}${suffix}`, headers }),
    remaining: () => Infinity,
  };
}

/** A wallet pay must answer U PAYMENT_IN_PROCESS with its links; a sample is parsed whole. */
export const checkWalletPay: ResponseCheck = (status, body, _headers, deep) => {
  if (status !== 200) return `HTTP ${status}: ${body.slice(0, 200)}`;
  if (!body.includes('"resultCode":"PAYMENT_IN_PROCESS"')) return `not in process: ${body.slice(0, 300)}`;
  if (!deep) return undefined;
  const answer = JSON.parse(body) as { paymentId?: string; normalUrl?: string; applinkUrl?: string; paymentRequestId?: string };
  if (!answer.paymentId || !answer.normalUrl?.includes('/wallet/pg_') || !answer.applinkUrl || !answer.paymentRequestId?.startsWith('bench-')) {
    return `unexpected wallet pay answer: ${body.slice(0, 300)}`;
  }
  return undefined;
};
