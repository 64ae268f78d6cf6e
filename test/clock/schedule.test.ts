// The one schedule of later work, across restarts on a real data directory: each entry is stored with the
// change that asked for it, put back on the clock at start, listed by GET /_sandbox/clock/due, and run
// when it falls due. A data directory written before the schedule existed (an authorization's expiry
// only on its payment, a notification's next attempt only on the notification, a vaulting's expiry only
// on the vaulting, delayed events as timer rows of kind payment-event) starts with all its pending work.
import { randomUUID } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import { SandboxStore } from '../../server/store/sandbox-store.ts';
import { CHALLENGE_CARD, SUCCESS_CARD } from '../hosted/page-client.ts';
import { cardPay, hostedPay, uniqueId } from '../support/bodies.ts';
import { startReceiver, type Receiver } from '../support/receiver.ts';
import { PAY, startTestSandbox, type TestSandbox } from '../support/sandbox.ts';

const VAULT = '/ams/api/v1/vaults/vaultPaymentMethod';
const START = Date.parse('2026-11-25T12:00:00Z');
const MINUTE = 60_000;

let open: TestSandbox[] = [];
let receiver: Receiver | undefined;
afterEach(async () => {
  for (const t of open) await t.sandbox.close();
  open = [];
  await receiver?.close();
  receiver = undefined;
});

async function start(dataDir: string, startAt: number): Promise<TestSandbox> {
  const t = await startTestSandbox({ dataDir, startAt });
  open.push(t);
  return t;
}

async function close(t: TestSandbox): Promise<void> {
  open = open.filter((o) => o !== t);
  await t.sandbox.close();
}

const due = async (t: TestSandbox) =>
  (await request(t.sandbox.app).get('/_sandbox/clock/due?limit=100')).body.due as { kind: string; paymentId?: string; vaultingRequestId?: string; inMs: number }[];

/** Four kinds of pending work: a notification to retry, an unpaid hosted payment, an open authorization, a vaulting waiting for 3DS. */
async function makePendingWork(t: TestSandbox, notifyUrl: string) {
  const authorized = (await t.post(PAY, cardPay({ paymentNotifyUrl: notifyUrl }))).body as { paymentId: string };
  await t.sandbox.notifications.waitForAttempt({ paymentId: authorized.paymentId, number: 1 });
  const hosted = (await t.post(PAY, hostedPay())).body as { paymentId: string };
  const vaultingRequestId = uniqueId('VAULT');
  const vaulting = await t.post(VAULT, {
    vaultingRequestId, vaultingNotificationUrl: 'https://shop.example/notify/vault', redirectUrl: 'https://shop.example/cards',
    paymentMethodDetail: { paymentMethodType: 'CARD', card: { cardNo: CHALLENGE_CARD, expiryMonth: '12', expiryYear: '30', cvv: '123', cardholderName: { fullName: 'Tom Jay' } } },
  });
  expect(vaulting.body.result.resultCode).toBe('VERIFICATION_IN_PROCESS');
  return { authorized: authorized.paymentId, hosted: hosted.paymentId, vaultingRequestId, vaultingKey: `${t.merchant.clientId}\u0000${vaultingRequestId}` };
}

const EXPECTED = (w: Awaited<ReturnType<typeof makePendingWork>>) => [
  ['notification-attempt', w.authorized],
  ['payment-expiry', w.hosted],
  ['vaulting-expiry', w.vaultingRequestId],
  ['authorization-expiry', w.authorized],
];

describe('the one schedule', () => {
  it('stores each entry with its change, restores it at start, and runs it when due', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'alipay-sandbox-schedule-'));
    receiver = await startReceiver((_r, _i, res) => { res.writeHead(500).end(); });
    const first = await start(dataDir, START);
    const work = await makePendingWork(first, `${receiver.url}/notify`);
    const ids = [...first.sandbox.store.timers.values()].map((e) => e.id).sort();
    expect(ids).toEqual([
      `authorization-expiry:${work.authorized}`,
      `notification-attempt:${first.sandbox.notifications.list({ paymentId: work.authorized })[0]!.id}`,
      `payment-expiry:${work.hosted}`,
      `vaulting-expiry:${work.vaultingKey}`,
    ].sort());
    await close(first);

    const second = await start(dataDir, START + MINUTE);
    expect((await due(second)).map((d) => [d.kind, d.paymentId ?? d.vaultingRequestId])).toEqual(EXPECTED(work));
    await second.sandbox.clock.advance(14 * MINUTE);
    // Run by the schedule, not by a read: the stored records changed with nobody asking.
    expect(second.sandbox.store.payments.get(work.hosted)).toMatchObject({ status: 'FAIL', closed: true });
    expect(second.sandbox.store.vaultings.get(work.vaultingKey)).toMatchObject({ status: 'FAIL', expired: true, finishedAt: START + 14 * MINUTE });
    expect(second.sandbox.notifications.list({ paymentId: work.authorized })[0]!.attempts.length).toBeGreaterThanOrEqual(2);
    await second.sandbox.clock.advance(7 * 24 * 60 * MINUTE);
    expect(second.sandbox.store.payments.get(work.authorized)!.authClosed).toBe('expired');
    // Antom's eight attempts took about a day: the notification gave up, and nothing is left to run.
    expect(second.sandbox.notifications.list({ paymentId: work.authorized })[0]).toMatchObject({ status: 'given-up', attempts: { length: 8 } });
    expect(await due(second)).toEqual([]);
    expect(second.sandbox.store.timers.size).toBe(0);
  });

  it('starts a data directory written before the schedule with all its pending work', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'alipay-sandbox-schedule-old-'));
    receiver = await startReceiver((_r, _i, res) => { res.writeHead(500).end(); });
    const first = await start(dataDir, START);
    const work = await makePendingWork(first, `${receiver.url}/notify`);
    await close(first);

    // The directory as the earlier version left it: no entries but its timer rows (random ids, kind
    // payment-event, the event as payload), and no record of the adoption.
    const store = await SandboxStore.open(dataDir);
    for (const entry of [...store.timers.values()]) {
      store.timers.delete(entry.id);
      if (entry.kind === 'payment-expiry') store.timers.put({ id: randomUUID(), at: entry.at, kind: 'payment-event', subjectId: entry.subjectId, payload: { type: 'expire' } });
    }
    store.settings.delete('schedule-adopted');
    await store.close();

    const second = await start(dataDir, START + MINUTE);
    expect((await due(second)).map((d) => [d.kind, d.paymentId ?? d.vaultingRequestId])).toEqual(EXPECTED(work));
    await second.sandbox.clock.advance(14 * MINUTE);
    expect(second.sandbox.store.payments.get(work.hosted)).toMatchObject({ status: 'FAIL', closed: true });
    expect(second.sandbox.store.vaultings.get(work.vaultingKey)).toMatchObject({ status: 'FAIL', expired: true });
    expect(second.sandbox.notifications.list({ paymentId: work.authorized })[0]!.attempts.length).toBeGreaterThanOrEqual(2);
    await second.sandbox.clock.advance(7 * 24 * 60 * MINUTE);
    expect(second.sandbox.store.payments.get(work.authorized)!.authClosed).toBe('expired');
    expect(second.sandbox.notifications.list({ paymentId: work.authorized })[0]).toMatchObject({ status: 'given-up', attempts: { length: 8 } });
    expect(second.sandbox.store.timers.size).toBe(0);
  });

  it('a successful card is untouched by an expiry that finds its work done', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'alipay-sandbox-schedule-done-'));
    const t = await start(dataDir, START);
    const paid = (await t.post(PAY, cardPay({}, { cardNo: SUCCESS_CARD }))).body as { paymentId: string };
    expect(await due(t)).toEqual([expect.objectContaining({ kind: 'authorization-expiry', paymentId: paid.paymentId })]);
    const cancel = await t.post('/ams/api/v1/payments/cancel', { paymentId: paid.paymentId });
    expect(cancel.body.result.resultCode).toBe('SUCCESS');
    // Voided: the entry stays until it runs, but it is not listed as due, and running it changes nothing.
    expect(await due(t)).toEqual([]);
    const before = t.sandbox.store.payments.get(paid.paymentId);
    await t.sandbox.clock.advance(8 * 24 * 60 * MINUTE);
    expect(t.sandbox.store.payments.get(paid.paymentId)).toBe(before);
    expect(t.sandbox.store.timers.size).toBe(0);
  });

  it('a notification stored pending and never tried, with no entry (a first attempt due at once), gets one at the next start and goes out', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'alipay-sandbox-schedule-'));
    receiver = await startReceiver();
    await close(await start(dataDir, START));
    // As a crash leaves them: queued (one of them held back by a delay fault), never tried, no entry.
    const store = await SandboxStore.open(dataDir);
    const pending = (id: string, faults?: object) => ({
      id, notifyType: 'PAYMENT_RESULT', paymentId: `pay-${id}`, clientId: 'SANDBOX_ME', url: `${receiver!.url}/notify`,
      body: JSON.stringify({ notifyType: 'PAYMENT_RESULT', paymentId: `pay-${id}` }), status: 'pending', createdAt: START,
      nextAttemptAt: START + ((faults as { delayMs?: number } | undefined)?.delayMs ?? 0), scheduledAttempts: 0, faults, attempts: [],
    });
    store.notifications.put(pending('ntf_at_once') as never);
    store.notifications.put(pending('ntf_held_back', { delayMs: 1000, dropsLeft: 0, source: 'scenario' }) as never);
    await store.close();

    const second = await start(dataDir, START + MINUTE);
    expect([...second.sandbox.store.timers.values()].map((e) => e.id).sort()).toEqual(['notification-attempt:ntf_at_once', 'notification-attempt:ntf_held_back']);
    await second.sandbox.notifications.flush();
    expect(second.sandbox.store.notifications.get('ntf_at_once')).toMatchObject({ status: 'delivered' });
    expect(second.sandbox.store.notifications.get('ntf_held_back')).toMatchObject({ status: 'delivered' });
    expect(receiver.received).toHaveLength(2);
    expect(second.sandbox.store.timers.size).toBe(0);
  });
});
