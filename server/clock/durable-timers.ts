// Timers that survive a restart: each is a row in the store and a task on the sandbox clock. On boot every
// row is put back on the clock; one that fell due while the sandbox was down fires at once.
import { randomUUID } from 'node:crypto';
import type { Clock } from './clock.ts';
import type { SandboxStore, TimerRecord } from '../store/sandbox-store.ts';

export type TimerHandler = (timer: TimerRecord) => Promise<void>;

export class DurableTimers {
  private readonly handlers = new Map<string, TimerHandler>();
  private readonly cancels = new Map<string, () => void>();

  constructor(private readonly store: SandboxStore, private readonly clock: Clock) {}

  on(kind: string, handler: TimerHandler): void {
    this.handlers.set(kind, handler);
  }

  /** Adds a timer; it is durable with the store's next commit. */
  add(at: number, kind: string, subjectId: string, payload?: unknown): TimerRecord {
    const timer: TimerRecord = { id: randomUUID(), at, kind, subjectId, payload };
    this.store.timers.put(timer);
    this.arm(timer);
    return timer;
  }

  restore(): void {
    for (const timer of this.store.timers.values()) this.arm(timer);
  }

  stop(): void {
    for (const cancel of this.cancels.values()) cancel();
    this.cancels.clear();
  }

  private arm(timer: TimerRecord) {
    this.cancels.set(timer.id, this.clock.schedule(timer.at, async () => {
      this.cancels.delete(timer.id);
      const handler = this.handlers.get(timer.kind);
      // The row goes only after its handler ran, so a crash in between fires it again after restart. A
      // handler that throws is a bug to report, not a reason to fire the same timer on every restart.
      try {
        if (handler) await handler(timer);
      } catch (error) {
        console.error(`sandbox timer ${timer.kind} for ${timer.subjectId} failed:`, error);
      }
      this.store.timers.delete(timer.id);
      await this.store.commit();
    }));
  }
}
