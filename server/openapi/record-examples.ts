// Real examples for the OpenAPI document: request bodies from the example generator (the code behind
// GET /_sandbox/examples/:operation, with its notify URLs on the sandbox's own receiver), sent through the merchant API pipeline of a throwaway in-memory
// sandbox, and the answers and notifications it really gave. One story links them: a card is vaulted,
// an authorization is paid, inquired, captured and refunded, a hosted-page payment is opened and
// cancelled, and a saved card pays. The sandbox's clock starts at a fixed instant and its random ids are
// replaced by numbered ones afterwards, so the document is the same on every build.
import { handleMerchantCall } from '../api/handle-merchant-call.ts';
import { routeOf } from '../api/routes.ts';
import { generateExample, type ExampleName } from '../api/examples.ts';
import { SandboxCore } from '../sandbox-core.ts';
import type { MerchantOperationName } from './operation-codes.ts';

/** Sandbox time of the recording; the example cards expire in 2030 or later, so they are valid then. */
export const RECORDED_AT = '2029-12-01T08:00:00.000Z';
export const EXAMPLE_CLIENT_ID = 'SANDBOX_EXAMPLE_MERCHANT';
export const EXAMPLE_BASE_URL = 'http://127.0.0.1:8080';
const SEED = 1;

export interface RecordedCall {
  /** A short name of what the example shows, unique per operation. */
  name: string;
  summary: string;
  request: Record<string, unknown>;
  response: Record<string, unknown>;
}

export interface RecordedExamples {
  calls: Record<MerchantOperationName, RecordedCall[]>;
  notifications: { notifyPayment: unknown[]; notifyCapture: unknown[]; notifyRefund: unknown[] };
}

type Body = Record<string, unknown>;

async function example(name: ExampleName, paymentId?: string): Promise<Body> {
  return await generateExample(name, SEED, { baseUrl: EXAMPLE_BASE_URL, now: Date.parse(RECORDED_AT), paymentId }) as Body;
}

export async function recordExamples(): Promise<RecordedExamples> {
  const core = await SandboxCore.create({ memory: true, signatureMode: 'off', clock: 'manual', startAt: Date.parse(RECORDED_AT), seed: 0 });
  // Notifications are built and journalled as usual, but every attempt is dropped: nothing leaves the process.
  core.notifications.faultSwitch = { dropFirst: 100 };
  try {
    const call = async (operation: MerchantOperationName, path: string, request: Body) => {
      const answer = await handleMerchantCall({
        method: 'POST',
        headers: { 'content-type': 'application/json; charset=UTF-8', 'client-id': EXAMPLE_CLIENT_ID },
        readBody: async () => Buffer.from(JSON.stringify(request)),
        baseUrl: EXAMPLE_BASE_URL,
      }, routeOf(`/ams/api/v1/${path}`), core.deps);
      return { operation, request, response: JSON.parse(answer.body) as Body };
    };
    const calls = {} as RecordedExamples['calls'];
    const keep = (operation: MerchantOperationName, name: string, summary: string, recorded: { request: Body; response: Body }) => {
      (calls[operation] ??= []).push({ name, summary, request: recorded.request, response: recorded.response });
      return recorded.response;
    };

    const vaultRequest = await example('vaultPaymentMethod');
    const vaulted = keep('vaultPaymentMethod', 'saved', 'A card saved as a cardToken', await call('vaultPaymentMethod', 'vaults/vaultPaymentMethod', vaultRequest));
    keep('inquireVaulting', 'saved', 'A vaulting that succeeded', await call('inquireVaulting', 'vaults/inquireVaulting', { vaultingRequestId: vaultRequest.vaultingRequestId }));

    const payRequest = await example('pay-card');
    const paid = keep('pay', 'card', 'A card authorization, server to server', await call('pay', 'payments/pay', payRequest));
    const paymentId = paid.paymentId as string;
    keep('pay', 'hostedPage', 'A payment on the hosted card page (in process, with normalUrl)',
      await call('pay', 'payments/pay', await example('pay-hosted')));
    const cardToken = ((vaulted.paymentMethodDetail as Body | undefined)?.card as Body | undefined)?.cardToken;
    const saved = await example('pay-saved-card');
    keep('pay', 'savedCard', 'A payment with a saved card (cardToken)',
      await call('pay', 'payments/pay', { ...saved, paymentMethod: { ...(saved.paymentMethod as Body), paymentMethodId: cardToken } }));
    keep('pay', 'invalid', 'A request the schema refuses', await call('pay', 'payments/pay', { ...payRequest, paymentAmount: { currency: 'EUR', value: '12.50' } }));

    keep('inquiryPayment', 'authorized', 'An authorization, before capture', await call('inquiryPayment', 'payments/inquiryPayment', await example('inquiryPayment', paymentId)));
    keep('inquiryPayment', 'unknown', 'A payment that does not exist', await call('inquiryPayment', 'payments/inquiryPayment', { paymentRequestId: 'NO_SUCH_PAYMENT' }));

    // The whole authorized amount, so the capture succeeds whichever amount the pay example drew.
    const capture = await call('capture', 'payments/capture', { ...await example('capture', paymentId), captureAmount: payRequest.paymentAmount });
    keep('capture', 'full', 'The whole authorized amount captured', capture);
    const refund = await call('refund', 'payments/refund', await example('refund', paymentId));
    keep('refund', 'full', 'The captured amount refunded', refund);
    keep('inquiryRefund', 'refunded', 'A refund that succeeded', await call('inquiryRefund', 'payments/inquiryRefund', { refundId: refund.response.refundId }));

    const hostedId = (calls.pay.find((c) => c.name === 'hostedPage')!.response.paymentId) as string;
    keep('cancel', 'inProcess', 'A hosted-page payment closed before the buyer paid', await call('cancel', 'payments/cancel', await example('cancel', hostedId)));
    keep('cancel', 'unknown', 'A payment that does not exist', await call('cancel', 'payments/cancel', { paymentRequestId: 'NO_SUCH_PAYMENT' }));

    const bodiesOf = (type: string) => core.notifications.list({ paymentId })
      .filter((n) => n.notifyType === type).reverse().map((n) => JSON.parse(n.body) as unknown);
    const notifications = {
      notifyPayment: bodiesOf('PAYMENT_RESULT'),
      notifyCapture: bodiesOf('CAPTURE_RESULT'),
      notifyRefund: bodiesOf('REFUND_RESULT'),
    };
    return renumberRandomIds({ calls, notifications });
  } finally {
    await core.close();
  }
}

/** Replaces the ids and tokens the sandbox drew at random by numbered ones of the same shape, the same id everywhere it appears. */
export function renumberRandomIds<T>(value: T): T {
  const seen = new Map<string, string>();
  const numbered = (random: string, make: (n: number) => string) => {
    if (!seen.has(random)) seen.set(random, make(seen.size + 1));
    return seen.get(random)!;
  };
  const text = JSON.stringify(value)
    // Transaction ids: yyyyMMdd, Antom's site part, 17 random digits.
    .replace(/\b(\d{8}1940108001)(\d{17})\b/g, (id, head: string) => numbered(id, (n) => head + String(n).padStart(17, '0')))
    .replace(/"(acquirerReferenceNo|networkTransactionId)":"(\d+)"/g, (_all, key: string, digits: string) =>
      `"${key}":"${numbered(digits, (n) => String(n).padStart(digits.length, '0'))}"`)
    // Page tokens and card tokens: a prefix and 32 base64url characters.
    .replace(/\b(pg_|ctk_)([A-Za-z0-9_-]{32})/g, (token, prefix: string) => numbered(token, (n) => `${prefix}${`example${n}`.padEnd(32, '0')}`));
  return JSON.parse(text) as T;
}
