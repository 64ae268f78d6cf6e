// The lifecycle table through the whole sandbox: each (state, operation) pair gets its own in-memory
// sandbox (so a clock step moves only that pair's time), reaches the state with real signed merchant
// calls and the sandbox clock, then answers the operation exactly as the pure machine does. The state
// left behind is read back with inquiryPayment and checked against the same table.
import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { lifecycleStateOf } from '../../server/payment/lifecycle.ts';
import { problemsWith } from '../../server/api/validate.ts';
import type { SchemaName } from '../../schemas/index.ts';
import { cardPay, hostedPay } from '../support/bodies.ts';
import { INQUIRY, PAY, startTestSandbox, type TestSandbox } from '../support/sandbox.ts';
import { call, CANCEL, CAPTURE, captureBody, REFUND, refundBody } from './lifecycle-http.ts';
import { OPS, ROWS, type Op, type Step } from './state-table.ts';

const privateKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();

const SCHEMA_OF: Record<string, SchemaName> = { [CAPTURE]: 'CaptureResponse', [CANCEL]: 'CancelResponse', [REFUND]: 'RefundResponse', [PAY]: 'PayResponse' };

async function run(t: TestSandbox, paymentId: string | undefined, step: Step): Promise<{ code: string; paymentId?: string }> {
  let path: string, body: unknown;
  if ('advance' in step) {
    await t.sandbox.clock.advance(step.advance);
    return { code: '' };
  }
  if ('pay' in step) [path, body] = [PAY, step.pay === 'hosted' ? hostedPay() : cardPay(step.pay === 'automatic' ? { paymentFactor: {} } : {})];
  else if ('capture' in step) [path, body] = [CAPTURE, captureBody(paymentId!, step.capture, { isLastCapture: step.last ?? false })];
  else if ('refund' in step) [path, body] = [REFUND, refundBody(paymentId!, step.refund)];
  else [path, body] = [CANCEL, { paymentId }];
  const answer = await call(t, path, body);
  const schema = answer.result.resultStatus === 'F' ? 'ErrorResponse' : SCHEMA_OF[path]!;
  expect(problemsWith(schema, answer)).toEqual([]);
  return { code: answer.result.resultCode, paymentId: answer.paymentId };
}

async function build(steps: Step[]): Promise<{ t: TestSandbox; paymentId: string }> {
  const t = await startTestSandbox({ privateKey, startAt: Date.parse('2026-11-25T12:00:00Z') });
  let paymentId: string | undefined;
  for (const step of steps) {
    const done = await run(t, paymentId, step);
    expect(['SUCCESS', 'PAYMENT_IN_PROCESS', 'CAPTURE_IN_PROCESS', 'REFUND_IN_PROCESS', '']).toContain(done.code);
    paymentId ??= done.paymentId;
  }
  return { t, paymentId: paymentId! };
}

/** The state as the merchant can see it: the stored payment, which inquiryPayment shows. */
async function stateOf(t: TestSandbox, paymentId: string) {
  const inquiry = await call(t, INQUIRY, { paymentId });
  expect(problemsWith('InquiryPaymentResponse', inquiry)).toEqual([]);
  return lifecycleStateOf(t.sandbox.store.payments.get(paymentId)!, t.sandbox.clock.now());
}

describe('the lifecycle table, over HTTP', () => {
  for (const row of ROWS) {
    describe(row.name, () => {
      for (const [op, [code, state]] of Object.entries(row.cells) as [Op, [string, string]][]) {
        const step = OPS[op].step;
        // Completing a hosted page is the hosted page's business, not a merchant call.
        if ('settle' in step) continue;
        it(`${OPS[op].label}: ${code || 'no answer'} -> ${state}`, async () => {
          const { t, paymentId } = await build(row.build);
          try {
            expect(await stateOf(t, paymentId)).toBe(row.state);
            expect((await run(t, paymentId, step)).code).toBe(code);
            expect(await stateOf(t, paymentId)).toBe(state);
          } finally {
            await t.sandbox.close();
          }
        });
      }
    });
  }
});
