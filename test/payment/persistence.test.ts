// Captures and refunds in a real data directory: their idempotency keys, their lookups and a capture
// still in process (its settlement timer) all survive a restart; so does an authorization's expiry, an entry
// of the schedule stored with the payment's change.
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cardPay } from '../support/bodies.ts';
import { INQUIRY, PAY, startTestSandbox } from '../support/sandbox.ts';
import { call, CANCEL, CAPTURE, captureBody, INQUIRY_REFUND, REFUND, refundBody } from './lifecycle-http.ts';

/** Amount triggers 7001 and 7002 settle 2 minutes later (scenarios/60-capture-refund.yaml). */
const TRIGGER_SETTLE_AFTER_MS = 2 * 60_000;

describe('across a restart', () => {
  it('keeps captures, refunds, their request ids and a pending settlement', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'alipay-sandbox-lifecycle-'));
    const start = Date.parse('2026-11-25T12:00:00Z');
    const first = await startTestSandbox({ dataDir, startAt: start });
    const pay = await call(first, PAY, cardPay());
    const captured = captureBody(pay.paymentId, '10000');
    const captureAnswer = await call(first, CAPTURE, captured);
    const refunded = refundBody(pay.paymentId, '1000');
    const refundAnswer = await call(first, REFUND, refunded);
    const pending = await call(first, CAPTURE, captureBody(pay.paymentId, '7001'));
    expect(pending.result.resultCode).toBe('CAPTURE_IN_PROCESS');
    await first.sandbox.close();

    const second = await startTestSandbox({ dataDir, startAt: start + TRIGGER_SETTLE_AFTER_MS });
    try {
      // The settlement fell due while the sandbox was down: it runs on start.
      await second.sandbox.clock.runDue();
      const inquiry = await call(second, INQUIRY, { paymentId: pay.paymentId });
      expect(inquiry.transactions.map((x: { transactionType: string; transactionStatus: string }) => `${x.transactionType} ${x.transactionStatus}`))
        .toEqual(['AUTHORIZATION SUCCESS', 'CAPTURE SUCCESS', 'REFUND SUCCESS', 'CAPTURE SUCCESS']);
      expect(await call(second, CAPTURE, captured)).toEqual(captureAnswer);
      expect((await call(second, CAPTURE, { ...captured, captureAmount: { currency: 'EUR', value: '1' } })).result.resultCode).toBe('REPEAT_REQ_INCONSISTENT');
      expect(await call(second, REFUND, refunded)).toEqual(refundAnswer);
      expect((await call(second, INQUIRY_REFUND, { refundRequestId: refunded.refundRequestId })).refundId).toBe(refundAnswer.refundId);
    } finally {
      await second.sandbox.close();
    }
  });

  it('expires an authorization at its authExpiryTime, also when that passed while the sandbox was down', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'alipay-sandbox-lifecycle-'));
    const start = Date.parse('2026-11-25T12:00:00Z');
    const first = await startTestSandbox({ dataDir, startAt: start });
    const pay = await call(first, PAY, cardPay());
    const stillOpen = await call(first, PAY, cardPay());
    await call(first, CAPTURE, captureBody(stillOpen.paymentId, '10000'));
    const voided = await call(first, PAY, cardPay());
    expect((await call(first, CANCEL, { paymentId: voided.paymentId })).result.resultCode).toBe('SUCCESS');
    // Each authorization's expiry is an entry of the one schedule, stored with the pay that made it.
    expect([...first.sandbox.store.timers.values()].map((e) => e.id).sort())
      .toEqual([pay, stillOpen, voided].map((p) => `authorization-expiry:${p.paymentId}`).sort());
    await first.sandbox.close();

    const second = await startTestSandbox({ dataDir, startAt: Date.parse(pay.authExpiryTime) + 1000 });
    try {
      await second.sandbox.clock.runDue();
      const inquiry = await call(second, INQUIRY, { paymentId: pay.paymentId });
      expect(inquiry.transactions.at(-1)).toMatchObject({ transactionType: 'VOID', transactionResult: { resultCode: 'AUTH_EXPIRED' } });
      expect((await call(second, CAPTURE, captureBody(pay.paymentId, '100'))).result.resultCode).toBe('AUTH_EXPIRED');
      // The one captured in part released the rest, once.
      const partly = await call(second, INQUIRY, { paymentId: stillOpen.paymentId });
      expect(partly.transactions.filter((x: { transactionType: string }) => x.transactionType === 'VOID')).toHaveLength(1);
      // The cancelled one has nothing to expire: its payment is not written again, only its entry goes.
      await second.sandbox.store.commit();
      const journal = (await readFile(join(dataDir, 'db', 'journal.ndjson'), 'utf8')).split('\n');
      const payments = journal.filter((line) => line.startsWith('{"t":"payments"'));
      expect(payments.some((line) => line.includes(pay.paymentId))).toBe(true);
      expect(payments.some((line) => line.includes(voided.paymentId))).toBe(false);
      expect(second.sandbox.store.timers.size).toBe(0);
    } finally {
      await second.sandbox.close();
    }
  });
});
