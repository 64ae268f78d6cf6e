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
