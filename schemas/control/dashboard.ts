// The control-plane routes of the request journal, the event stream and reset: their query strings and
// answers. The routes validate with ajv from these, and the OpenAPI document of the control plane is
// generated from them, so the types below are the only description of these shapes.
import { Type, type Static } from '@sinclair/typebox';
import { Result, StringEnum } from '../common.ts';
import { Notification } from './notifications.ts';

/** How the merchant's request signature was judged. `unchecked`: refused before the check (bad path, media type or JSON). */
export const SignatureVerdict = StringEnum(['valid', 'invalid', 'missing', 'unverified', 'off', 'unchecked']);
export type SignatureVerdict = Static<typeof SignatureVerdict>;

/** GET /_sandbox/requests: every filter is optional; `cursor` is the `nextCursor` of the previous page. */
export const RequestListQuery = Type.Object({
  clientId: Type.Optional(Type.String({ minLength: 1, maxLength: 128 })),
  operation: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'e.g. payments/pay' })),
  result: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'a resultCode, or S, F or U' })),
  paymentId: Type.Optional(Type.String({ minLength: 1, maxLength: 128 })),
  failed: Type.Optional(StringEnum(['true', 'false'])),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50, description: 'At most this many (default 50).' })),
  cursor: Type.Optional(Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER, description: 'The `nextCursor` of the previous page.' })),
}, { additionalProperties: false });
export type RequestListQuery = Static<typeof RequestListQuery>;

/** One merchant API call as the list shows it. */
export const RequestSummary = Type.Object({
  id: Type.String(),
  /** Sandbox time the call arrived (ISO). */
  time: Type.String(),
  method: Type.String(),
  path: Type.String(),
  clientId: Type.String(),
  /** payments/pay, payments/capture...; absent when the path names no operation. */
  operation: Type.Optional(Type.String()),
  signature: SignatureVerdict,
  resultCode: Type.String(),
  resultStatus: Type.String(),
  /** HTTP status sent (200, or a scenario's HTTP error). */
  httpStatus: Type.Integer(),
  /** Wall-clock milliseconds from the call's arrival to its answer being ready. */
  durationMs: Type.Number(),
  paymentId: Type.Optional(Type.String()),
  /** The scenario that decided the call, when one did. */
  scenario: Type.Optional(Type.String()),
  /** F, or U other than "in process": the call did not do what was asked. */
  failed: Type.Boolean(),
  /** For a refusal, the field (or header) its message names. */
  errorField: Type.Optional(Type.String()),
});
export type RequestSummary = Static<typeof RequestSummary>;

export const RequestEntry = Type.Composite([RequestSummary, Type.Object({
  resultMessage: Type.String(),
  /** The request as received, card numbers masked and CVVs removed; null when there was none to keep. */
  requestBody: Type.Unknown(),
  /** The answer as sent (answers never hold a full card number). */
  responseBody: Type.Unknown(),
  /** Request headers, with the signature shortened. */
  requestHeaders: Type.Record(Type.String(), Type.String()),
})]);
export type RequestEntry = Static<typeof RequestEntry>;

export const RequestList = Type.Object({
  requests: Type.Array(RequestSummary),
  /** Pass as `cursor` for the next (older) page; null on the last page. */
  nextCursor: Type.Union([Type.String(), Type.Null()]),
  /** Calls held now, and at most. */
  size: Type.Integer(),
  capacity: Type.Integer(),
});
export type RequestList = Static<typeof RequestList>;

/** GET /_sandbox/events: which event types to receive (comma-separated), all when absent. */
export const EventStreamQuery = Type.Object({
  types: Type.Optional(Type.String({ pattern: '^(request|payment|notification|clock|pin|reset)(,(request|payment|notification|clock|pin|reset))*$' })),
}, { additionalProperties: false });

export const EVENT_TYPES = ['request', 'payment', 'notification', 'clock', 'pin', 'reset'] as const;
export type EventType = typeof EVENT_TYPES[number];

/** The `data` of each event type, as JSON. */
export const PaymentEvent = Type.Object({
  paymentId: Type.String(), paymentRequestId: Type.String(), clientId: Type.String(), status: Type.String(),
  amount: Type.Object({ currency: Type.String(), value: Type.String() }), pendingStep: Type.Optional(Type.String()),
});
export const NotificationEvent = Type.Object({
  id: Type.String(), notifyType: Type.String(), paymentId: Type.String(), status: Type.String(), attemptCount: Type.Integer(),
  lastAttempt: Type.Optional(Type.Object({ number: Type.Integer(), kind: Type.String(), delivered: Type.Boolean(), responseStatus: Type.Optional(Type.Integer()) })),
});
export const ClockEvent = Type.Object({ now: Type.String(), epochMs: Type.Number() });
export const PinEvent = Type.Object({ change: StringEnum(['pinned', 'unpinned', 'reset']), scenario: Type.Optional(Type.String()), clientId: Type.Optional(Type.String()) });
export const ResetEvent = Type.Object({ at: Type.String() });

/** GET /_sandbox/tls: whether HTTPS is on, so a page can offer the certificate without asking for a 404. */
export const TlsAnswer = Type.Object({
  enabled: Type.Boolean(),
  names: Type.Array(Type.String(), { description: 'The host names and addresses the certificate is for.' }),
  certificate: Type.Union([Type.Literal('/_sandbox/tls/certificate'), Type.Null()], { description: 'Where to get the certificate; null when HTTPS is off.' }),
}, { additionalProperties: false });

export const ResetAnswer = Type.Object({ result: Result, removed: Type.Object({ payments: Type.Integer(), notifications: Type.Integer(), requests: Type.Integer(), pins: Type.Integer() }) });

/** POST /_sandbox/notifications/compose: a notifyPayment about a payment, with the result given, signed and sent on the usual schedule. */
export const ComposeNotificationBody = Type.Object({
  paymentId: Type.String({ minLength: 1, maxLength: 64 }),
  notifyType: Type.Optional(StringEnum(['PAYMENT_RESULT'])),
  /** S: paid (SUCCESS); F: failed, with resultCode (default DO_NOT_HONOR). */
  result: StringEnum(['S', 'F']),
  resultCode: Type.Optional(Type.String({ pattern: '^[A-Z_]{1,64}$' })),
  /** Where to send it; the payment's paymentNotifyUrl when absent. */
  url: Type.Optional(Type.String({ format: 'http-url', maxLength: 2048 })),
}, { additionalProperties: false });
export type ComposeNotificationBody = Static<typeof ComposeNotificationBody>;
export const ComposedAnswer = Type.Object({ result: Result, notification: Notification }, { additionalProperties: false });

/** GET /_sandbox/clock/due: the next things the clock will run. */
export const DueQuery = Type.Object({
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 10, description: 'At most this many (default 10).' })),
}, { additionalProperties: false });

export const DueEvent = Type.Object({
  /** Sandbox time it falls due (ISO), and in how many ms from now (0 when overdue). */
  at: Type.String(),
  inMs: Type.Number(),
  kind: StringEnum(['notification-attempt', 'payment-expiry', 'authorization-expiry', 'payment-event']),
  paymentId: Type.String(),
  /** The notification id, for a notification attempt. */
  notificationId: Type.Optional(Type.String()),
  description: Type.String(),
});
export type DueEvent = Static<typeof DueEvent>;
export const DueAnswer = Type.Object({ now: Type.String(), epochMs: Type.Number(), due: Type.Array(DueEvent) });
