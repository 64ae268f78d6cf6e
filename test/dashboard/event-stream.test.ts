// GET /_sandbox/events: typed events for calls answered, payment changes, notification attempts, clock
// moves and pin changes; and a reader that never reads is dropped while the API goes on answering.
import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { cardPay } from '../support/bodies.ts';
import { startReceiver, type Receiver } from '../support/receiver.ts';
import { PAY } from '../support/sandbox.ts';
import { startLive, type Live } from './live.ts';
import { openEventStream, type EventStream } from './sse-client.ts';

let live: Live | undefined;
let stream: EventStream | undefined;
let receiver: Receiver | undefined;
afterEach(async () => {
  stream?.close();
  await live?.close();
  await receiver?.close();
  live = undefined;
  stream = undefined;
  receiver = undefined;
});

describe('the event stream', () => {
  it('tells of a call answered, the payment it made, its notification attempt, a clock move and a pin', async () => {
    [live, receiver] = await Promise.all([startLive(), startReceiver()]);
    stream = await openEventStream(`${live.url}/_sandbox/events`);
    const paid = await live.call(PAY, cardPay({ paymentNotifyUrl: `${receiver.url}/notify` }));

    const request = await stream.next('request');
    expect(request.data).toMatchObject({ operation: 'payments/pay', resultCode: 'SUCCESS', paymentId: paid.paymentId, signature: 'valid', failed: false });
    expect(request.data.id).toMatch(/^req_\d+$/);
    const payment = await stream.next('payment', (d) => d.paymentId === paid.paymentId);
    expect(payment.data).toMatchObject({ status: 'SUCCESS', clientId: live.merchant.clientId, amount: { currency: 'EUR', value: '30000' } });
    const attempt = await stream.next('notification', (d) => d.attemptCount === 1);
    expect(attempt.data).toMatchObject({ paymentId: paid.paymentId, notifyType: 'PAYMENT_RESULT', status: 'delivered', lastAttempt: { number: 1, delivered: true, responseStatus: 200 } });

    const advanced = await live.control('POST', '/clock/advance', { ms: 60_000 });
    const clock = await stream.next('clock');
    expect(clock.data.epochMs).toBe(advanced.body.clock.epochMs);

    await live.control('POST', '/scenarios/pin', { scenario: 'DO_NOT_HONOR', count: 1 });
    expect((await stream.next('pin')).data).toEqual({ change: 'pinned', scenario: 'DO_NOT_HONOR' });
    await live.control('DELETE', '/scenarios/pin');
    expect((await stream.next('pin', (d) => d.change === 'unpinned')).data).toEqual({ change: 'unpinned' });
    // Event ids increase.
    const ids = stream.events.map((e) => Number(e.id));
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
  });

  it('tells when a pay uses a counted pin, and when it uses it up; a pin for one operation decides only that one', async () => {
    live = await startLive();
    stream = await openEventStream(`${live.url}/_sandbox/events?types=pin`);
    const pinned = await live.control('POST', '/scenarios/pin', { scenario: 'DO_NOT_HONOR', count: 2, operation: 'pay' });
    expect(pinned.status).toBe(201);
    expect(pinned.body.pin.operations).toEqual(['pay']);
    const first = await live.call(PAY, cardPay());
    expect(first.result.resultCode).toBe('DO_NOT_HONOR');
    expect((await stream.next('pin', (d) => d.change === 'used')).data).toEqual({ change: 'used', scenario: 'DO_NOT_HONOR', operation: 'pay', remaining: 1 });
    await live.call(PAY, cardPay());
    expect((await stream.next('pin', (d) => d.change === 'used' && d.remaining === 0)).data).toEqual({ change: 'used', scenario: 'DO_NOT_HONOR', operation: 'pay', remaining: 0 });
    expect((await live.control('GET', '/scenarios/pins')).body.pins).toEqual([]);
    expect((await live.call(PAY, cardPay())).result.resultCode).toBe('SUCCESS');

    // A pin for captures only leaves pays to the catalogue; one for every operation the scenario decides takes them.
    const captures = await live.control('POST', '/scenarios/pin', { scenario: 'success', operation: 'capture' });
    expect(captures.body.pin.operations).toEqual(['capture']);
    const byCatalogue = await live.call(PAY, cardPay());
    expect((await live.control('GET', `/payments/${byCatalogue.paymentId}`)).body.scenario.source).toBe('default');
    expect((await live.control('POST', '/scenarios/pin', { scenario: 'success' })).body.pin.operations).toEqual(['pay', 'capture', 'refund']);
    const byPin = await live.call(PAY, cardPay());
    expect((await live.control('GET', `/payments/${byPin.paymentId}`)).body.scenario.source).toBe('pin');

    // A scenario's operation it has no outcome for is refused by name; an unknown operation by the schema.
    const wrong = await live.control('POST', '/scenarios/pin', { scenario: 'DO_NOT_HONOR', operation: 'refund' });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error).toMatchObject({ code: 'INVALID_BODY', field: 'operation', message: 'operation: scenario "DO_NOT_HONOR" has no refund outcome; it decides pay' });
    const unknown = await live.control('POST', '/scenarios/pin', { scenario: 'DO_NOT_HONOR', operation: 'void' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error).toMatchObject({ code: 'INVALID_BODY', field: 'operation' });
  });

  it('replays what a reader missed when it comes back with Last-Event-ID', async () => {
    live = await startLive();
    stream = await openEventStream(`${live.url}/_sandbox/events?types=request,payment`);
    const before = await live.call(PAY, cardPay());
    const seen = await stream.next('payment', (d) => d.paymentId === before.paymentId);
    stream.close();
    for (let i = 0; i < 100 && live.sandbox.core.events.readerCount > 0; i++) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(live.sandbox.core.events.readerCount).toBe(0);

    // Away: two pays nobody watches.
    const missed = [await live.call(PAY, cardPay()), await live.call(PAY, cardPay())];
    stream = await openEventStream(`${live.url}/_sandbox/events?types=payment`, { 'last-event-id': seen.id });
    for (const paid of missed) await stream.next('payment', (d) => d.paymentId === paid.paymentId);
    // Only what came after the last id seen, of the types asked for, in order, with consecutive ids.
    expect(stream.events.map((e) => e.data.paymentId)).toEqual(missed.map((p) => p.paymentId));
    const ids = stream.events.map((e) => Number(e.id));
    expect(ids.every((id) => id > Number(seen.id))).toBe(true);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));

    const bad = await fetch(`${live.url}/_sandbox/events`, { headers: { 'last-event-id': 'yesterday' } });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: object }).error).toEqual({ code: 'INVALID_HEADER', status: 400, field: 'Last-Event-ID', message: 'Last-Event-ID must be a whole number (an event id)' });
  });

  it('sends only the types asked for, and refuses an unknown one', async () => {
    live = await startLive();
    stream = await openEventStream(`${live.url}/_sandbox/events?types=payment`);
    const paid = await live.call(PAY, cardPay());
    await stream.next('payment', (d) => d.paymentId === paid.paymentId);
    expect(stream.events.map((e) => e.type)).toEqual(['payment']);
    const bad = await live.control('GET', '/events?types=payment,weather');
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({ code: 'INVALID_QUERY', field: 'types', message: expect.stringContaining('types must match') });
  });

  it('drops a reader that never reads, while the API keeps answering and other readers keep receiving', async () => {
    live = await startLive();
    const bus = live.sandbox.core.events;
    stream = await openEventStream(`${live.url}/_sandbox/events?types=request,pin`);
    // A reader that sends its request and then never reads a byte of the answer.
    const { port } = new URL(live.url);
    const stalled = connect(Number(port), '127.0.0.1');
    stalled.on('error', () => {});
    await new Promise<void>((resolve) => stalled.once('connect', resolve));
    stalled.pause();
    stalled.write('GET /_sandbox/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
    for (let i = 0; i < 100 && bus.readerCount < 2; i++) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(bus.readerCount).toBe(2);

    // Calls with a long path make large request events; bounded in count, they go on until the reader is dropped.
    const path = `/ams/api/v1/payments/pay?pad=${'x'.repeat(12_000)}`;
    let calls = 0;
    for (; calls < 4000 && bus.dropped === 0; calls++) {
      const res = await fetch(`${live.url}${path}`);
      expect(res.status).toBe(200);
      expect(((await res.json()) as { result: { resultCode: string } }).result.resultCode).toBe('METHOD_NOT_SUPPORTED');
    }
    expect(bus.dropped).toBe(1);
    expect(bus.readerCount).toBe(1);
    // The reader that reads still gets what follows.
    await live.control('POST', '/scenarios/pin', { scenario: 'DO_NOT_HONOR', count: 1 });
    await stream.next('pin');
    expect(stream.events.filter((e) => e.type === 'request')).toHaveLength(calls);
    stalled.destroy();
  }, 120_000);
});
