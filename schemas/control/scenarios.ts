// /_sandbox/scenarios and the hand settlement of payments (server/http/scenario-routes.ts). The codes a
// settlement may give are the scenario engine's lists, passed in by the routes.
import { Type } from '@sinclair/typebox';
import { Result, StringEnum } from '../common.ts';

const wholeOrNull = (description: string) => Type.Optional(Type.Union([Type.Integer(), Type.Null()], { description }));

export const PinBody = Type.Object({
  scenario: Type.String({ minLength: 1, description: 'The name of a scenario (GET /_sandbox/scenarios).' }),
  count: wholeOrNull('For the next N pays, captures or refunds the scenario decides.'),
  durationMs: wholeOrNull('For this much sandbox time.'),
  clientId: Type.Optional(Type.String({ description: 'Only this merchant\'s calls; every merchant\'s without it.' })),
}, { additionalProperties: false });

export const Pin = Type.Object({
  id: Type.String(),
  scenario: Type.String(),
  operations: Type.Array(Type.String()),
  clientId: Type.Union([Type.String(), Type.Null()]),
  remaining: Type.Union([Type.Integer(), Type.Null()]),
  expiresAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  createdAt: Type.Optional(Type.String({ format: 'date-time' })),
}, { additionalProperties: false });

export const PinAnswer = Type.Object({ result: Result, pin: Pin }, { additionalProperties: false });
export const PinsAnswer = Type.Object({ pins: Type.Array(Pin) }, { additionalProperties: false });
export const UnpinAnswer = Type.Object({ result: Result, removed: Type.Array(Pin) }, { additionalProperties: false });

export const ScenarioDescription = Type.Object({ name: Type.String(), description: Type.Optional(Type.String()) }, { additionalProperties: true });
export const ScenariosAnswer = Type.Object({
  seed: Type.Number(),
  precedence: Type.Array(Type.String()),
  pins: Type.Array(Pin),
  total: Type.Integer(),
  scenarios: Type.Array(ScenarioDescription),
}, { additionalProperties: false });

const SETTLED = StringEnum(['S', 'SUCCESS', 'F', 'FAIL']);

/** { outcome (or status): S | F, resultCode?, resultMessage? }; F defaults to DO_NOT_HONOR. */
export function settlePaymentBody(failCodes: readonly string[]) {
  return Type.Object({
    outcome: Type.Optional(SETTLED),
    status: Type.Optional(SETTLED),
    resultCode: Type.Optional(StringEnum([...failCodes, 'SUCCESS'])),
    resultMessage: Type.Optional(Type.String({ maxLength: 256 })),
  }, {
    anyOf: [{ required: ['outcome'] }, { required: ['status'] }],
    description: 'outcome (or status) S or F; resultCode (an F code, default DO_NOT_HONOR) only for F.',
  });
}

export const ChallengeBody = Type.Object({ action: StringEnum(['pass', 'fail', 'cancel']) });

export const SettledPaymentAnswer = Type.Object({
  result: Result,
  payment: Type.Object({ paymentId: Type.String(), paymentStatus: Type.String() }, { additionalProperties: true }),
}, { additionalProperties: false });

/** DELETE /_sandbox/scenarios/pin: one merchant's pin, or every pin without clientId. */
export const UnpinQuery = Type.Object({
  clientId: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9_.-]{1,64}$', description: 'Only this merchant\'s pin.' })),
}, { additionalProperties: false });
