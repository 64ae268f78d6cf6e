// /_sandbox/clock: read the sandbox time, and move it forward. Everything that falls due (notification
// retries, expiries, delayed settlements) runs, in order, before the answer.
import { Router } from 'express';
import { resultOf, SandboxError } from '../api/result-codes.ts';
import type { SandboxCore } from '../sandbox-core.ts';

const MAX_ADVANCE_MS = 400 * 24 * 3600_000;

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
    const ms = (req.body as { ms?: unknown } | undefined)?.ms;
    if (typeof ms !== 'number' || !Number.isInteger(ms) || ms < 0 || ms > MAX_ADVANCE_MS) {
      throw new SandboxError('PARAM_ILLEGAL', `ms must be a whole number of milliseconds from 0 to ${MAX_ADVANCE_MS}`);
    }
    await core.clock.advance(ms);
    await core.notifications.flush();
    res.json({ result: resultOf('SUCCESS'), clock: describeClock(core) });
  });
  return router;
}
