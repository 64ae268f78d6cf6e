// A refusal as a value: the Antom result a rule answers with when it turns a request down. The state
// machine, the capture/refund/void rules and the card checks return one instead of throwing, and each
// stage of the merchant API pipeline passes it on to the answer (HTTP 200, Antom's envelope).
import type { Result } from '../../schemas/common.ts';
import { resultOf, type ResultCode } from './result-codes.ts';

export interface Refusal { refused: Result }

export const refuse = (code: ResultCode, message?: string): Refusal => ({ refused: resultOf(code, message) });

export const isRefusal = (value: unknown): value is Refusal => typeof value === 'object' && value !== null && 'refused' in value;
