// The sandbox's log: pino, as JSON lines (for CI logs and machines) or, for a person at a terminal, one
// short line per event, as `stripe listen` prints them: every merchant API call and every notification
// attempt. The fields are the same either way; the pretty form shows only the message line.
import { pino, type Logger } from 'pino';
import pretty from 'pino-pretty';
import type { AnsweredCall } from '../api/handle-merchant-call.ts';
import type { AttemptEvent } from '../notify/attempt-events.ts';

export type LogFormat = 'json' | 'pretty';
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

export function createLogger(level: string, format: LogFormat = 'json'): Logger {
  const options = { level, base: undefined };
  if (format === 'json') return pino(options);
  // Synchronous, in this thread: lines appear in order with the banner, and none is lost at exit.
  return pino(options, pretty({ sync: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname', hideObject: true }));
}

/** `payments/pay SANDBOX_X SUCCESS (S) 12 ms`: one line per call, refusals included. */
export function logCall(logger: Logger, call: AnsweredCall): void {
  const { result, operation } = call.answer;
  const ms = Math.round(call.durationMs);
  const name = operation ?? call.path;
  logger.info({ event: 'call', operation: name, clientId: call.clientId, resultCode: result.resultCode, resultStatus: result.resultStatus, ms },
    `${name} ${call.clientId || '-'} ${result.resultCode} (${result.resultStatus}) ${ms} ms`);
}

/** `notifyPayment #1 -> http://... 200 delivered`, or the error and when the next try is due. */
export function logAttempt(logger: Logger, { notification, attempt }: AttemptEvent): void {
  const outcome = attempt.delivered ? `${attempt.responseStatus} delivered` : `${attempt.responseStatus ?? ''} ${attempt.error ?? 'failed'}`.trim();
  const next = notification.status === 'pending' && notification.nextAttemptAt !== undefined ? `; next try ${new Date(notification.nextAttemptAt).toISOString()}` : '';
  const given = notification.status === 'given-up' ? '; given up' : '';
  const fields = {
    event: 'notification', notifyType: notification.notifyType, notificationId: notification.id, paymentId: notification.paymentId,
    attempt: attempt.number, kind: attempt.kind, url: notification.url, responseStatus: attempt.responseStatus, delivered: attempt.delivered,
    error: attempt.error, nextAttemptAt: next ? notification.nextAttemptAt : undefined,
  };
  const line = `${notification.notifyType} #${attempt.number}${attempt.kind === 'scheduled' ? '' : ` (${attempt.kind})`} -> ${notification.url} ${outcome}${next}${given}`;
  if (attempt.delivered) logger.info(fields, line);
  else logger.warn(fields, line);
}
