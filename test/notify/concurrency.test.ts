// A slow merchant never blocks the API, and attempts to one merchant origin are bounded.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cardPay } from '../support/bodies.ts';
import { ACK, startReceiver, type Receiver } from '../support/receiver.ts';
import { PAY, startTestSandbox, type TestSandbox } from '../support/sandbox.ts';

let t: TestSandbox;
let receiver: Receiver;
let open = 0;
let peak = 0;
const held: (() => void)[] = [];

beforeAll(async () => {
  t = await startTestSandbox({ notifyConcurrency: 3, notifyTimeoutMs: 20_000 });
  receiver = await startReceiver((_r, _i, res) => {
    open++;
    peak = Math.max(peak, open);
    held.push(() => { open--; res.writeHead(200).end(ACK); });
  });
});
afterAll(() => receiver.close());

describe('a slow merchant', () => {
  it('does not hold up pay answers, and sees at most the configured number of attempts at once', async () => {
    const answers = [];
    for (let i = 0; i < 8; i++) answers.push(await t.post(PAY, cardPay({ paymentNotifyUrl: `${receiver.url}/slow` })));
    // Every pay was answered while the merchant still sat on its notifications.
    expect(answers.every((a) => a.body.result.resultCode === 'SUCCESS')).toBe(true);
    while (receiver.received.length < 3) await new Promise((r) => setTimeout(r, 10));
    expect(open).toBe(3);

    // Release them one by one: the queue drains, never more than 3 in flight.
    while (receiver.received.length < 8 || held.length > 0) {
      held.shift()?.();
      await new Promise((r) => setTimeout(r, 10));
    }
    await t.sandbox.notifications.flush();
    expect(peak).toBe(3);
    expect(t.sandbox.notifications.list({ status: 'delivered' })).toHaveLength(8);
  });
});
