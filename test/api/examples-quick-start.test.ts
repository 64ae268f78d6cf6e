// The quick start as a new user runs it: fetch an example, send it, and see the notification arrive at
// the sandbox's own receiver, signed and acknowledged. Examples carry fresh ids on every call (the same
// ids only for the same seed), plausible values, and the receiver as their notify URL.
import { generateKeyPairSync, sign } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSandbox, type SandboxInternals } from '../../server/create-sandbox.ts';
import type { Listening } from '../../server/sandbox.ts';
import { problemsWith } from '../../server/api/validate.ts';
import type { SchemaName } from '../../schemas/index.ts';

let sandbox: SandboxInternals;
let listening: Listening;
const get = async (path: string) => (await fetch(`${listening.url}${path}`)).json();
const post = async (path: string, body: unknown) => (await fetch(`${listening.url}${path}`, {
  method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body),
})).json();

beforeAll(async () => {
  sandbox = await createSandbox();
  listening = await sandbox.listen();
});
afterAll(() => listening.close());

describe('GET /_sandbox/examples/:operation', () => {
  it('gives new ids on every call, and the same body again only for the same seed', async () => {
    const [a, b] = [await get('/_sandbox/examples/pay'), await get('/_sandbox/examples/pay')];
    expect(a.paymentRequestId).not.toBe(b.paymentRequestId);
    expect(a.order.referenceOrderId).not.toBe(b.order.referenceOrderId);
    expect(await get('/_sandbox/examples/pay?seed=7')).toEqual(await get('/_sandbox/examples/pay?seed=7'));
    expect((await get('/_sandbox/examples/pay-hosted?seed=7')).paymentRequestId).not.toBe((await get('/_sandbox/examples/pay?seed=7')).paymentRequestId);
  });

  it('holds plausible values: the paying test card, one currency throughout, the built-in receiver as notify URL', async () => {
    const pay = await get('/_sandbox/examples/pay');
    expect(pay.paymentMethod.paymentMethodMetaData.cardNo).toBe('4054695723100768');
    expect(pay.paymentMethod.paymentMethodMetaData).not.toHaveProperty('selectedCardBrand');
    expect(pay.settlementStrategy.settlementCurrency).toBe(pay.paymentAmount.currency);
    expect(pay.order.orderAmount).toEqual(pay.paymentAmount);
    expect(pay.paymentNotifyUrl).toBe(`${listening.url}/_sandbox/receiver/default`);
    expect(JSON.stringify(pay)).not.toMatch(/merchant\.example/);
    const refund = await get('/_sandbox/examples/refund');
    expect(refund.refundNotifyUrl).toBe(`${listening.url}/_sandbox/receiver/default`);
    const vault = await get('/_sandbox/examples/vaultPaymentMethod');
    expect(vault.vaultingNotificationUrl).toBe(`${listening.url}/_sandbox/receiver/default`);
  });

  it('every example passes its request schema', async () => {
    const schemaOf: Record<string, SchemaName> = {
      pay: 'PayRequest', 'pay-card': 'PayRequest', 'pay-hosted': 'PayRequest', 'pay-saved-card': 'PayRequest', inquiryPayment: 'InquiryPaymentRequest',
      capture: 'CaptureRequest', cancel: 'CancelRequest', refund: 'RefundRequest', inquiryRefund: 'InquiryRefundRequest',
      vaultPaymentMethod: 'VaultPaymentMethodRequest', inquireVaulting: 'InquireVaultingRequest',
    };
    const { operations } = await get('/_sandbox/examples');
    expect(operations.sort()).toEqual(Object.keys(schemaOf).sort());
    for (const operation of operations as string[]) {
      for (const query of ['', '?seed=3', '?paymentId=20261128194010800100000000000000001']) {
        expect(problemsWith(schemaOf[operation]!, await get(`/_sandbox/examples/${operation}${query}`)), operation).toEqual([]);
      }
    }
  });
});

describe('the quick start', () => {
  it('pay, then pay-hosted, both accepted; the notification reaches the built-in receiver, verified and acknowledged', async () => {
    const pay = await post('/ams/api/v1/payments/pay', await get('/_sandbox/examples/pay'));
    expect(pay.result).toMatchObject({ resultStatus: 'S', resultCode: 'SUCCESS' });
    const hosted = await post('/ams/api/v1/payments/pay', await get('/_sandbox/examples/pay-hosted'));
    expect(hosted.result.resultCode).toBe('PAYMENT_IN_PROCESS');
    expect(hosted.normalUrl).toMatch(/\/checkout\//);

    const { attempt } = await sandbox.notifications.waitForAttempt({ paymentId: pay.paymentId, delivered: true }, 10_000);
    expect(attempt.responseStatus).toBe(200);
    const seen = await get('/_sandbox/receiver/default');
    const received = seen.received.find((r: { paymentId?: string }) => r.paymentId === pay.paymentId);
    expect(received).toMatchObject({ notifyType: 'PAYMENT_RESULT', signatureValid: true, path: '/_sandbox/receiver/default' });
    expect(JSON.parse(received.body).paymentId).toBe(pay.paymentId);
    expect((await get('/_sandbox/receiver')).receivers).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'default' })]));
  });
});

describe('the built-in receiver', () => {
  it('refuses and records a notification whose signature does not verify', async () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const path = '/_sandbox/receiver/forged';
    const body = JSON.stringify({ notifyType: 'PAYMENT_RESULT', paymentId: 'P1', result: { resultStatus: 'S' } });
    const time = '2026-11-28T12:00:00+00:00';
    const forged = encodeURIComponent(sign('sha256', Buffer.from(`POST ${path}\nSANDBOX_X.${time}.${body}`), privateKey).toString('base64'));
    const res = await fetch(`${listening.url}${path}`, {
      method: 'POST', body,
      headers: { 'content-type': 'application/json', 'client-id': 'SANDBOX_X', 'request-time': time, signature: `algorithm=RSA256,keyVersion=1,signature=${forged}` },
    });
    expect((await res.json()).result).toMatchObject({ resultCode: 'INVALID_SIGNATURE', resultStatus: 'F' });
    const unsigned = await post(path, JSON.parse(body));
    expect(unsigned.result.resultStatus).toBe('F');
    const seen = await get('/_sandbox/receiver/forged');
    expect(seen.received.map((r: { signatureValid: boolean }) => r.signatureValid)).toEqual([false, false]);
    expect(seen.received[0].signatureProblem).toMatch(/missing/);
    expect(seen.received[1].signatureProblem).toMatch(/does not verify/);
    await fetch(`${listening.url}${path}`, { method: 'DELETE' });
    expect((await get('/_sandbox/receiver/forged')).total).toBe(0);
  });

  it('answers a bad receiver name with a clear 400', async () => {
    const res = await fetch(`${listening.url}/_sandbox/receiver/${'x'.repeat(80)}`, { method: 'POST', body: '{}' });
    expect(res.status).toBe(400);
    expect(JSON.stringify(await res.json())).toMatch(/receiver name/);
  });
});
