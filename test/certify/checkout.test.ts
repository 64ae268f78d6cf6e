// Checkout certification against the two reference merchants: each arms a run, runs its own checkout
// flows against the sandbox over real HTTP, and the report grades what the request journal saw.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAjv } from '../../server/api/validate.ts';
import type { SandboxInternals } from '../../server/create-sandbox.ts';
import { CONTROL_SCHEMAS } from '../../server/http/control-schemas.ts';
import type { CertifyReport } from '../../schemas/control/certify.ts';
import { INQUIRY_DEADLINE_MS } from '../../server/certify/checkout-plan.ts';
import { startWithReferenceMerchants, verdicts, type ReferenceMerchant } from './reference-merchants.ts';

let sandbox: SandboxInternals;
let url: string;
let good: ReferenceMerchant;
let sloppy: ReferenceMerchant;

async function control(method: string, path: string, body?: object): Promise<{ status: number; answer: Record<string, unknown> }> {
  const res = await fetch(`${url}/_sandbox${path}`, {
    method,
    headers: body ? { 'content-type': 'application/json' } : { 'x-sandbox-control': '1' },
    body: body ? JSON.stringify(body) : undefined,
  });
  return { status: res.status, answer: await res.json() as Record<string, unknown> };
}

const ajv = createAjv();
const checkReport = ajv.compile(CONTROL_SCHEMAS.CertifyReportAnswer);
const checkRun = ajv.compile(CONTROL_SCHEMAS.CheckoutRunAnswer);

/** Grades the run; the answer is checked against the schema the OpenAPI document gives for it. */
async function report(clientId: string): Promise<CertifyReport> {
  const { answer } = await control('POST', `/certify/checkout/${clientId}/report`);
  expect(checkReport(answer), JSON.stringify(checkReport.errors)).toBe(true);
  return answer.report as CertifyReport;
}

let close: () => Promise<void>;
beforeAll(async () => {
  ({ sandbox, url, good, sloppy, close } = await startWithReferenceMerchants('CHECKOUT'));
});

afterAll(() => close?.());

describe('certify checkout', () => {
  it('arms a run whose cases come in the documented order, and reports unexercised cases as not observed', async () => {
    const started = await control('POST', '/certify/checkout', { clientId: good.clientId });
    expect(started.status).toBe(201);
    expect(checkRun(started.answer), JSON.stringify(checkRun.errors)).toBe(true);
    const run = started.answer.run as { cases: { id: string; state: string }[] };
    expect(run.cases.map((c) => c.id)).toEqual(['unknown-exception', 'no-answer', 'declined', '3ds-challenge', 'notification-held']);
    expect(run.cases.every((c) => c.state === 'waiting')).toBe(true);
    const untouched = await report(good.clientId);
    expect(new Set(untouched.checks.map((c) => c.verdict))).toEqual(new Set(['not-observed']));
    expect(untouched.passed).toBe(true);
  });

  it('passes the well-behaved merchant on every case, and sends the held notification once it inquires', async () => {
    await control('POST', '/certify/checkout', { clientId: good.clientId });
    for (const order of ['ORDER_G1', 'ORDER_G2', 'ORDER_G3', 'ORDER_G4', 'ORDER_G5']) await good.checkout(order);
    const status = (await control('GET', `/certify/checkout/${good.clientId}`)).answer.run as { cases: { state: string }[] };
    expect(status.cases.every((c) => c.state === 'dealt')).toBe(true);
    await sandbox.clock.advance(INQUIRY_DEADLINE_MS + 1000);
    const graded = await report(good.clientId);
    expect(verdicts(graded)).toEqual({
      'unknown-exception': 'pass', 'no-answer': 'pass', declined: 'pass', '3ds-challenge': 'pass', 'notification-held': 'pass',
    });
    expect(graded.passed).toBe(true);
    // The held notifyPayment went out when the merchant inquired, an hour before its schedule.
    const held = graded.checks.find((c) => c.id === 'notification-held')!.evidence as { pay: { paymentId: string } };
    const delivered = await sandbox.notifications.waitForAttempt({ paymentId: held.pay.paymentId, delivered: true }, 10_000);
    expect(delivered.attempt.kind).toBe('resend');
  });

  it('fails the sloppy merchant on exactly the cases it breaks (it stops after F, so that case passes)', async () => {
    await control('POST', '/certify/checkout', { clientId: sloppy.clientId });
    // U -> new id (no answer) -> new id (declined): three pays for one order.
    expect(await sloppy.checkout('ORDER_S1')).toHaveLength(3);
    // 3DS U -> new id (notification held, S) and no inquiry.
    expect(await sloppy.checkout('ORDER_S2')).toHaveLength(2);
    await sandbox.clock.advance(INQUIRY_DEADLINE_MS + 1000);
    const graded = await report(sloppy.clientId);
    expect(verdicts(graded)).toEqual({
      'unknown-exception': 'fail', 'no-answer': 'fail', declined: 'pass', '3ds-challenge': 'fail', 'notification-held': 'fail',
    });
    expect(graded.passed).toBe(false);
    const unknown = graded.checks.find((c) => c.id === 'unknown-exception')!;
    expect(unknown.detail).toMatch(/new paymentRequestId .* for the same order came before any inquiry/);
    expect(unknown.fix).toMatch(/inquiryPayment/);
    expect(graded.checks.find((c) => c.id === 'notification-held')!.detail).toBe('no notification came and the merchant never inquired');
  });

  it('fails a silent retry after F: a new paymentRequestId for the same order with the same card', async () => {
    await control('POST', '/certify/checkout', { clientId: sloppy.clientId });
    expect(await sloppy.payOnce('RETRY_1', 'ORDER_R1')).toBe('U');
    expect(await sloppy.payOnce('RETRY_2', 'ORDER_R2')).toBeUndefined();
    expect(await sloppy.payOnce('RETRY_3', 'ORDER_R3')).toBe('F');
    // The same order and card again, under a new id, with no buyer in between.
    await sloppy.payOnce('RETRY_4', 'ORDER_R3');
    const declined = (await report(sloppy.clientId)).checks.find((c) => c.id === 'declined')!;
    expect(declined.verdict).toBe('fail');
    expect(declined.detail).toBe('the declined pay was retried silently with a new paymentRequestId (RETRY_4) and the same card');
  });

  it('stops a run, and answers an unknown one with a clear refusal', async () => {
    await control('POST', '/certify/checkout', { clientId: 'CHECKOUT_STOPPED' });
    const pinsOf = async (clientId: string) => ((await control('GET', '/scenarios/pins')).answer.pins as { clientId: string; scenario: string }[]).filter((p) => p.clientId === clientId);
    expect((await pinsOf('CHECKOUT_STOPPED')).map((p) => p.scenario)).toEqual(['UNKNOWN_EXCEPTION', 'no-answer', 'DO_NOT_HONOR', '3ds-challenge', 'notify-held']);
    expect((await control('DELETE', '/certify/checkout/CHECKOUT_STOPPED')).status).toBe(200);
    expect(await pinsOf('CHECKOUT_STOPPED')).toEqual([]);
    const gone = await control('GET', '/certify/checkout/CHECKOUT_STOPPED');
    expect(gone.status).toBe(404);
    expect(gone.answer.error).toEqual({
      code: 'CERTIFY_RUN_NOT_FOUND', status: 404, field: 'clientId',
      message: 'no checkout certification run for CHECKOUT_STOPPED; start one with POST /_sandbox/certify/checkout',
    });
    const bad = await control('POST', '/certify/checkout', { clientId: 'not a client id' });
    expect(bad.status).toBe(400);
    expect(bad.answer.error).toMatchObject({ code: 'INVALID_BODY', field: 'clientId' });
    const badPath = await control('GET', '/certify/checkout/not%20a%20client');
    expect(badPath.answer.error).toMatchObject({ code: 'INVALID_PATH', status: 400, field: 'clientId' });
  });
});
