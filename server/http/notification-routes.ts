// /_sandbox/notifications: the delivery journal, re-sending, and the notification fault switch.
import { Router } from 'express';
import { SandboxError, resultOf } from '../api/result-codes.ts';
import type { SandboxCore } from '../sandbox-core.ts';
import { queryInt } from './control-plane.ts';
import { CONTROL_SCHEMAS, readBody } from './control-schemas.ts';

const STATUSES = ['pending', 'delivered', 'given-up'];

export function notificationRoutes(core: SandboxCore): Router {
  const router = Router();
  const outbox = core.notifications;

  router.get('/notifications', (req, res) => {
    const { paymentId, status } = req.query;
    if (status !== undefined && !STATUSES.includes(String(status))) {
      throw new SandboxError('PARAM_ILLEGAL', `status must be one of ${STATUSES.join(', ')}`);
    }
    const limit = queryInt(req.query.limit, 'limit', 50, 1000);
    const all = outbox.list({ paymentId: paymentId as string | undefined, status: status as string | undefined });
    res.json({ total: all.length, notifications: all.slice(0, limit).map(({ attempts, ...n }) => ({ ...n, attemptCount: attempts.length })) });
  });

  router.get('/notifications/faults', (_req, res) => {
    res.json({ faults: outbox.faultSwitch ?? null });
  });

  router.post('/notifications/faults', (req, res) => {
    outbox.faultSwitch = { ...readBody(CONTROL_SCHEMAS.FaultSwitchBody, req.body) };
    res.json({ result: resultOf('SUCCESS'), faults: outbox.faultSwitch });
  });

  router.delete('/notifications/faults', (_req, res) => {
    outbox.faultSwitch = undefined;
    res.json({ result: resultOf('SUCCESS'), faults: null });
  });

  router.get('/notifications/:id', (req, res) => {
    const notification = outbox.table.get(req.params.id);
    if (!notification) throw new SandboxError('ORDER_NOT_EXIST', `no notification ${req.params.id}`);
    res.json(notification);
  });

  router.post('/notifications/:id/resend', async (req, res) => {
    const existing = outbox.table.get(req.params.id);
    if (!existing) throw new SandboxError('ORDER_NOT_EXIST', `no notification ${req.params.id}`);
    const notification = await outbox.resend(existing.id);
    res.json({ result: resultOf('SUCCESS'), notification });
  });

  router.post('/notifications/flush', async (_req, res) => {
    await outbox.flush();
    res.json({ result: resultOf('SUCCESS') });
  });

  return router;
}
