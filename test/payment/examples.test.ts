// GET /_sandbox/examples/:operation serves valid starting points for the lifecycle operations too: each
// passes the request schema, so the sandbox answers it on its merits (the generated ids name nothing).
import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { problemsWith } from '../../server/api/validate.ts';
import { startTestSandbox, type TestSandbox } from '../support/sandbox.ts';

let t: TestSandbox;
beforeAll(async () => {
  t = await startTestSandbox();
});

describe('lifecycle examples', () => {
  const cases = [
    ['capture', 'CaptureRequest', '/ams/api/v1/payments/capture', 'AUTH_NOT_FOUND'],
    ['cancel', 'CancelRequest', '/ams/api/v1/payments/cancel', 'ORDER_NOT_EXIST'],
    ['refund', 'RefundRequest', '/ams/api/v1/payments/refund', 'ORDER_NOT_EXIST'],
    ['inquiryRefund', 'InquiryRefundRequest', '/ams/api/v1/payments/inquiryRefund', 'REFUND_NOT_EXIST'],
  ] as const;
  for (const [operation, schema, path, code] of cases) {
    it(`${operation}: 20 seeded examples are valid and find nothing`, async () => {
      for (let seed = 1; seed <= 20; seed++) {
        const example = (await request(t.sandbox.app).get(`/_sandbox/examples/${operation}?seed=${seed}`)).body;
        expect(problemsWith(schema, example)).toEqual([]);
        expect((await t.post(path, example)).body.result.resultCode).toBe(code);
      }
    });
  }
});
