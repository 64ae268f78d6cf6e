// /_sandbox/notifications (server/http/notification-routes.ts): the journal, re-sending, the fault switch.
import { Type } from '@sinclair/typebox';
import { Result, StringEnum } from '../common.ts';

const count = (description: string) => Type.Optional(Type.Integer({ minimum: 0, maximum: 100, description }));

export const FaultSwitchBody = Type.Object({
  delayMs: Type.Optional(Type.Integer({ minimum: 0, maximum: 7 * 24 * 3600_000, description: 'Hold the first attempt this long (sandbox time).' })),
  duplicate: count('Extra copies sent after the acknowledged one.'),
  dropFirst: count('The first N attempts are recorded as dropped and never sent.'),
  outOfOrder: Type.Optional(Type.Boolean({ description: 'Held back one retry slot, so a later notification to the same URL arrives first.' })),
  remaining: count('Applies to the next N notifications (all, if unset).'),
}, { additionalProperties: false });

export const FaultSwitchAnswer = Type.Object({ faults: Type.Union([FaultSwitchBody, Type.Null()]) }, { additionalProperties: false });
export const SetFaultSwitchAnswer = Type.Object({ result: Result, faults: Type.Union([FaultSwitchBody, Type.Null()]) }, { additionalProperties: false });

export const NotificationStatus = StringEnum(['pending', 'delivered', 'given-up']);

export const Attempt = Type.Object({
  number: Type.Integer(),
  kind: StringEnum(['scheduled', 'resend', 'duplicate', 'dropped']),
  at: Type.String({ format: 'date-time' }),
  url: Type.Optional(Type.String({ description: 'Only in records made before the URL was kept once, on the notification.' })),
  requestHeaders: Type.Record(Type.String(), Type.String()),
  responseStatus: Type.Optional(Type.Integer()),
  responseBody: Type.Optional(Type.String({ description: 'The merchant\'s answer, capped at 4 KiB.' })),
  latencyMs: Type.Optional(Type.Number()),
  delivered: Type.Boolean(),
  error: Type.Optional(Type.String()),
  fault: Type.Optional(Type.String()),
}, { additionalProperties: false });

const NotificationFields = {
  id: Type.String(),
  notifyType: StringEnum(['PAYMENT_RESULT', 'PAYMENT_PENDING', 'CAPTURE_RESULT', 'REFUND_RESULT']),
  paymentId: Type.String(),
  subjectId: Type.Optional(Type.String({ description: 'The capture or refund it is about.' })),
  clientId: Type.String(),
  url: Type.String(),
  body: Type.String({ description: 'The exact JSON sent on every attempt.' }),
  status: NotificationStatus,
  createdAt: Type.Number({ description: 'Sandbox time, epoch ms.' }),
  nextAttemptAt: Type.Optional(Type.Number()),
  scheduledAttempts: Type.Integer(),
  faults: Type.Optional(Type.Object({}, { additionalProperties: true })),
};

export const Notification = Type.Object({ ...NotificationFields, attempts: Type.Array(Attempt) }, { additionalProperties: false });
export const NotificationSummary = Type.Object({ ...NotificationFields, attemptCount: Type.Integer() }, { additionalProperties: false });
export const NotificationsAnswer = Type.Object({ total: Type.Integer(), notifications: Type.Array(NotificationSummary) }, { additionalProperties: false });
export const ResendAnswer = Type.Object({ result: Result, notification: Notification }, { additionalProperties: false });

/** GET /_sandbox/notifications. */
export const NotificationsQuery = Type.Object({
  paymentId: Type.Optional(Type.String({ minLength: 1, maxLength: 128, description: 'Only this payment\'s.' })),
  status: Type.Optional(NotificationStatus),
  limit: Type.Optional(Type.Integer({ minimum: 0, maximum: 1000, default: 50, description: 'At most this many (default 50).' })),
  offset: Type.Optional(Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER, default: 0, description: 'Skip this many (the next page: offset + limit).' })),
}, { additionalProperties: false });
