import type { NotificationFaults, NotifyType } from '../payment/types.ts';
// A notification and its journal: every attempt, with what was sent and what came back.

/** Antom's schedule: up to 8 tries, at 0 s, 2 min, 10 min, 10 min, 1 h, 2 h, 6 h and 15 h after the previous one. */
export const RETRY_SCHEDULE_MS = [0, 2, 10, 10, 60, 120, 360, 900].map((minutes) => minutes * 60_000);
export const MAX_ATTEMPTS = RETRY_SCHEDULE_MS.length;

export type NotificationStatus = 'pending' | 'delivered' | 'given-up';

export type AttemptKind = 'scheduled' | 'resend' | 'duplicate' | 'dropped';

export interface AttemptRecord {
  number: number;
  kind: AttemptKind;
  /** Sandbox time of the attempt (ISO). */
  at: string;
  url: string;
  requestHeaders: Record<string, string>;
  responseStatus?: number;
  /** The merchant's answer, capped. */
  responseBody?: string;
  /** Wall-clock milliseconds the merchant took. */
  latencyMs?: number;
  delivered: boolean;
  /** Why it did not count as delivered. */
  error?: string;
  /** The injected fault this attempt carried, if any. */
  fault?: string;
}

export interface NotificationRecord {
  id: string;
  notifyType: NotifyType;
  paymentId: string;
  /** The capture or refund it is about, for CAPTURE_RESULT / REFUND_RESULT. */
  subjectId?: string;
  clientId: string;
  url: string;
  /** The exact JSON sent on every attempt. */
  body: string;
  status: NotificationStatus;
  createdAt: number;
  /** Sandbox time of the next scheduled attempt while pending. */
  nextAttemptAt?: number;
  /** Scheduled attempts made so far (resends and duplicates do not count against the 8). */
  scheduledAttempts: number;
  faults?: NotificationFaults & { dropsLeft?: number; source: 'scenario' | 'control-plane' };
  attempts: AttemptRecord[];
}

/** When the next scheduled attempt is due, or undefined once all 8 have been made. */
export function nextAttemptAt(scheduledAttempts: number, lastAt: number): number | undefined {
  const gap = RETRY_SCHEDULE_MS[scheduledAttempts];
  return gap === undefined ? undefined : lastAt + gap;
}
