// Property test: json-schema-faker generates requests from the same schemas the validator uses, and the
// sandbox must accept every one. The generator also serves GET /_sandbox/examples/:operation.
import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateExample, type ExampleName } from '../../server/api/examples.ts';
import { startTestSandbox, type TestSandbox } from '../support/sandbox.ts';

let t: TestSandbox;
beforeAll(async () => {
  t = await startTestSandbox();
});

const ACCEPTED = new Set(['SUCCESS', 'PAYMENT_IN_PROCESS']);

describe('generated requests', () => {
  it('500 generated pay requests (card and hosted) are all accepted', async () => {
    const modes: ExampleName[] = ['pay-card', 'pay-hosted'];
    const rejected: string[] = [];
    for (let seed = 1; seed <= 500; seed++) {
      const body = await generateExample(modes[seed % 2]!, seed);
      const res = await t.post('/ams/api/v1/payments/pay', body);
      if (!ACCEPTED.has(res.body.result.resultCode)) rejected.push(`seed ${seed}: ${res.body.result.resultCode} ${res.body.result.resultMessage}`);
    }
    expect(rejected).toEqual([]);
  });

  it('generated inquiries are accepted (and find nothing)', async () => {
    for (let seed = 1; seed <= 50; seed++) {
      const res = await t.post('/ams/api/v1/payments/inquiryPayment', await generateExample('inquiryPayment', seed));
      expect(res.body.result.resultCode).toBe('ORDER_NOT_EXIST');
    }
  });
});

describe('GET /_sandbox/examples/:operation', () => {
  it('lists the operations and serves a valid, seedable example for each', async () => {
    const list = await request(t.sandbox.app).get('/_sandbox/examples');
    expect(list.body.operations).toEqual(expect.arrayContaining(['pay', 'pay-hosted', 'pay-saved-card', 'inquiryPayment']));
    const a = await request(t.sandbox.app).get('/_sandbox/examples/pay?seed=100007');
    const b = await request(t.sandbox.app).get('/_sandbox/examples/pay?seed=100007');
    expect(a.body).toEqual(b.body);
    const res = await t.post('/ams/api/v1/payments/pay', a.body);
    expect(res.body.result.resultCode).toBe('SUCCESS');
  });

  it('answers NO_INTERFACE_DEF for an unknown operation and PARAM_ILLEGAL for a bad seed', async () => {
    const unknown = await request(t.sandbox.app).get('/_sandbox/examples/teleport');
    expect(unknown.status).toBe(404);
    expect(unknown.body.result.resultCode).toBe('NO_INTERFACE_DEF');
    const bad = await request(t.sandbox.app).get('/_sandbox/examples/pay?seed=abc');
    expect(bad.status).toBe(400);
    expect(bad.body.result.resultMessage).toMatch(/seed/);
  });
});
