import { Type } from '@sinclair/typebox';
import { Result } from './common.ts';

/** Any failed answer: only the envelope is guaranteed. */
export const ErrorResponse = Type.Object({ result: Result });
