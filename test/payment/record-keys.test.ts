// A stored payment has the same keys, in the same order, from the pay that opens it to its last change.
// Every later step replaces keys the opening put there (some undefined), and never adds one: V8 gives an
// object made by spreading and adding a key a hidden class of its own, and with one kept per stored
// payment that cost memory and garbage-collection time on every call (docs/performance.md).
import { describe, expect, it } from 'vitest';
import { cardPay } from '../support/bodies.ts';
import { PAY, startTestSandbox } from '../support/sandbox.ts';
import { call, CANCEL, CAPTURE, captureBody, REFUND, refundBody } from './lifecycle-http.ts';

describe('a stored payment', () => {
  it('keeps the keys it was opened with through authorization, capture, refund, cancel and automatic capture', async () => {
    const t = await startTestSandbox({ memory: true });
    try {
      const keysOf = (paymentId: string) => Object.keys(t.sandbox.store.payments.get(paymentId)!);
      const authorized = await call(t, PAY, cardPay({ paymentFactor: { isAuthorization: true } }));
      const opened = keysOf(authorized.paymentId);
      expect(opened).toContain('authExpiresAt');
      await call(t, CAPTURE, captureBody(authorized.paymentId, '10000'));
      await call(t, REFUND, refundBody(authorized.paymentId, '1000'));
      expect(keysOf(authorized.paymentId)).toEqual(opened);

      const cancelled = await call(t, PAY, cardPay({ paymentFactor: { isAuthorization: true } }));
      await call(t, CANCEL, { paymentId: cancelled.paymentId });
      expect(keysOf(cancelled.paymentId)).toEqual(opened);

      const sale = await call(t, PAY, cardPay({ paymentFactor: { isAuthorization: true, captureMode: 'AUTOMATIC' } }));
      expect(t.sandbox.store.payments.get(sale.paymentId)!.captures).toHaveLength(1);
      expect(keysOf(sale.paymentId)).toEqual(opened);
    } finally {
      await t.sandbox.close();
    }
  });
});
