// The control plane's refusal: { "error": { code, message, status, field? } }. The codes come from the
// control-plane catalogue (server/http/control-errors.ts), filled in by the caller.
import { Type } from '@sinclair/typebox';
import { Result, StringEnum } from '../common.ts';

/** What a change answers besides its data: a SUCCESS acknowledgement, the same on every route that changes something. */
export const ControlEnvelope = Type.Object({ result: Result });

export function controlErrorSchema(codes: readonly string[]) {
  return Type.Object({
    error: Type.Object({
      code: StringEnum(codes),
      message: Type.String({ description: 'What is wrong, in a sentence.' }),
      status: Type.Integer({ description: 'The HTTP status, repeated.' }),
      field: Type.Optional(Type.String({ description: 'The body field, query parameter or path parameter at fault.' })),
    }, { additionalProperties: false }),
  }, { additionalProperties: false });
}
