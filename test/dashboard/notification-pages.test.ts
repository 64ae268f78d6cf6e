// GET /_sandbox/notifications answers a page at a time (limit, offset), newest first, with the total of
// every match: a sandbox holding 100,000 notifications never sends or sorts them all for one page.
import { afterEach, describe, expect, it } from 'vitest';
import { cardPay } from '../support/bodies.ts';
import { PAY } from '../support/sandbox.ts';
import { startLive, type Json, type Live } from './live.ts';

let live: Live | undefined;
afterEach(async () => {
  await live?.close();
  live = undefined;
});

describe('the notifications list', () => {
  it('pages newest first with limit and offset, and counts every match in total', async () => {
    live = await startLive();
    const paid: string[] = [];
    for (let i = 0; i < 3; i++) {
      paid.push((await live.call(PAY, cardPay({ paymentFactor: { isAuthorization: false }, paymentNotifyUrl: `${live.url}/_sandbox/receiver/pages` }))).paymentId as string);
      await live.sandbox.clock.advance(1000);
    }
    const page = async (query: string) => (await live!.control('GET', `/notifications?${query}`)).body;
    // A sale sends its payment result and its automatic capture's result: two per pay.
    const first = await page('limit=3');
    expect(first.total).toBe(6);
    expect((first.notifications as Json[]).map((n) => n.paymentId)).toEqual([paid[2], paid[2], paid[1]]);
    const second = await page('limit=3&offset=3');
    expect(second.total).toBe(6);
    expect((second.notifications as Json[]).map((n) => n.paymentId)).toEqual([paid[1], paid[0], paid[0]]);
    expect((await page('limit=3&offset=6')).notifications).toEqual([]);
    expect((await page(`limit=5&paymentId=${paid[1]}`)).total).toBe(2);
    expect((await live.control('GET', '/notifications?offset=-1')).status).toBe(400);
  });
});
