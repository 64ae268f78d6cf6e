// /_sandbox/clock (server/http/clock-routes.ts).
import { Type } from '@sinclair/typebox';
import { Result, StringEnum } from '../common.ts';

/** 400 days: past every expiry, retry schedule and refund window the sandbox keeps. */
export const MAX_ADVANCE_MS = 400 * 24 * 3600_000;

export const AdvanceClockBody = Type.Object({
  ms: Type.Integer({ minimum: 0, maximum: MAX_ADVANCE_MS, description: 'Milliseconds of sandbox time to move forward.' }),
});

export const ClockAnswer = Type.Object({
  mode: StringEnum(['real', 'manual']),
  timeScale: Type.Number(),
  now: Type.String({ format: 'date-time' }),
  epochMs: Type.Integer(),
  pendingTimers: Type.Integer({ minimum: 0 }),
}, { additionalProperties: false });

export const AdvanceClockAnswer = Type.Object({ result: Result, clock: ClockAnswer }, { additionalProperties: false });
