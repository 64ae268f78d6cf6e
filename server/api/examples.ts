// Example request bodies (GET /_sandbox/examples/:operation): what a merchant would really send, to copy
// into code or a curl. A test card that pays, one currency throughout, ids that are new on every call
// (the same ids again only for the same ?seed), and notify URLs that work offline: the sandbox's own
// receiver (/_sandbox/receiver/default), so the first pay of a quick start shows a real delivery.
// Every example is checked against the request schemas and accepted by the sandbox in the tests.
import { randomInt } from 'node:crypto';
import { EXAMPLE_SCHEMAS } from '../../schemas/index.ts';
import { hash32, mulberry32, type Random } from '../scenario/prng.ts';

export type ExampleName = keyof typeof EXAMPLE_SCHEMAS;

export interface ExampleContext {
  /** The sandbox's base URL as the caller reached it: the receiver's address is built on it. */
  baseUrl?: string;
  /** A payment to capture, cancel, refund or inquire; a well-formed id of none otherwise. */
  paymentId?: string;
  /** The time the card's expiry is counted from (epoch ms, default now): a fixed one gives the same body in any year. */
  now?: number;
}

export function isExampleName(name: string): name is ExampleName {
  return Object.hasOwn(EXAMPLE_SCHEMAS, name);
}

const ID_CHARS = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';
const DESCRIPTIONS = ['Cappuccino x2 (Mika\'s Coffee)', 'Wireless headphones, black', 'Monthly plan: Pro', 'Concert ticket, row F', 'Running shoes, size 42'];
// Minor units; none of them is an amount trigger (scenarios/40-amount-triggers.yaml).
const AMOUNTS = ['1990', '4500', '12000', '2599', '899'];
const BUYERS = [['Mika', 'Tanaka'], ['Lea', 'Schmidt'], ['Tom', 'Jay'], ['Ana', 'Silva']] as const;
/** The test card that pays (docs/scenarios.md#test-cards). */
const PAYING_CARD = '4054695723100768';

function pick<T>(random: Random, list: readonly T[]): T {
  return list[Math.floor(random() * list.length)]!;
}

function id(random: Random, prefix: string, length = 24): string {
  let text = prefix;
  for (let i = 0; i < length; i++) text += ID_CHARS[Math.floor(random() * ID_CHARS.length)];
  return text;
}

/** A paymentId of the form the sandbox hands out (it names no payment until one is made). */
function paymentIdLike(random: Random): string {
  const digits = (count: number) => Array.from({ length: count }, () => Math.floor(random() * 10)).join('');
  return `20${digits(6)}1940108001${digits(17)}`;
}

function card(random: Random, now: number) {
  const [firstName, lastName] = pick(random, BUYERS);
  return {
    cardNo: PAYING_CARD,
    expiryMonth: '12',
    expiryYear: String((new Date(now).getUTCFullYear() + 3) % 100),
    cvv: '123',
    cardholderName: { firstName, lastName },
    billingAddress: { region: 'DE', city: 'Berlin', address1: 'Friedrichstrasse 43', zipCode: '10117' },
  };
}

function payBase(random: Random, receiver: string) {
  const amount = { currency: 'EUR', value: pick(random, AMOUNTS) };
  const [firstName, lastName] = pick(random, BUYERS);
  const requestId = id(random, 'PAY_');
  return {
    productCode: 'CASHIER_PAYMENT',
    paymentRequestId: requestId,
    order: {
      referenceOrderId: `ORDER_${requestId.slice(4, 16)}`,
      orderDescription: pick(random, DESCRIPTIONS),
      orderAmount: amount,
      buyer: { referenceBuyerId: `buyer-${firstName.toLowerCase()}`, buyerEmail: `${firstName.toLowerCase()}@example.com`, buyerName: { firstName, lastName } },
    },
    paymentAmount: amount,
    settlementStrategy: { settlementCurrency: amount.currency },
    paymentFactor: { isAuthorization: true },
    paymentNotifyUrl: receiver,
    paymentRedirectUrl: 'http://localhost:3000/checkout/return',
    env: {
      terminalType: 'WEB',
      clientIp: '203.0.113.10',
      browserInfo: { acceptHeader: 'text/html', javaScriptEnabled: true, language: 'en-US', userAgent: 'Mozilla/5.0 (X11; Linux x86_64) Chrome/126.0 Safari/537.36' },
    },
  };
}

const BUILD: Record<ExampleName, (random: Random, receiver: string, paymentId: string, now: number) => unknown> = {
  pay: (random, receiver, _paymentId, now) => ({ ...payBase(random, receiver), paymentMethod: { paymentMethodType: 'CARD', paymentMethodMetaData: card(random, now) } }),
  'pay-card': (random, receiver, _paymentId, now) => BUILD.pay(random, receiver, '', now),
  'pay-hosted': (random, receiver) => ({ ...payBase(random, receiver), paymentMethod: { paymentMethodType: 'CARD' } }),
  'pay-saved-card': (random, receiver) => ({ ...payBase(random, receiver), paymentMethod: { paymentMethodType: 'CARD', paymentMethodId: id(random, 'CARD_TOKEN_', 32) } }),
  inquiryPayment: (_random, _receiver, paymentId) => ({ paymentId }),
  capture: (random, _receiver, paymentId) => ({ captureRequestId: id(random, 'CAP_'), paymentId, captureAmount: { currency: 'EUR', value: pick(random, AMOUNTS) }, isLastCapture: true }),
  cancel: (_random, _receiver, paymentId) => ({ paymentId }),
  refund: (random, receiver, paymentId) => ({
    refundRequestId: id(random, 'REF_'), paymentId, refundAmount: { currency: 'EUR', value: '500' }, refundReason: 'Returned by the buyer', refundNotifyUrl: receiver,
  }),
  inquiryRefund: (random) => ({ refundRequestId: id(random, 'REF_') }),
  vaultPaymentMethod: (random, receiver, _paymentId, now) => ({
    vaultingRequestId: id(random, 'VAULT_'), vaultingNotificationUrl: receiver, redirectUrl: 'http://localhost:3000/account/cards',
    paymentMethodDetail: { paymentMethodType: 'CARD', card: card(random, now) },
  }),
  inquireVaulting: (random) => ({ vaultingRequestId: id(random, 'VAULT_') }),
};

/** With a seed, the same body every time (the operation mixed in, so pay and capture differ); without, new ids each call. */
export async function generateExample(name: ExampleName, seed?: number, context: ExampleContext = {}): Promise<unknown> {
  const random = mulberry32(seed === undefined ? randomInt(2 ** 32) : hash32(`${seed}:${name}`));
  const receiver = `${context.baseUrl ?? 'http://127.0.0.1:8080'}/_sandbox/receiver/default`;
  return BUILD[name](random, receiver, context.paymentId ?? paymentIdLike(random), context.now ?? Date.now());
}
