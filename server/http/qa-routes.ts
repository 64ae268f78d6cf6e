// Control-plane routes the dashboard added, each usable from a script just the same: reset, the clock's
// next due events, sending a notification again as a duplicate, and composing a notification.
import { Router } from 'express';
import { isResultCode, resultOf } from '../api/result-codes.ts';
import { paymentResultBody } from '../notify/notification-bodies.ts';
import { dueEvents } from '../clock/due-events.ts';
import { resetSandbox } from '../reset-sandbox.ts';
import type { SandboxCore } from '../sandbox-core.ts';
import { PAY_F_CODES } from '../scenario/pay-codes.ts';
import { controlError, sendControlError } from './control-errors.ts';
import { CONTROL_SCHEMAS } from './control-schemas.ts';
import { bodyCheck, queryCheck } from './control-validate.ts';

const checkDue = queryCheck(CONTROL_SCHEMAS.DueQuery);
const checkCompose = bodyCheck(CONTROL_SCHEMAS.ComposeNotificationBody);

export function qaRoutes(core: SandboxCore): Router {
  const router = Router();

  // Whether HTTPS is on (so a page can offer the certificate without asking for a 404).
  router.get('/tls', (_req, res) => {
    res.json({ enabled: core.tls !== undefined, names: core.tls?.names ?? [], certificate: core.tls ? '/_sandbox/tls/certificate' : null });
  });

  router.post('/reset', async (_req, res) => {
    const removed = await resetSandbox(core);
    res.json({ result: resultOf('SUCCESS'), removed });
  });

  router.get('/clock/due', (req, res) => {
    const query = checkDue(req.query);
    if (!query.ok) return sendControlError(res, query.error);
    const now = core.clock.now();
    res.json({ now: new Date(now).toISOString(), epochMs: now, due: dueEvents(core.store, now, query.value.limit ?? 10) });
  });

  router.post('/notifications/:id/duplicate', async (req, res) => {
    if (!core.notifications.table.get(req.params.id)) return sendControlError(res, controlError('NOTIFICATION_NOT_FOUND', { id: req.params.id }, 'id'));
    const notification = await core.notifications.resend(req.params.id, 'duplicate');
    res.json({ result: resultOf('SUCCESS'), notification });
  });

  // To see how the merchant copes with what its payment would not produce by itself: an F after an S, say.
  router.post('/notifications/compose', (req, res) => {
    const checked = checkCompose(req.body);
    if (!checked.ok) return sendControlError(res, checked.error);
    const body = checked.value;
    const payment = core.store.payments.get(body.paymentId);
    if (!payment) return sendControlError(res, controlError('PAYMENT_NOT_FOUND', { paymentId: body.paymentId }, 'paymentId'));
    const url = body.url ?? payment.notifyUrl;
    if (!url) return sendControlError(res, controlError('INVALID_BODY', { problem: `url is required: payment ${payment.paymentId} has no paymentNotifyUrl` }, 'url'));
    const code = body.result === 'S' ? 'SUCCESS' : body.resultCode ?? 'DO_NOT_HONOR';
    if (body.result === 'F' && (!isResultCode(code) || !PAY_F_CODES.includes(code))) {
      return sendControlError(res, controlError('INVALID_BODY', { problem: `resultCode must be one of ${PAY_F_CODES.join(', ')}` }, 'resultCode'));
    }
    if (body.result === 'S' && body.resultCode !== undefined && body.resultCode !== 'SUCCESS') {
      return sendControlError(res, controlError('INVALID_BODY', { problem: 'resultCode is only for result F' }, 'resultCode'));
    }
    const said = {
      ...payment,
      result: resultOf(code as Parameters<typeof resultOf>[0]),
      paidAt: body.result === 'S' ? payment.paidAt ?? core.clock.now() : undefined,
    };
    const notification = core.notifications.compose(payment, 'PAYMENT_RESULT', paymentResultBody(said).body, url);
    res.status(201).json({ result: resultOf('SUCCESS'), notification });
  });

  return router;
}
