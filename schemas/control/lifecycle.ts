// Hand settlement of captures and refunds in process (server/http/lifecycle-routes.ts). The F codes are
// the scenario engine's list for the operation, passed in by the routes.
import { Type } from '@sinclair/typebox';
import { Result, StringEnum } from '../common.ts';

export function settleLifecycleBody(failCodes: readonly string[]) {
  return Type.Object({
    status: StringEnum(['S', 'F']),
    resultCode: Type.Optional(StringEnum(failCodes)),
    resultMessage: Type.Optional(Type.String({ maxLength: 256 })),
  });
}

export const SettledCaptureAnswer = Type.Object({ result: Result, capture: Type.Object({ captureId: Type.String() }, { additionalProperties: true }) }, { additionalProperties: false });
export const SettledRefundAnswer = Type.Object({ result: Result, refund: Type.Object({ refundId: Type.String() }, { additionalProperties: true }) }, { additionalProperties: false });
