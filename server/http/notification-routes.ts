// /_sandbox/notifications: the delivery journal, re-sending, and the notification fault switch.
import { Router } from 'express';
import { SandboxError, resultOf } from '../api/result-codes.ts';
import type { FaultSwitch } from '../notify/outbox.ts';
import type { SandboxCore } from '../sandbox-core.ts';
import { queryInt } from './control-plane.ts';

const STATUSES = ['pending', 'delivered', 'given-up'];

function readFaults(body: unknown): FaultSwitch {
  const input = (body ?? {}) as Record<string, unknown>;
  const faults: FaultSwitch = {};
  for (const key of ['delayMs', 'duplicate', 'dropFirst', 'remaining'] as const) {
    if (input[key] === undefined) continue;
    faults[key] = queryInt(input[key], key, 0, key === 'delayMs' ? 7 * 24 * 3600_000 : 100);
  }
  if (input.outOfOrder !== undefined) {
    if (typeof input.outOfOrder !== 'boolean') throw new SandboxError('PARAM_ILLEGAL', 'outOfOrder must be true or false');
    faults.outOfOrder = input.outOfOrder;
  }
  const unknown = Object.keys(input).filter((k) => !['delayMs', 'duplicate', 'dropFirst', 'remaining', 'outOfOrder'].includes(k));
  if (unknown.length) throw new SandboxError('PARAM_ILLEGAL', `unknown fault ${unknown.join(', ')}; known: delayMs, duplicate, dropFirst, outOfOrder, remaining`);
  return faults;
}

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
    outbox.faultSwitch = readFaults(req.body);
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
