// Antom's retry schedule on a manual clock: 8 tries at 0 s, 2 min, 10 min, 10 min, 1 h, 2 h, 6 h and
// 15 h after the previous one, then given up.
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cardPay } from '../support/bodies.ts';
import { ACK, startReceiver, type Receiver } from '../support/receiver.ts';
import { PAY, startTestSandbox, type TestSandbox } from '../support/sandbox.ts';

const MIN = 60_000;
const GAPS = [0, 2 * MIN, 10 * MIN, 10 * MIN, 60 * MIN, 120 * MIN, 360 * MIN, 900 * MIN];
const START = Date.parse('2026-11-25T00:00:00Z');

let t: TestSandbox;
let receiver: Receiver;
beforeAll(async () => {
  t = await startTestSandbox({ startAt: START });
  receiver = await startReceiver();
});
afterAll(() => receiver.close());

async function runSchedule(paymentId: string) {
  // Advance to each due time in turn; every attempt fires exactly when due.
  for (const gap of GAPS.slice(1)) {
    await t.sandbox.clock.advance(gap);
    await t.sandbox.notifications.flush();
  }
  await t.sandbox.clock.advance(24 * 60 * MIN);
  await t.sandbox.notifications.flush();
  return (await request(t.sandbox.app).get(`/_sandbox/notifications?paymentId=${paymentId}`)).body.notifications[0].id as string;
}

describe('the retry schedule', () => {
  it('a receiver that fails 7 times and then acknowledges gets exactly 8 attempts at the right times', async () => {
    receiver.behave((_r, _i, res) => {
      const failures = receiver.received.filter((r) => r.path === '/seven').length;
      if (failures <= 7) res.writeHead(503).end('busy');
      else res.writeHead(200).end(ACK);
    });
    const paidAt = t.sandbox.clock.now();
    const res = await t.post(PAY, cardPay({ paymentNotifyUrl: `${receiver.url}/seven` }));
    await t.sandbox.notifications.waitForAttempt({ paymentId: res.body.paymentId });
    const id = await runSchedule(res.body.paymentId);
    const shown = (await request(t.sandbox.app).get(`/_sandbox/notifications/${id}`)).body;

    expect(shown.status).toBe('delivered');
    expect(shown.attempts).toHaveLength(8);
    expect(receiver.received.filter((r) => r.path === '/seven')).toHaveLength(8);
    let expected = paidAt;
    shown.attempts.forEach((attempt: { at: string; delivered: boolean; error?: string }, i: number) => {
      expected += GAPS[i]!;
      expect(Date.parse(attempt.at)).toBe(Math.floor(expected / 1000) * 1000);
      expect(attempt.delivered).toBe(i === 7);
      if (i < 7) expect(attempt.error).toMatch(/HTTP 503/);
    });
  });

  it('a receiver that always fails is given up after 8 tries, and nothing more is sent', async () => {
    receiver.behave((_r, _i, res) => res.writeHead(500).end());
    const res = await t.post(PAY, cardPay({ paymentNotifyUrl: `${receiver.url}/never` }));
    await t.sandbox.notifications.waitForAttempt({ paymentId: res.body.paymentId });
    const id = await runSchedule(res.body.paymentId);
    await t.sandbox.clock.advance(7 * 24 * 60 * MIN);
    const shown = (await request(t.sandbox.app).get(`/_sandbox/notifications/${id}`)).body;
    expect(shown.status).toBe('given-up');
    expect(shown.attempts).toHaveLength(8);
    expect(shown.nextAttemptAt).toBeUndefined();
    expect(receiver.received.filter((r) => r.path === '/never')).toHaveLength(8);
  });

  it('advancing the clock over the control plane fires the due retries before it answers', async () => {
    receiver.behave((_r, i, res) => res.writeHead(i % 2 === 0 ? 500 : 200).end(ACK));
    const before = receiver.received.length;
    const res = await t.post(PAY, cardPay({ paymentNotifyUrl: `${receiver.url}/cp` }));
    await t.sandbox.notifications.waitForAttempt({ paymentId: res.body.paymentId });
    const advanced = await request(t.sandbox.app).post('/_sandbox/clock/advance').send({ ms: 2 * MIN });
    expect(advanced.body.result.resultCode).toBe('SUCCESS');
    expect(receiver.received.length).toBe(before + 2);
    const bad = await request(t.sandbox.app).post('/_sandbox/clock/advance').send({ ms: -5 });
    expect(bad.status).toBe(400);
  });
});
