// What every control-plane answer that changes something, and every refusal, carries: Antom's result object.
import { Type } from '@sinclair/typebox';
import { Result } from '../common.ts';

export const ControlEnvelope = Type.Object({ result: Result });

/** A refusal: the result names the code (PARAM_ILLEGAL, ORDER_NOT_EXIST, ...) and the problem. */
export const ControlError = Type.Object({ result: Result }, { additionalProperties: false });
