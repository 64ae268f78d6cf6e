import { describe, expect, it } from 'vitest';
import { createClock, formatTime } from '../../server/clock/clock.ts';

describe('the manual clock', () => {
  it('moves only when advanced, and runs due tasks in time order before advance resolves', async () => {
    const clock = createClock({ mode: 'manual', startAt: 1_000_000 });
    const seen: string[] = [];
    clock.schedule(1_000_000 + 300, () => { seen.push('c'); });
    clock.schedule(1_000_000 + 100, () => { seen.push('a'); });
    clock.schedule(1_000_000 + 200, () => { seen.push(`b@${clock.now()}`); });
    clock.schedule(1_000_000 + 900, () => { seen.push('late'); });
    expect(clock.now()).toBe(1_000_000);
    await clock.advance(300);
    expect(seen).toEqual(['a', 'b@1000200', 'c']);
    expect(clock.now()).toBe(1_000_300);
    expect(clock.pendingTimers()).toBe(1);
  });

  it('runs a task that an earlier task scheduled inside the same advance (a retry chain)', async () => {
    const clock = createClock({ mode: 'manual', startAt: 0 });
    const at: number[] = [];
    const retry = () => { at.push(clock.now()); if (at.length < 4) clock.schedule(clock.now() + 60_000, retry); };
    clock.schedule(0, retry);
    await clock.advance(3 * 60_000);
    expect(at).toEqual([0, 60_000, 120_000, 180_000]);
  });

  it('runs what is due now without being advanced', async () => {
    const clock = createClock({ mode: 'manual', startAt: 5 });
    const ran = new Promise<number>((resolve) => clock.schedule(5, () => resolve(clock.now())));
    expect(await ran).toBe(5);
  });

  it('keeps going when a task throws, and cancels on request', async () => {
    const clock = createClock({ mode: 'manual', startAt: 0 });
    const seen: number[] = [];
    const original = console.error;
    console.error = () => {};
    clock.schedule(10, () => { throw new Error('boom'); });
    const cancel = clock.schedule(15, () => { seen.push(15); });
    clock.schedule(20, () => { seen.push(20); });
    cancel();
    await clock.advance(30);
    console.error = original;
    expect(seen).toEqual([20]);
  });

  it('refuses a negative advance', async () => {
    await expect(createClock({ mode: 'manual' }).advance(-1)).rejects.toThrow(/non-negative/);
  });
});

describe('the real clock', () => {
  it('runs faster by the time scale', async () => {
    const clock = createClock({ mode: 'real', timeScale: 0.001 });
    const start = clock.now();
    // An hour of sandbox time is 3.6 s of wall time at this scale: the timer fires, and time moved on by an hour.
    await new Promise<void>((resolve) => clock.schedule(start + 3_600_000, resolve));
    expect(clock.now()).toBeGreaterThanOrEqual(start + 3_600_000);
    clock.stop();
  });

  it('rejects a time scale that is not positive', () => {
    expect(() => createClock({ timeScale: 0 })).toThrow(/positive/);
  });
});

describe('formatTime', () => {
  it('writes ISO-8601 to the second with an offset', () => {
    expect(formatTime(Date.parse('2019-05-28T04:12:14.567Z'))).toMatch(/^2019-05-2\dT\d\d:\d\d:14[+-]\d\d:\d\d$/);
  });
});

describe('the timer queue', () => {
  it('keeps time order with ties in scheduling order, and drops cancelled timers', async () => {
    const { TimerQueue } = await import('../../server/clock/timer-queue.ts');
    const queue = new TimerQueue<{ id: number; at: number }>();
    const ats = Array.from({ length: 500 }, (_, i) => ({ id: i, at: (i * 7919) % 97 }));
    for (const t of ats) queue.push(t);
    for (const id of [3, 50, 499]) queue.cancel(id);
    queue.cancel(9999); // unknown: no effect
    expect(queue.size).toBe(497);
    const out: { id: number; at: number }[] = [];
    for (let t = queue.pop(); t; t = queue.pop()) out.push(t);
    expect(out).toHaveLength(497);
    const expected = ats.filter((t) => ![3, 50, 499].includes(t.id)).sort((a, b) => a.at - b.at || a.id - b.id);
    expect(out).toEqual(expected);
    expect(queue.size).toBe(0);
  });
});
