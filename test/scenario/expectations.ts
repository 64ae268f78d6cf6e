// What each built-in scenario must do, written out here by hand (not read from the catalogue), as checks
// that drive a pay through the HTTP pipeline and follow it to its end: a challenge passed, a clock
// advanced, a payment settled, an inquiry made. The same check serves the scenario asked for by name, a
// test card, an amount trigger and a postal code.
import { expect } from 'vitest';
import { resultOf, type ResultCode } from '../../server/api/result-codes.ts';
import { cardPay } from '../support/bodies.ts';
import { PAY, type TestSandbox } from '../support/sandbox.ts';
import {
  anyAuthorizationCode, control, expectValid, inquire, passChallenge, payOverSocket, threeDS, type Json,
} from './helpers.ts';

export interface RunContext {
  t: TestSandbox;
  /** The sandbox over a real socket. */
  url: string;
  /** The scenario's name, as x-sandbox-scenario must report it. */
  scenario: string;
  /** paymentResultInfo's card part for the card used. */
  base: Json;
  brand: string;
  /** Card data and top-level fields every pay of this run carries (the card, an amount, a postal code). */
  card: Json;
  top: Json;
  /** Headers every pay carries (x-sandbox-scenario when the scenario is asked for by name). */
  headers: Record<string, string>;
}

type Check = (ctx: RunContext) => Promise<void>;

const SUCCESS = { resultCode: 'SUCCESS', resultStatus: 'S', resultMessage: 'Success.' };

function body(ctx: RunContext, card: Json = {}, top: Json = {}): Json {
  return cardPay({ ...ctx.top, ...top }, { ...ctx.card, ...card });
}

async function pay(ctx: RunContext, card: Json = {}, top: Json = {}) {
  const request = body(ctx, card, top);
  const res = await ctx.t.post(PAY, request, ctx.headers);
  expect(res.status).toBe(200);
  expect(res.headers['x-sandbox-scenario']).toBe(ctx.scenario);
  return { res, request, answer: res.body as Json & { paymentId?: string; paymentResultInfo?: Json } };
}

const eciOf = (brand: string, level: 'authenticated' | 'attempted' | 'failed') =>
  (brand === 'MASTERCARD' || brand === 'MAESTRO' ? { authenticated: '02', attempted: '01', failed: '00' } : { authenticated: '05', attempted: '06', failed: '07' })[level];

/** The final paymentResultInfo an issuer answer carries: AVS Y and CVV Y for the seed's address and CVV. */
function finalInfo(ctx: RunContext, answer: { status: 'S' } | { status: 'F'; refusal?: [string, string] }, extra: Json = {}): Json {
  return {
    ...ctx.base, avsResultRaw: 'Y', cvvResultRaw: 'Y',
    ...(answer.status === 'S' ? { authorizationCode: anyAuthorizationCode } : {}),
    ...(answer.status === 'F' && answer.refusal ? { refusalCodeRaw: answer.refusal[0], refusalReason: answer.refusal[1] } : {}),
    ...extra,
  };
}

async function expectFinal(ctx: RunContext, paymentId: string, status: 'SUCCESS' | 'FAIL', code: string, info: Json) {
  const inquiry = await inquire(ctx.t, { paymentId });
  expect(inquiry).toMatchObject({ paymentStatus: status, paymentResultCode: code });
  expect(inquiry.paymentResultInfo).toEqual(info);
}

export function success(extra: Json = {}, card: Json = {}): Check {
  return async (ctx) => {
    const { answer } = await pay(ctx, card);
    expect(answer.result).toEqual(SUCCESS);
    const info = finalInfo(ctx, { status: 'S' }, extra);
    expect(answer.paymentResultInfo).toEqual(info);
    expectValid('PayResponse', answer);
    await expectFinal(ctx, answer.paymentId!, 'SUCCESS', 'SUCCESS', info);
  };
}

export function declined(code: ResultCode, refusal?: [string, string], extra: Json = {}): Check {
  return async (ctx) => {
    const { answer } = await pay(ctx);
    expect(answer.result).toEqual(resultOf(code));
    expect(answer.result).toMatchObject({ resultStatus: 'F' });
    const info = finalInfo(ctx, { status: 'F', refusal }, extra);
    expect(answer.paymentResultInfo).toEqual(info);
    expect(answer.paymentId).toMatch(/^\d{35}$/);
    expectValid('PayResponse', answer);
    await expectFinal(ctx, answer.paymentId!, 'FAIL', code, info);
  };
}

/** Answered like a request check: Antom's envelope only, no paymentId, nothing stored. */
export function rejected(code: ResultCode, message?: string): Check {
  return async (ctx) => {
    const { res, request, answer } = await pay(ctx);
    expect(answer).toEqual({ result: resultOf(code, message) });
    expectValid('PayResponse', answer);
    // Antom leaves an INVALID_SIGNATURE answer unsigned; every other answer is signed.
    if (code === 'INVALID_SIGNATURE') expect(res.headers.signature).toBeUndefined();
    else expect(res.headers.signature).toMatch(/^algorithm=RSA256,keyVersion=1,signature=/);
    expect((await inquire(ctx.t, { paymentRequestId: request.paymentRequestId as string })).result).toMatchObject({ resultCode: 'ORDER_NOT_EXIST' });
  };
}

function expectInProcess(answer: Json) {
  expect(answer.result).toEqual(resultOf('PAYMENT_IN_PROCESS'));
  expect(answer.paymentResultInfo).toBeUndefined();
  expectValid('PayResponse', answer);
}

export function inProcessThen(afterMs: number, final: { status: 'S' } | { status: 'F'; code: ResultCode; refusal: [string, string] }): Check {
  return async (ctx) => {
    const { answer } = await pay(ctx);
    expectInProcess(answer);
    expect(answer.normalUrl).toBeUndefined();
    await ctx.t.sandbox.clock.advance(afterMs - 1);
    expect((await inquire(ctx.t, { paymentId: answer.paymentId! })).paymentStatus).toBe('PROCESSING');
    await ctx.t.sandbox.clock.advance(1);
    await expectFinal(ctx, answer.paymentId!, final.status === 'S' ? 'SUCCESS' : 'FAIL', final.status === 'S' ? 'SUCCESS' : final.code, finalInfo(ctx, final));
  };
}

/** In process until settled by hand (here through the control plane). */
export const inProcessUntilSettled: Check = async (ctx) => {
  const { answer } = await pay(ctx);
  expectInProcess(answer);
  await ctx.t.sandbox.clock.advance(13 * 60_000);
  expect((await inquire(ctx.t, { paymentId: answer.paymentId! })).paymentStatus).toBe('PROCESSING');
  const settled = await control(ctx.t).post(`/_sandbox/payments/${answer.paymentId}/settle`).send({ outcome: 'F', resultCode: 'USER_BALANCE_NOT_ENOUGH' });
  expect(settled.status).toBe(200);
  await expectFinal(ctx, answer.paymentId!, 'FAIL', 'USER_BALANCE_NOT_ENOUGH', { ...ctx.base });
};

async function challengeStarted(ctx: RunContext, card: Json = {}) {
  const { answer } = await pay(ctx, card);
  expectInProcess(answer);
  expect(answer.normalUrl).toMatch(/^http:\/\/127\.0\.0\.1(:\d+)?\/3ds\/pg_[\w-]+$/);
  expect(answer.redirectActionForm).toEqual({ method: 'GET', redirectUrl: answer.normalUrl });
  expect((await inquire(ctx.t, { paymentId: answer.paymentId! })).paymentStatus).toBe('PROCESSING');
  return answer.paymentId!;
}

/** A 3DS challenge: a pass ends in `passed`, a fail and a cancel in F PROCESS_FAIL, each with its threeDSResult. */
export function challenge(passed: { status: 'S' } | { status: 'F'; code: ResultCode; refusal: [string, string] }, card: Json = {}): Check {
  return async (ctx) => {
    const ok = await challengeStarted(ctx, card);
    await passChallenge(ctx.t, ok, 'pass');
    const auth = threeDS(eciOf(ctx.brand, 'authenticated'), true);
    await expectFinal(ctx, ok, passed.status === 'S' ? 'SUCCESS' : 'FAIL', passed.status === 'S' ? 'SUCCESS' : passed.code, finalInfo(ctx, passed, { threeDSResult: auth }));
    for (const action of ['fail', 'cancel'] as const) {
      const id = await challengeStarted(ctx, card);
      await passChallenge(ctx.t, id, action);
      const inquiry = await inquire(ctx.t, { paymentId: id });
      expect(inquiry).toMatchObject({ paymentStatus: 'FAIL', paymentResultCode: 'PROCESS_FAIL' });
      expect(inquiry.paymentResultMessage).toMatch(action === 'fail' ? /did not pass the challenge/ : /cancelled/);
      expect((inquiry.paymentResultInfo as Json).threeDSResult).toEqual(threeDS(eciOf(ctx.brand, 'failed'), true, false));
    }
  };
}

export function frictionless(level: 'authenticated' | 'attempted'): Check {
  return (ctx) => success({ threeDSResult: threeDS(eciOf(ctx.brand, level), false) })(ctx);
}

/** Soft decline: F AUTHENTICATION_REQUIRED without the upgrade, a challenge that can succeed with it. */
export const softDecline: Check = async (ctx) => {
  const { answer } = await pay(ctx, { enableAuthenticationUpgrade: false, is3DSAuthentication: false });
  expect(answer.result).toMatchObject({ resultCode: 'AUTHENTICATION_REQUIRED', resultStatus: 'F' });
  expect((answer.result as Json).resultMessage).toMatch(/3D Secure/);
  expect(answer.paymentResultInfo).toEqual(finalInfo(ctx, { status: 'F' }, { refusalCodeRaw: '1A' }));
  expectValid('PayResponse', answer);
  const id = await challengeStarted(ctx, { enableAuthenticationUpgrade: true });
  await passChallenge(ctx.t, id);
  await expectFinal(ctx, id, 'SUCCESS', 'SUCCESS', finalInfo(ctx, { status: 'S' }, { threeDSResult: threeDS(eciOf(ctx.brand, 'authenticated'), true) }));
};

/** The first attempt by the card declines DO_NOT_HONOR, the retries succeed. */
export const declineThenApprove: Check = async (ctx) => {
  await control(ctx.t).post('/_sandbox/scenarios/reset').set('x-sandbox-control', '1').expect(200);
  const first = await pay(ctx);
  expect(first.answer.result).toEqual(resultOf('DO_NOT_HONOR'));
  expect(first.answer.paymentResultInfo).toEqual(finalInfo(ctx, { status: 'F', refusal: ['05', 'Do not honor'] }));
  for (let i = 0; i < 2; i++) {
    const retry = await pay(ctx);
    expect(retry.answer.result).toEqual(SUCCESS);
    expect(retry.answer.paymentResultInfo).toEqual(finalInfo(ctx, { status: 'S' }));
    expect(retry.res.headers['x-sandbox-scenario-reason']).toMatch(new RegExp(`attempt ${i + 2} by this card`));
  }
};

/** Three in four succeed: each answer is one of the two, with its full paymentResultInfo. */
export const flaky: Check = async (ctx) => {
  const seen = new Set<string>();
  for (let i = 0; i < 12; i++) {
    const { answer } = await pay(ctx);
    const code = (answer.result as Json).resultCode as string;
    seen.add(code);
    expect(answer.paymentResultInfo).toEqual(code === 'SUCCESS' ? finalInfo(ctx, { status: 'S' }) : finalInfo(ctx, { status: 'F', refusal: ['05', 'Do not honor'] }));
    expectValid('PayResponse', answer);
  }
  expect([...seen].every((c) => c === 'SUCCESS' || c === 'DO_NOT_HONOR')).toBe(true);
};

export function notification(faults: Json): Check {
  return async (ctx) => {
    const { answer } = await pay(ctx);
    expect(answer.result).toEqual(SUCCESS);
    expect(answer.paymentResultInfo).toEqual(finalInfo(ctx, { status: 'S' }));
    expect(ctx.t.sandbox.store.payments.get(answer.paymentId!)!.notificationFaults).toEqual(faults);
  };
}

/** Charged, but the merchant hears U UNKNOWN_EXCEPTION; inquiry and a retry find the success. */
export const unknownException: Check = async (ctx) => {
  const { res, request, answer } = await pay(ctx);
  expect(answer).toEqual({ result: resultOf('UNKNOWN_EXCEPTION') });
  expect(res.headers.signature).toBeDefined();
  const inquiry = await inquire(ctx.t, { paymentRequestId: request.paymentRequestId as string });
  expect(inquiry).toMatchObject({ paymentStatus: 'SUCCESS', paymentResultCode: 'SUCCESS' });
  expect(inquiry.paymentResultInfo).toEqual(finalInfo(ctx, { status: 'S' }));
  const retry = await ctx.t.post(PAY, request, ctx.headers);
  expect(retry.body).toMatchObject({ result: SUCCESS, paymentId: inquiry.paymentId });
};

/** Throttled before the gateway: nothing exists, and a retry without the scenario pays. */
export const trafficLimit: Check = async (ctx) => {
  const { request, answer } = await pay(ctx);
  expect(answer).toEqual({ result: resultOf('REQUEST_TRAFFIC_EXCEED_LIMIT') });
  expect(answer.result).toMatchObject({ resultStatus: 'U' });
  expect((await inquire(ctx.t, { paymentRequestId: request.paymentRequestId as string })).result).toMatchObject({ resultCode: 'ORDER_NOT_EXIST' });
};

async function afterSocketFault(ctx: RunContext, request: Json, processed: boolean) {
  const inquiry = await inquire(ctx.t, { paymentRequestId: request.paymentRequestId as string });
  if (processed) {
    expect(inquiry).toMatchObject({ paymentStatus: 'SUCCESS', paymentResultCode: 'SUCCESS' });
    expect(inquiry.paymentResultInfo).toEqual(finalInfo(ctx, { status: 'S' }));
  } else {
    expect(inquiry.result).toMatchObject({ resultCode: 'ORDER_NOT_EXIST' });
  }
}

export function httpError(status: number, processed: boolean): Check {
  return async (ctx) => {
    const request = body(ctx);
    const res = await payOverSocket(ctx.t, ctx.url, request, ctx.headers);
    expect(res.error).toBeUndefined();
    expect(res.status).toBe(status);
    expect(res.headers!.get('x-sandbox-scenario')).toBe(ctx.scenario);
    expect(res.headers!.get('content-type')).toBe('text/html');
    expect(res.text).toContain(`<title>${status} `);
    await afterSocketFault(ctx, request, processed);
  };
}

export const dropped: Check = async (ctx) => {
  const request = body(ctx);
  const res = await payOverSocket(ctx.t, ctx.url, request, ctx.headers);
  expect(res.error?.message).toMatch(/fetch failed/);
  await afterSocketFault(ctx, request, true);
};

export const noAnswer: Check = async (ctx) => {
  const request = body(ctx);
  const res = await payOverSocket(ctx.t, ctx.url, request, ctx.headers, 400);
  expect(res.error?.name).toBe('TimeoutError');
  expect(res.ms).toBeGreaterThanOrEqual(400);
  await afterSocketFault(ctx, request, true);
};

export const slow: Check = async (ctx) => {
  const request = body(ctx);
  const res = await payOverSocket(ctx.t, ctx.url, request, ctx.headers);
  expect(res.status).toBe(200);
  expect(res.ms).toBeGreaterThanOrEqual(1990);
  const answer = JSON.parse(res.text!) as Json;
  expect(answer.result).toEqual(SUCCESS);
  expect(answer.paymentResultInfo).toEqual(finalInfo(ctx, { status: 'S' }));
};

const REFUSALS: [ResultCode, string, string][] = [
  ['DO_NOT_HONOR', '05', 'Do not honor'], ['USER_BALANCE_NOT_ENOUGH', '51', 'Insufficient funds'],
  ['USER_AMOUNT_EXCEED_LIMIT', '61', 'Exceeds withdrawal amount limit'], ['CARD_NOT_SUPPORTED', '57', 'Transaction not permitted to cardholder'],
  ['CARD_EXPIRED', '54', 'Expired card'], ['LOST_CARD', '41', 'Lost card'], ['STOLEN_CARD', '43', 'Stolen card'],
  ['PICKUP_CARD', '04', 'Pick up card'], ['RESTRICTED_CARD', '62', 'Restricted card'], ['ACCOUNT_CLOSED', '46', 'Closed account'],
  ['AUTHENTICATION_REQUIRED', '1A', 'Additional customer authentication required'],
];
const BUSINESS: ResultCode[] = ['RISK_REJECT', 'FRAUD_REJECT', 'PAYMENT_AMOUNT_EXCEED_LIMIT', 'PROCESS_FAIL', 'SELECTED_CARD_BRAND_NOT_AVAILABLE'];
const REQUEST_CHECKS: ResultCode[] = [
  'PARAM_ILLEGAL', 'INVALID_SIGNATURE', 'KEY_NOT_FOUND', 'CLIENT_INVALID', 'ACCESS_DENIED', 'MEDIA_TYPE_NOT_ACCEPTABLE', 'METHOD_NOT_SUPPORTED',
  'NO_INTERFACE_DEF', 'CURRENCY_NOT_SUPPORT', 'REPEAT_REQ_INCONSISTENT', 'ORDER_IS_CLOSED', 'ORDER_IS_CANCELED', 'INVALID_EXPIRATION_DATE',
  'INVALID_CARD_NUMBER', 'INVALID_AMOUNT', 'INVALID_PAYMENT_METHOD_META_DATA', 'SYSTEM_ERROR',
];

const DNH: { status: 'F'; code: ResultCode; refusal: [string, string] } = { status: 'F', code: 'DO_NOT_HONOR', refusal: ['05', 'Do not honor'] };

/** Every built-in scenario, by name. A scenario added to the catalogue without a line here fails a test. */
export const EXPECTATIONS: Record<string, Check> = {
  success: success(),
  ...Object.fromEntries(REFUSALS.map(([code, raw, reason]) => [code, declined(code, [raw, reason])])),
  INVALID_CVV: declined('INVALID_CVV', ['N7', 'CVV2 mismatch'], { cvvResultRaw: 'N' }),
  ...Object.fromEntries(BUSINESS.map((code) => [code, declined(code)])),
  ...Object.fromEntries(REQUEST_CHECKS.map((code) => [code, rejected(code)])),
  PAYMENT_IN_PROCESS: inProcessUntilSettled,
  UNKNOWN_EXCEPTION: unknownException,
  REQUEST_TRAFFIC_EXCEED_LIMIT: trafficLimit,
  'in-process-then-success': inProcessThen(30_000, { status: 'S' }),
  'in-process-then-fail': inProcessThen(30_000, DNH),
  '3ds-challenge': challenge({ status: 'S' }),
  '3ds-challenge-then-decline': challenge(DNH),
  '3ds-frictionless': frictionless('authenticated'),
  '3ds-attempted': frictionless('attempted'),
  '3ds-exempt': success({}, { is3DSAuthentication: true }),
  'authentication-upgrade': softDecline,
  ...Object.fromEntries(['Y', 'X', 'A', 'Z', 'W', 'N', 'U', 'R', 'S', 'E', 'G'].map((code) => [`avs-${code}`, success({ avsResultRaw: code })])),
  'avs-mismatch-declined': declined('DO_NOT_HONOR', ['05', 'Address verification failed'], { avsResultRaw: 'N' }),
  'cvv-mismatch': declined('INVALID_CVV', ['N7', 'CVV2 mismatch'], { cvvResultRaw: 'D' }),
  'cvv-not-processed': success({ cvvResultRaw: 'P' }),
  'cvv-issuer-unsupported': success({ cvvResultRaw: 'U' }),
  'cvv-unavailable': success({ cvvResultRaw: 'X' }),
  'invalid-cvv-format': rejected('INVALID_CVV', 'The CVV must have 3 digits (4 for American Express).'),
  'decline-then-approve': declineThenApprove,
  'flaky-issuer': flaky,
  'slow-answer': slow,
  'http-500': httpError(500, true),
  'http-502': httpError(502, true),
  'http-503': httpError(503, false),
  'connection-dropped': dropped,
  'no-answer': noAnswer,
  'notify-delayed': notification({ delayMs: 300_000 }),
  'notify-held': notification({ delayMs: 3_600_000 }),
  'notify-duplicated': notification({ duplicate: 1 }),
  'notify-first-dropped': notification({ dropFirst: 1 }),
  'notify-out-of-order': notification({ outOfOrder: true }),
  // The wallet scenarios on a card pay: their outcome alone (the simulated buyer is for wallet pays; test/wallet/).
  'wallet-pays': success(),
  'wallet-declines': success(),
  'wallet-abandons': success(),
  'wallet-insufficient-balance': declined('USER_BALANCE_NOT_ENOUGH'),
  'wallet-risk-reject': declined('RISK_REJECT'),
  'wallet-processing-then-success': inProcessThen(30_000, { status: 'S' }),
};
