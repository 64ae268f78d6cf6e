// Every built-in capture and refund scenario, asked for by name on the capture or refund call and reached
// through its amount trigger, end to end over HTTP: exact result codes, inquiryPayment's transactions,
// inquiryRefund, and the signed notifyCapture / notifyRefund a real endpoint receives after a settlement.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { startReceiver, type Receiver } from '../support/receiver.ts';
import { startTestSandbox } from '../support/sandbox.ts';
import { LIFECYCLE_EXPECTATIONS } from './capture-refund-expectations.ts';
import { control } from './helpers.ts';

const TRIGGERS = (parse(readFileSync(new URL('../../scenarios/60-capture-refund.yaml', import.meta.url), 'utf8')) as {
  amountTriggers: { value: string; scenario: string }[];
}).amountTriggers;

let receiver: Receiver;
beforeAll(async () => { receiver = await startReceiver(); });
afterAll(() => receiver.close());

/** Each check gets its own sandbox, so that moving its clock moves no other check's time. */
const sandbox = () => startTestSandbox({ startAt: Date.parse('2026-11-25T12:00:00Z'), notifyTimeoutMs: 2000 });

describe('every built-in capture and refund scenario, asked for by name (x-sandbox-scenario)', () => {
  it('has a check here', async () => {
    const t = await sandbox();
    const listed = (await control(t).get('/_sandbox/scenarios')).body.scenarios as { name: string; builtIn: boolean; operations: string[] }[];
    const lifecycle = listed.filter((s) => s.builtIn && (s.operations.includes('capture') || s.operations.includes('refund')));
    expect(lifecycle.map((s) => `${s.name}: ${s.operations.filter((op) => op !== 'pay').join(', ')}`).sort())
      .toEqual(Object.entries(LIFECYCLE_EXPECTATIONS).map(([name, checks]) => `${name}: ${Object.keys(checks).join(', ')}`).sort());
  });

  for (const [name, checks] of Object.entries(LIFECYCLE_EXPECTATIONS)) {
    for (const [op, check] of Object.entries(checks)) {
      it(`${name} on a ${op}`, async () => check({
        t: await sandbox(), receiver, scenario: name, amount: op === 'capture' ? '5000' : '1000', headers: { 'x-sandbox-scenario': name },
      }));
    }
  }
});

describe('every capture and refund amount trigger', () => {
  it('covers 7001 to 7004, each for a capture and for a refund', () => {
    expect(TRIGGERS.map((t) => t.value)).toEqual(['7001', '7001', '7002', '7002', '7003', '7003', '7004', '7004']);
  });

  for (const trigger of TRIGGERS) {
    const [op, check] = Object.entries(LIFECYCLE_EXPECTATIONS[trigger.scenario]!)[0]!;
    it(`${op}Amount.value ${trigger.value}: ${trigger.scenario}`, async () => check({
      t: await sandbox(), receiver, scenario: trigger.scenario, amount: trigger.value, headers: {},
    }));
  }
});
