// Who hears of notification attempts: waitForAttempt (a test waiting for a delivery, whether it already
// happened or happens later) and onAttempt (the log, the event stream), both after the attempt is recorded.
import { EventEmitter } from 'node:events';
import type { Table } from '../store/table.ts';
import type { AttemptKind, AttemptRecord, NotificationRecord } from './notification.ts';

export interface NotificationFilter { paymentId?: string; notifyType?: string; delivered?: boolean; kind?: AttemptKind; number?: number }
export interface AttemptEvent { notification: NotificationRecord; attempt: AttemptRecord }

export class AttemptEvents {
  private readonly emitter = new EventEmitter();

  constructor(private readonly table: Table<NotificationRecord>) {
    this.emitter.setMaxListeners(0);
  }

  emit(event: AttemptEvent): void {
    this.emitter.emit('attempt', event);
  }

  /**
   * Resolves with the first attempt matching the filter, whether it already happened or happens later
   * (a test cannot miss one that raced ahead of it); rejects after timeoutMs of wall-clock time.
   * Filter on `number` to wait for a later attempt of the same notification.
   */
  waitFor(filter: NotificationFilter = {}, timeoutMs = 5000): Promise<AttemptEvent> {
    for (const notification of [...this.table.values()].sort((a, b) => a.createdAt - b.createdAt)) {
      const attempt = notification.attempts.find((a) => matches({ notification, attempt: a }, filter));
      if (attempt) return Promise.resolve({ notification, attempt });
    }
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.emitter.off('attempt', listener);
        reject(new Error(`no notification attempt matching ${JSON.stringify(filter)} within ${timeoutMs} ms`));
      }, timeoutMs);
      const listener = (event: AttemptEvent) => {
        if (!matches(event, filter)) return;
        clearTimeout(timer);
        this.emitter.off('attempt', listener);
        resolve(event);
      };
      this.emitter.on('attempt', listener);
    });
  }

  /** Calls the listener after every attempt; returns the unsubscribe. */
  on(listener: (event: AttemptEvent) => void): () => void {
    this.emitter.on('attempt', listener);
    return () => this.emitter.off('attempt', listener);
  }
}

function matches({ notification, attempt }: AttemptEvent, filter: NotificationFilter): boolean {
  return (filter.paymentId === undefined || notification.paymentId === filter.paymentId)
    && (filter.notifyType === undefined || notification.notifyType === filter.notifyType)
    && (filter.delivered === undefined || attempt.delivered === filter.delivered)
    && (filter.kind === undefined || attempt.kind === filter.kind)
    && (filter.number === undefined || attempt.number === filter.number);
}
