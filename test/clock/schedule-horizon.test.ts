// The schedule keeps only entries due within its horizon on the clock; later ones wait in the store and
// are put on the clock as sandbox time reaches them. Whatever is on the clock or not, every entry runs
// at its own time, in due order: added before or after start, across a restart, after a reset, and when
// the clock jumps by a week in one advance.
import { describe, expect, it } from 'vitest';
import { createClock } from '../../server/clock/clock.ts';
import { HORIZON_MS, Schedule } from '../../server/clock/schedule.ts';
import { SandboxStore } from '../../server/store/sandbox-store.ts';

const START = Date.parse('2026-11-25T12:00:00Z');
const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

/** A schedule on a manual clock whose one kind of work records (key, sandbox time) as it runs. */
function scheduleOn(store: SandboxStore, startAt = START) {
  const clock = createClock({ mode: 'manual', startAt });
  const schedule = new Schedule(store, clock);
  const ran: { key: string; at: number }[] = [];
  schedule.on('work', (entry) => {
    ran.push({ key: entry.subjectId, at: clock.now() });
  });
  return { clock, schedule, ran };
}

describe('the schedule horizon', () => {
  it('runs far and near entries at their own times, in due order, when the clock jumps a week', async () => {
    const { clock, schedule, ran } = scheduleOn(SandboxStore.memory());
    schedule.restore();
    const times: Record<string, number> = {
      soon: START + MINUTE,
      'three-days': START + 3 * DAY,
      week: START + 7 * DAY,
      'week-and-1ms': START + 7 * DAY + 1,
      'just-past-horizon': START + 2 * HORIZON_MS + 1,
    };
    for (const [key, at] of Object.entries(times)) schedule.add(at, 'work', key);
    await clock.advance(8 * DAY);
    expect(ran).toEqual(Object.entries(times).sort((a, b) => a[1] - b[1]).map(([key, at]) => ({ key, at })));
  });

  it('keeps a thousand week-ahead entries off the clock until sandbox time comes near them', async () => {
    const { clock, schedule, ran } = scheduleOn(SandboxStore.memory());
    schedule.restore();
    for (let i = 0; i < 1000; i++) schedule.add(START + 7 * DAY + i, 'work', `auth-${i}`);
    // One clock task moves the horizon on; without the horizon there would be a thousand.
    expect(clock.pendingTimers()).toBe(1);
    await clock.advance(7 * DAY - 3 * HORIZON_MS);
    expect(ran).toEqual([]);
    await clock.advance(3 * HORIZON_MS + 1000);
    expect(ran.map((r) => r.at)).toEqual(Array.from({ length: 1000 }, (_, i) => START + 7 * DAY + i));
  });

  it('runs an entry added before start, and one a restart finds in the store, at its time', async () => {
    const store = SandboxStore.memory();
    const first = scheduleOn(store);
    first.schedule.add(START + 5 * DAY, 'work', 'before-start');
    first.schedule.stop();
    const second = scheduleOn(store, START + DAY);
    second.schedule.add(START + 2 * DAY, 'work', 'added-before-restore');
    second.schedule.restore();
    await second.clock.advance(6 * DAY);
    expect(second.ran).toEqual([
      { key: 'added-before-restore', at: START + 2 * DAY },
      { key: 'before-start', at: START + 5 * DAY },
    ]);
  });

  it('takes new far entries after a reset (stop) and moves an entry that is asked for again', async () => {
    const store = SandboxStore.memory();
    const { clock, schedule, ran } = scheduleOn(store);
    schedule.restore();
    schedule.add(START + 4 * DAY, 'work', 'wiped');
    schedule.stop();
    store.timers.clear();
    schedule.add(START + 6 * DAY, 'work', 'moved');
    schedule.add(START + 2 * DAY, 'work', 'after-reset');
    schedule.add(START + 3 * DAY, 'work', 'moved');
    await clock.advance(7 * DAY);
    expect(ran).toEqual([
      { key: 'after-reset', at: START + 2 * DAY },
      { key: 'moved', at: START + 3 * DAY },
    ]);
  });

  it('runs an entry once when the horizon moves at the instant the entry starts (its work still under way)', async () => {
    const store = SandboxStore.memory();
    const clock = createClock({ mode: 'manual', startAt: START });
    const schedule = new Schedule(store, clock);
    const ran: string[] = [];
    schedule.on('work', async (entry) => {
      ran.push(entry.subjectId);
      // The entry leaves the store only after this: the horizon, moving now, must not put it back.
      await new Promise((resolve) => setImmediate(resolve));
    });
    schedule.restore();
    schedule.add(START + HORIZON_MS, 'work', 'at-the-move');
    schedule.add(START + 2 * HORIZON_MS + 1, 'work', 'past-the-horizon');
    await clock.advance(3 * HORIZON_MS);
    expect(ran).toEqual(['at-the-move', 'past-the-horizon']);
  });

  it('puts an entry due now on the clock at once when nothing moved the horizon for hours, so runDue() runs it', async () => {
    const store = SandboxStore.memory();
    // Real time, 10,000 times faster: 900 ms of waiting is 2.5 sandbox hours, past the horizon set at start.
    const clock = createClock({ mode: 'real', timeScale: 0.0001 });
    const schedule = new Schedule(store, clock);
    const ran: string[] = [];
    schedule.on('work', (entry) => {
      ran.push(entry.subjectId);
    });
    schedule.restore();
    await new Promise((resolve) => setTimeout(resolve, 900));
    schedule.add(clock.now(), 'work', 'due-now');
    await clock.runDue();
    expect(ran).toEqual(['due-now']);
    clock.stop();
  });
});
