// Notification faults, from a scenario or the control plane: delay, duplicates, dropped first attempts,
// and out-of-order delivery. Each is recorded as such in the journal.
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cardPay } from '../support/bodies.ts';
import { startReceiver, type Receiver } from '../support/receiver.ts';
import { PAY, startTestSandbox, type TestSandbox } from '../support/sandbox.ts';

const MIN = 60_000;
let t: TestSandbox;
let receiver: Receiver;
beforeAll(async () => {
  t = await startTestSandbox();
  receiver = await startReceiver();
});
afterAll(() => receiver.close());

const setFaults = (faults: object) => request(t.sandbox.app).post('/_sandbox/notifications/faults').send(faults);
const journal = async (paymentId: string) => {
  const list = await request(t.sandbox.app).get(`/_sandbox/notifications?paymentId=${paymentId}`);
  return (await request(t.sandbox.app).get(`/_sandbox/notifications/${list.body.notifications[0].id}`)).body;
};
const sent = (path: string) => receiver.received.filter((r) => r.path === path);

describe('notification faults from the control plane', () => {
  it('drop the first N: recorded as dropped, never sent, then delivered on the schedule', async () => {
    await setFaults({ dropFirst: 2, remaining: 1 });
    const res = await t.post(PAY, cardPay({ paymentNotifyUrl: `${receiver.url}/drop` }));
    await t.sandbox.notifications.flush();
    expect(sent('/drop')).toHaveLength(0);
    await t.sandbox.clock.advance(2 * MIN);
    await t.sandbox.clock.advance(10 * MIN);
    await t.sandbox.notifications.flush();
    const shown = await journal(res.body.paymentId);
    expect(shown.attempts.map((a: { kind: string }) => a.kind)).toEqual(['dropped', 'dropped', 'scheduled']);
    expect(shown.attempts[0].fault).toBe('drop first 2');
    expect(shown.status).toBe('delivered');
    expect(sent('/drop')).toHaveLength(1);
    // remaining: 1 — the switch is spent.
    expect((await request(t.sandbox.app).get('/_sandbox/notifications/faults')).body.faults).toBeNull();
  });

  it('duplicate: extra copies after the acknowledged one, each recorded', async () => {
    await setFaults({ duplicate: 2, remaining: 1 });
    const res = await t.post(PAY, cardPay({ paymentNotifyUrl: `${receiver.url}/dup` }));
    await t.sandbox.notifications.waitForAttempt({ paymentId: res.body.paymentId, kind: 'duplicate', number: 3 });
    const shown = await journal(res.body.paymentId);
    expect(shown.attempts.map((a: { kind: string }) => a.kind)).toEqual(['scheduled', 'duplicate', 'duplicate']);
    expect(new Set(sent('/dup').map((r) => r.body)).size).toBe(1);
    expect(sent('/dup')).toHaveLength(3);
  });

  it('delay: the first attempt waits on the sandbox clock', async () => {
    await setFaults({ delayMs: 30_000, remaining: 1 });
    const res = await t.post(PAY, cardPay({ paymentNotifyUrl: `${receiver.url}/late` }));
    await t.sandbox.notifications.flush();
    expect(sent('/late')).toHaveLength(0);
    await t.sandbox.clock.advance(30_000);
    const { attempt } = await t.sandbox.notifications.waitForAttempt({ paymentId: res.body.paymentId });
    expect(attempt.fault).toBe('delayed 30000 ms');
  });

  it('out of order: a later notification to the same URL arrives first', async () => {
    await setFaults({ outOfOrder: true, remaining: 1 });
    const first = await t.post(PAY, cardPay({ paymentNotifyUrl: `${receiver.url}/order` }));
    const second = await t.post(PAY, cardPay({ paymentNotifyUrl: `${receiver.url}/order` }));
    await t.sandbox.notifications.waitForAttempt({ paymentId: second.body.paymentId });
    await t.sandbox.clock.advance(2 * MIN);
    await t.sandbox.notifications.waitForAttempt({ paymentId: first.body.paymentId });
    const order = sent('/order').map((r) => JSON.parse(r.body).paymentId);
    expect(order).toEqual([second.body.paymentId, first.body.paymentId]);
    expect((await journal(first.body.paymentId)).attempts[0].fault).toBe('out of order');
  });

  it('rejects unknown or malformed faults, and DELETE clears the switch', async () => {
    expect((await setFaults({ explode: true })).status).toBe(400);
    expect((await setFaults({ dropFirst: -1 })).status).toBe(400);
    expect((await setFaults({ outOfOrder: 'yes' })).status).toBe(400);
    await setFaults({ duplicate: 1 });
    await request(t.sandbox.app).delete('/_sandbox/notifications/faults');
    expect((await request(t.sandbox.app).get('/_sandbox/notifications/faults')).body.faults).toBeNull();
  });
});

describe('notification faults chosen by a scenario', () => {
  it('notify-first-dropped and notify-duplicated are carried out by the outbox and recorded as such', async () => {
    const dropped = await t.post(PAY, cardPay({ paymentNotifyUrl: `${receiver.url}/scenario-drop` }), { 'x-sandbox-scenario': 'notify-first-dropped' });
    await t.sandbox.notifications.flush();
    expect(sent('/scenario-drop')).toHaveLength(0);
    await t.sandbox.clock.advance(2 * MIN);
    const shown = await journal(dropped.body.paymentId);
    expect(shown.faults).toMatchObject({ dropFirst: 1, source: 'scenario' });
    expect(shown.attempts.map((a: { kind: string }) => a.kind)).toEqual(['dropped', 'scheduled']);
    expect(sent('/scenario-drop')).toHaveLength(1);

    const duplicated = await t.post(PAY, cardPay({ paymentNotifyUrl: `${receiver.url}/scenario-dup` }), { 'x-sandbox-scenario': 'notify-duplicated' });
    await t.sandbox.notifications.waitForAttempt({ paymentId: duplicated.body.paymentId, kind: 'duplicate' });
    expect(sent('/scenario-dup')).toHaveLength(2);
  });
});
