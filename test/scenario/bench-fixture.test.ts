// The benchmark's 200 rules load, as data and as a file, and never match the bench's own pay, so "pay
// with 200 rules" measures the engine looking rather than another outcome.
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { benchScenarioFile, writeBenchScenarioDir } from '../../server/scenario/bench-fixture.ts';
import { PAY, startTestSandbox } from '../support/sandbox.ts';

const BENCH_PAY = {
  productCode: 'CASHIER_PAYMENT', paymentRequestId: 'bench-1', order: { orderDescription: 'Bench order' },
  paymentAmount: { currency: 'EUR', value: '30000' },
  paymentMethod: { paymentMethodType: 'CARD', paymentMethodMetaData: { cardNo: '4054695723100768', expiryMonth: '12', expiryYear: '34', cvv: '123' } },
  env: { terminalType: 'WEB' },
};

describe('the bench fixture', () => {
  it('loads 200 rules as data or as a directory, and none matches the bench pay', async () => {
    const dir = await writeBenchScenarioDir(join(await mkdtemp(join(tmpdir(), 'alipay-sandbox-bench-rules-')), 'rules'));
    for (const options of [{ scenarioData: [benchScenarioFile(200)] }, { scenarioDirs: [dir] }]) {
      const t = await startTestSandbox(options);
      expect(t.sandbox.core.scenarios.catalogue.userRules.size).toBe(200);
      const res = await t.post(PAY, BENCH_PAY);
      expect(res.body.result.resultCode).toBe('SUCCESS');
      expect(res.headers['x-sandbox-scenario']).toBe('success');
    }
  });

  it('each of its rules does match the pay it was written for', async () => {
    const t = await startTestSandbox({ scenarioData: [benchScenarioFile(20)] });
    const res = await t.post(PAY, { ...BENCH_PAY, paymentRequestId: 'bench-2', order: { buyer: { referenceBuyerId: 'bench-buyer-14' } } });
    expect(res.headers['x-sandbox-scenario-reason']).toBe('rule "bench-14" (scenarioData[0])');
  });
});
