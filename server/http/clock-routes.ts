// /_sandbox/clock: read the sandbox time, and move it forward. Everything that falls due (notification
// retries, expiries, delayed settlements) runs, in order, before the answer.
import { Router } from 'express';
import { resultOf } from '../api/result-codes.ts';
import type { SandboxCore } from '../sandbox-core.ts';
import { sendControlError } from './control-errors.ts';
import { CONTROL_SCHEMAS } from './control-schemas.ts';
import { bodyCheck } from './control-validate.ts';

const checkAdvance = bodyCheck(CONTROL_SCHEMAS.AdvanceClockBody);

function describeClock(core: SandboxCore) {
  const now = core.clock.now();
  return { mode: core.clock.mode, timeScale: core.clock.timeScale, now: new Date(now).toISOString(), epochMs: now, pendingTimers: core.clock.pendingTimers() };
}

export function clockRoutes(core: SandboxCore): Router {
  const router = Router();
  router.get('/clock', (_req, res) => {
    res.json(describeClock(core));
  });
  router.post('/clock/advance', async (req, res) => {
    const body = checkAdvance(req.body);
    if (!body.ok) return sendControlError(res, body.error);
    await core.clock.advance(body.value.ms);
    await core.notifications.flush();
    res.json({ result: resultOf('SUCCESS'), clock: describeClock(core) });
  });
  return router;
}
