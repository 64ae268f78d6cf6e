// Property test: json-schema-faker draws requests from the same schemas the validator uses (the example
// schemas of schemas/index.ts), and the sandbox must accept every one. GET /_sandbox/examples/:operation
// serves hand-shaped bodies instead, checked at the end.
import { generate } from 'json-schema-faker';
import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLE_SCHEMAS } from '../../schemas/index.ts';
import { startTestSandbox, type TestSandbox } from '../support/sandbox.ts';

type SchemaName = keyof typeof EXAMPLE_SCHEMAS;

/** A request drawn from the schema, the same for the same seed. */
function draw(name: SchemaName, seed: number): Promise<unknown> {
  return generate(EXAMPLE_SCHEMAS[name] as never, {
    seed,
    formats: {
      'date-time': () => new Date(Date.now() + 3600_000).toISOString().replace(/\.\d{3}Z$/, '+00:00'),
      uri: (random) => `https://merchant.example/notify/${Math.floor(random.next() * 1e6)}`,
      'http-url': (random) => `https://merchant.example/notify/${Math.floor(random.next() * 1e6)}`,
      email: () => 'buyer@example.com',
    },
  });
}

let t: TestSandbox;
beforeAll(async () => {
  t = await startTestSandbox();
});

const ACCEPTED = new Set(['SUCCESS', 'PAYMENT_IN_PROCESS']);

describe('generated requests', () => {
  it('500 generated pay requests (card and hosted) are all accepted', async () => {
    const modes: SchemaName[] = ['pay-card', 'pay-hosted'];
    const rejected: string[] = [];
    for (let seed = 1; seed <= 500; seed++) {
      const body = await draw(modes[seed % 2]!, seed);
      const res = await t.post('/ams/api/v1/payments/pay', body);
      if (!ACCEPTED.has(res.body.result.resultCode)) rejected.push(`seed ${seed}: ${res.body.result.resultCode} ${res.body.result.resultMessage}`);
    }
    expect(rejected).toEqual([]);
  }, 180_000);

  it('generated inquiries are accepted (and find nothing)', async () => {
    for (let seed = 1; seed <= 50; seed++) {
      const res = await t.post('/ams/api/v1/payments/inquiryPayment', await draw('inquiryPayment', seed));
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
    // supertest listens on a new port per request, and the notify URL names the address the sandbox was reached at.
    const withoutUrl = ({ paymentNotifyUrl: _url, ...body }: Record<string, unknown>) => body;
    expect(withoutUrl(a.body)).toEqual(withoutUrl(b.body));
    const res = await t.post('/ams/api/v1/payments/pay', a.body);
    expect(res.body.result.resultCode).toBe('SUCCESS');
  });

  it('answers EXAMPLE_NOT_FOUND for an unknown operation and INVALID_QUERY naming seed for a bad seed', async () => {
    const unknown = await request(t.sandbox.app).get('/_sandbox/examples/teleport');
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('EXAMPLE_NOT_FOUND');
    const bad = await request(t.sandbox.app).get('/_sandbox/examples/pay?seed=abc');
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({ code: 'INVALID_QUERY', field: 'seed' });
  });
});
