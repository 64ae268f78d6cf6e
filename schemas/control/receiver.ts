// The built-in notification receiver (server/http/receiver-routes.ts): a merchant endpoint the sandbox's own
// outbox can call, and what it got.
import { Type } from '@sinclair/typebox';

export const ReceiversAnswer = Type.Object({
  receivers: Type.Array(Type.Object({ name: Type.String(), count: Type.Integer({ minimum: 0 }) }, { additionalProperties: false })),
}, { additionalProperties: false });

export const ReceivedNotification = Type.Object({
  seq: Type.Integer({ minimum: 1, description: 'From 1 for the first received since start.' }),
  receivedAt: Type.String({ format: 'date-time', description: 'Sandbox time of arrival.' }),
  name: Type.String(),
  path: Type.String(),
  notifyType: Type.Optional(Type.String()),
  paymentId: Type.Optional(Type.String()),
  headers: Type.Object({ 'client-id': Type.Optional(Type.String()), 'request-time': Type.Optional(Type.String()), signature: Type.Optional(Type.String()) }),
  body: Type.String({ description: 'The exact body received.' }),
  signatureValid: Type.Boolean(),
  signatureProblem: Type.Optional(Type.String({ description: 'Why the signature did not verify.' })),
}, { additionalProperties: false });

export const ReceivedAnswer = Type.Object({ name: Type.String(), total: Type.Integer({ minimum: 0 }), received: Type.Array(ReceivedNotification) }, { additionalProperties: false });
