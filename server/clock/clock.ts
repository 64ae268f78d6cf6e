// The sandbox clock: the one source of "now" for timestamps, expiries and retry schedules.
//  - real: virtual time runs at wall-clock speed divided by the time scale (0.01 = 100x faster);
//  - manual: time moves only through advance(), and everything that fell due fires, in order, before
//    advance() resolves. This is what makes retries and expiries testable without waiting. What is due
//    at the current instant (a first notification attempt, say) still runs at once: time stands still,
//    it does not stop.
import { TimerQueue } from './timer-queue.ts';

export type ClockMode = 'real' | 'manual';

export interface ClockOptions {
  mode?: ClockMode;
  /** Wall-clock seconds per virtual second. 1 is real time; 0.01 lets 15 h pass in 9 minutes. */
  timeScale?: number;
  /** Virtual time at start, epoch ms. Defaults to the wall clock. */
  startAt?: number;
  /** Called after every advance(), e.g. to remember how far ahead of wall time the clock is. */
  onAdvance?: () => void;
}

type Task = () => void | Promise<void>;
interface Timer { id: number; at: number; task: Task }

export interface Clock {
  readonly mode: ClockMode;
  readonly timeScale: number;
  now(): number;
  /** Runs task once virtual time reaches `at` (epoch ms). Returns a function that cancels it. */
  schedule(at: number, task: Task): () => void;
  /** Moves virtual time forward and runs every task that falls due, in time order, awaiting each. */
  advance(ms: number): Promise<void>;
  /** Runs every task already due now (useful in real mode, where they would fire on their own shortly). */
  runDue(): Promise<void>;
  pendingTimers(): number;
  stop(): void;
}

export function createClock(options: ClockOptions = {}): Clock {
  const mode = options.mode ?? 'real';
  const timeScale = options.timeScale ?? 1;
  if (!(timeScale > 0)) throw new Error(`time scale must be a positive number, got ${timeScale}`);
  const wallAnchor = Date.now();
  let virtualAnchor = options.startAt ?? wallAnchor;
  let manualNow = virtualAnchor;
  const timers = new TimerQueue<Timer>();
  let nextId = 1;
  let wakeUp: NodeJS.Timeout | undefined;
  let chain: Promise<void> = Promise.resolve();
  let stopped = false;

  const now = () => (mode === 'manual' ? manualNow : virtualAnchor + (Date.now() - wallAnchor) / timeScale);

  const running = new Set<Promise<void>>();

  /**
   * Starts every task due by `until`, in time order. With `settle`, time stops at each due instant until
   * the tasks started so far have finished (so a retry they schedule is seen before time moves on): this
   * is how advance() steps. Without it, tasks just start: one slow delivery never holds up the others.
   */
  async function drainDue(until: number, settle: boolean) {
    for (;;) {
      const first = timers.peek();
      if (!first || first.at > until) return;
      timers.pop();
      if (mode === 'manual' && first.at > manualNow) manualNow = first.at;
      const task = Promise.resolve().then(first.task).catch((error: unknown) => {
        // A task's failure is its owner's to record; the clock must keep running the rest.
        console.error('sandbox clock task failed:', error);
      });
      running.add(task);
      void task.finally(() => running.delete(task));
      const next = timers.peek();
      if (settle && (!next || next.at > first.at)) await Promise.allSettled([...running]);
    }
  }

  function serialise(work: () => Promise<void>): Promise<void> {
    chain = chain.then(work, work);
    return chain;
  }

  let dueSoon = false;
  let armedFor: number | undefined;
  function arm() {
    if (stopped) return;
    if (mode === 'manual') {
      const first = timers.peek();
      if (dueSoon || !first || first.at > manualNow) return;
      dueSoon = true;
      setImmediate(() => {
        dueSoon = false;
        void serialise(() => drainDue(manualNow, false)).then(arm);
      });
      return;
    }
    const first = timers.peek();
    // Already woken for this (the earliest) timer: keep the armed setTimeout rather than replacing it on
    // every schedule() call, which pay makes on the hot path.
    if (wakeUp && first && armedFor === first.at) return;
    if (wakeUp) clearTimeout(wakeUp);
    wakeUp = undefined;
    if (!first) return;
    armedFor = first.at;
    const delay = Math.max(0, Math.min((first.at - now()) * timeScale, 2 ** 31 - 1));
    wakeUp = setTimeout(() => {
      wakeUp = undefined;
      void serialise(() => drainDue(now(), false)).then(arm);
    }, delay);
    wakeUp.unref();
  }

  return {
    mode,
    timeScale,
    now: () => Math.floor(now()),
    schedule(at, task) {
      const timer = { id: nextId++, at, task };
      timers.push(timer);
      arm();
      return () => {
        timers.cancel(timer.id);
      };
    },
    advance(ms) {
      if (!(ms >= 0)) return Promise.reject(new Error(`advance needs a non-negative number of ms, got ${ms}`));
      return serialise(async () => {
        if (mode === 'real') {
          virtualAnchor += ms;
          armedFor = undefined; // every wake-up time moved closer
        }
        const target = mode === 'manual' ? manualNow + ms : now();
        await drainDue(target, mode === 'manual');
        if (mode === 'manual') manualNow = target;
        options.onAdvance?.();
      }).then(arm);
    },
    runDue() {
      return serialise(() => drainDue(now(), mode === 'manual')).then(arm);
    },
    pendingTimers: () => timers.size,
    stop() {
      stopped = true;
      if (wakeUp) clearTimeout(wakeUp);
    },
  };
}

/** ISO-8601 to the second with the machine's UTC offset, e.g. 2019-05-28T12:12:14+08:00, as Antom writes. */
let lastSecond = NaN;
let lastText = '';

export function formatTime(epochMs: number): string {
  // Many timestamps of one request fall in the same second: reuse the last one.
  const second = Math.floor(epochMs / 1000);
  if (second === lastSecond) return lastText;
  lastSecond = second;
  lastText = formatSecond(second * 1000);
  return lastText;
}

function formatSecond(epochMs: number): string {
  const date = new Date(epochMs);
  const offset = -date.getTimezoneOffset();
  const local = new Date(epochMs + offset * 60_000);
  const sign = offset >= 0 ? '+' : '-';
  const abs = Math.abs(offset);
  const hh = String(Math.floor(abs / 60)).padStart(2, '0');
  const mm = String(abs % 60).padStart(2, '0');
  return `${local.toISOString().slice(0, 19)}${sign}${hh}:${mm}`;
}
