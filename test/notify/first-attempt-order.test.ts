// The first-attempt order of a payment's notifications: the head of each payment's line goes at once,
// without a promise; the others wait, each until every one queued before it for that payment has finished.
import { describe, expect, it } from 'vitest';
import { FirstAttemptOrder } from '../../server/notify/first-attempt-order.ts';

describe('the first-attempt order', () => {
  it('lets each payment\'s first notification go at once and wakes the others one by one, in queue order', async () => {
    const order = new FirstAttemptOrder();
    order.enqueue('pay-1', 'result');
    order.enqueue('pay-1', 'capture');
    order.enqueue('pay-1', 'refund');
    order.enqueue('pay-2', 'other');
    expect(order.turnOf('result')).toBeUndefined();
    expect(order.turnOf('other')).toBeUndefined();
    expect(order.turnOf('not-queued')).toBeUndefined();

    const woken: string[] = [];
    const capture = order.turnOf('capture')!.then(() => woken.push('capture'));
    const refund = order.turnOf('refund')!.then(() => woken.push('refund'));
    order.finished('other');
    await Promise.resolve();
    expect(woken).toEqual([]);

    order.finished('result');
    await capture;
    await Promise.resolve();
    expect(woken).toEqual(['capture']);
    order.finished('capture');
    await refund;
    expect(woken).toEqual(['capture', 'refund']);
    order.finished('refund');
    order.finished('refund');
    // The payment's line is gone: a notification queued for it now goes at once.
    order.enqueue('pay-1', 'later');
    expect(order.turnOf('later')).toBeUndefined();
  });

  it('lets a first attempt go at once when every earlier one finished before it asked', () => {
    const order = new FirstAttemptOrder();
    order.enqueue('pay-1', 'result');
    order.enqueue('pay-1', 'capture');
    order.finished('result');
    expect(order.turnOf('capture')).toBeUndefined();
  });

  it('lets a notification delivered by a resend leave its line at once, without moving the others', async () => {
    const order = new FirstAttemptOrder();
    order.enqueue('pay-1', 'result');
    order.enqueue('pay-1', 'capture');
    order.enqueue('pay-1', 'refund');
    order.enqueue('pay-1', 'capture');
    const woken: string[] = [];
    const capture = order.turnOf('capture')!.then(() => woken.push('capture'));
    expect(order.turnOf('capture')).toBe(order.turnOf('capture'));
    const refund = order.turnOf('refund')!.then(() => woken.push('refund'));
    // The capture result was delivered by a resend while it waited: its own attempt goes on (and finds
    // it delivered); the refund still waits for the payment result.
    order.finished('capture');
    await capture;
    await Promise.resolve();
    expect(woken).toEqual(['capture']);
    order.finished('result');
    await refund;
    expect(woken).toEqual(['capture', 'refund']);
  });

  it('wakes every waiting attempt when cleared (reset), and forgets every line', async () => {
    const order = new FirstAttemptOrder();
    order.enqueue('pay-1', 'result');
    order.enqueue('pay-1', 'capture');
    const capture = order.turnOf('capture')!;
    order.clear();
    await capture;
    order.enqueue('pay-1', 'later');
    expect(order.turnOf('later')).toBeUndefined();
  });
});
