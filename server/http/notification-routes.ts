// /_sandbox/notifications: the delivery journal, re-sending, and the notification fault switch.
import { Router } from 'express';
import { resultOf } from '../api/result-codes.ts';
import type { SandboxCore } from '../sandbox-core.ts';
import { newestFirst } from '../store/newest-first.ts';
import { controlError, sendControlError } from './control-errors.ts';
import { CONTROL_SCHEMAS } from './control-schemas.ts';
import { bodyCheck, queryCheck } from './control-validate.ts';

const checkQuery = queryCheck(CONTROL_SCHEMAS.NotificationsQuery);
const checkFaults = bodyCheck(CONTROL_SCHEMAS.FaultSwitchBody);

export function notificationRoutes(core: SandboxCore): Router {
  const router = Router();
  const outbox = core.notifications;

  router.get('/notifications', (req, res) => {
    const query = checkQuery(req.query);
    if (!query.ok) return sendControlError(res, query.error);
    const { paymentId, status, limit = 50, offset = 0 } = query.value;
    // One page, newest first, without sorting every notification (100,000 of them take ~100 ms to sort).
    const { total, page } = newestFirst(outbox.table.values(), (n) => (paymentId === undefined || n.paymentId === paymentId) && (status === undefined || n.status === status), offset, limit);
    res.json({ total, notifications: page.map(({ attempts, ...n }) => ({ ...n, attemptCount: attempts.length })) });
  });

  router.get('/notifications/faults', (_req, res) => {
    res.json({ faults: outbox.faultSwitch ?? null });
  });

  router.post('/notifications/faults', (req, res) => {
    const body = checkFaults(req.body);
    if (!body.ok) return sendControlError(res, body.error);
    outbox.faultSwitch = { ...body.value };
    res.json({ result: resultOf('SUCCESS'), faults: outbox.faultSwitch });
  });

  router.delete('/notifications/faults', (_req, res) => {
    outbox.faultSwitch = undefined;
    res.json({ result: resultOf('SUCCESS'), faults: null });
  });

  router.get('/notifications/:id', (req, res) => {
    const notification = outbox.table.get(req.params.id);
    if (!notification) return sendControlError(res, controlError('NOTIFICATION_NOT_FOUND', { id: req.params.id }, 'id'));
    res.json(notification);
  });

  router.post('/notifications/:id/resend', async (req, res) => {
    const existing = outbox.table.get(req.params.id);
    if (!existing) return sendControlError(res, controlError('NOTIFICATION_NOT_FOUND', { id: req.params.id }, 'id'));
    const notification = await outbox.resend(existing.id);
    res.json({ result: resultOf('SUCCESS'), notification });
  });

  router.post('/notifications/flush', async (_req, res) => {
    await outbox.flush();
    res.json({ result: resultOf('SUCCESS') });
  });

  return router;
}
