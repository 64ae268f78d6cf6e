// Pay requests for the load generator, and the checks of what comes back.
// Every pay must carry a new paymentRequestId: a repeated one is answered from the store by idempotency,
// which is far cheaper and would flatter the result. Signed requests are signed *before* the timed run
// (signPayPool), because signing in the load generator would take CPU from the server on the same cores.
import { sign, verify, type KeyObject } from 'node:crypto';
import { BENCH_CLIENT_ID, PAY_PATH } from './bench-config.ts';

export interface PreparedRequest {
  body: string;
  headers: Record<string, string>;
}

/** A finite or endless supply of requests; next() is undefined once a finite one is used up. */
export interface RequestSource {
  next(): PreparedRequest | undefined;
  /** How many requests are left; Infinity for a generated supply. */
  remaining(): number;
}

/**
 * A valid server-to-server card pay with a card that passes Luhn and has not expired: an authorization,
 * as in the seed's card flow (automatic capture would add a capture to every pay).
 */
export function payBody(paymentRequestId: string): string {
  return JSON.stringify({
    productCode: 'CASHIER_PAYMENT',
    paymentRequestId,
    order: { orderDescription: 'Bench order' },
    paymentAmount: { currency: 'EUR', value: '30000' },
    paymentMethod: {
      paymentMethodType: 'CARD',
      paymentMethodMetaData: { cardNo: '4054695723100768', expiryMonth: '12', expiryYear: '34', cvv: '123' },
    },
    env: { terminalType: 'WEB' },
    paymentFactor: { isAuthorization: true },
  });
}

/** Antom's Request-Time / Response-Time form: ISO-8601 to the second with an offset. */
const requestTime = () => new Date().toISOString().replace(/\.\d{3}Z$/, '+00:00');

const baseHeaders = (time: string): Record<string, string> => ({
  'Content-Type': 'application/json; charset=UTF-8',
  'Client-Id': BENCH_CLIENT_ID,
  'Request-Time': time,
});

/**
 * Unsigned bodies made on the fly: only a counter changes, so the generator's cost is a string concat.
 * Each server gets its own source, whose counter runs on through warm-up and every round.
 */
export function unsignedPaySource(tag: string): RequestSource {
  // A marker JSON.stringify leaves as it is, so the body splits around the id.
  const [prefix, suffix] = payBody('@ID@').split('@ID@') as [string, string];
  const headers = baseHeaders(requestTime());
  let n = 0;
  return {
    next: () => ({ body: `${prefix}bench-${tag}-${n++}${suffix}`, headers }),
    remaining: () => Infinity,
  };
}

/**
 * The message Antom signs, written out here from the spec rather than imported from server/, so a
 * server that drifted from the format would show up as failed requests in the bench.
 */
export const signedContent = (path: string, clientId: string, time: string, body: string) =>
  `POST ${path}\n${clientId}.${time}.${body}`;

function signAsync(content: string, key: KeyObject): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    // With a callback, node:crypto signs on libuv's thread pool: pool preparation uses every core.
    sign('sha256', Buffer.from(content), key, (error, signature) => (error ? reject(error) : resolve(signature)));
  });
}

/** Signs `count` distinct pay requests with `inFlight` signatures running at once. */
export async function signPayPool(count: number, merchantKey: KeyObject, inFlight = 16): Promise<PreparedRequest[]> {
  const time = requestTime();
  const pool = new Array<PreparedRequest>(count);
  let nextIndex = 0;
  const worker = async () => {
    while (nextIndex < count) {
      const i = nextIndex++;
      const body = payBody(`bench-signed-${i}`);
      const signature = await signAsync(signedContent(PAY_PATH, BENCH_CLIENT_ID, time, body), merchantKey);
      pool[i] = {
        body,
        headers: {
          ...baseHeaders(time),
          Signature: `algorithm=RSA256,keyVersion=1,signature=${encodeURIComponent(signature.toString('base64'))}`,
        },
      };
    }
  };
  await Promise.all(Array.from({ length: Math.min(inFlight, count) }, worker));
  return pool;
}

/** Hands out a pool's requests once each, in order, across however many runs share it. */
export function poolSource(pool: readonly PreparedRequest[]): RequestSource {
  let index = 0;
  return {
    next: () => (index < pool.length ? pool[index++] : undefined),
    remaining: () => pool.length - index,
  };
}

/** Says what is wrong with a response, or undefined when it is right. */
export type ResponseCheck = (status: number, body: string, headers: Record<string, unknown>, deep: boolean) => string | undefined;

/** The echo server must send the body back. */
export const checkEcho: ResponseCheck = (status, body) => {
  if (status !== 200) return `HTTP ${status}`;
  return body.includes('"paymentRequestId":"bench-') ? undefined : `not an echo: ${body.slice(0, 200)}`;
};

const headerText = (headers: Record<string, unknown>, name: string): string | undefined => {
  const value = headers[name] ?? headers[name.toLowerCase()];
  return typeof value === 'string' ? value : undefined;
};

/**
 * A pay must succeed (result S). The cheap substring test runs on every response; `deep` (a sample)
 * parses the answer and, when the sandbox's public key is given, verifies the response signature.
 */
export function checkPay(sandboxPublicKey: KeyObject | undefined): ResponseCheck {
  return (status, body, headers, deep) => {
    if (status !== 200) return `HTTP ${status}: ${body.slice(0, 200)}`;
    if (!body.includes('"resultStatus":"S"')) return `not a success: ${body.slice(0, 300)}`;
    if (!deep) return undefined;
    const answer = JSON.parse(body) as { result?: { resultCode?: string }; paymentId?: string; paymentRequestId?: string };
    if (answer.result?.resultCode !== 'SUCCESS' || !answer.paymentId || !answer.paymentRequestId?.startsWith('bench-')) {
      return `unexpected pay answer: ${body.slice(0, 300)}`;
    }
    if (!sandboxPublicKey) return undefined;
    const signatureHeader = headerText(headers, 'signature');
    const time = headerText(headers, 'response-time');
    const clientId = headerText(headers, 'client-id');
    const encoded = signatureHeader?.match(/signature=([^,]+)/)?.[1];
    if (!encoded || !time || !clientId) return `unsigned response (signature=${signatureHeader}, response-time=${time}, client-id=${clientId})`;
    const ok = verify('sha256', Buffer.from(signedContent(PAY_PATH, clientId, time, body)), sandboxPublicKey,
      Buffer.from(decodeURIComponent(encoded), 'base64'));
    return ok ? undefined : 'the response signature does not verify under the sandbox public key';
  };
}
