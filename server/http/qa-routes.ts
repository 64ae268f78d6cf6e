// Control-plane routes the dashboard added, each usable from a script just the same: reset, the clock's
// next due events, sending a notification again as a duplicate, and composing a notification.
import { Router } from 'express';
import { ComposeNotificationBody, DueQuery } from '../../schemas/control/dashboard.ts';
import { isResultCode, resultOf, SandboxError } from '../api/result-codes.ts';
import { paymentResultBody } from '../notify/notification-bodies.ts';
import { dueEvents } from '../clock/due-events.ts';
import { resetSandbox } from '../reset-sandbox.ts';
import type { SandboxCore } from '../sandbox-core.ts';
import { PAY_F_CODES } from '../scenario/pay-codes.ts';
import { compileCheck } from './control-validate.ts';

const checkDue = compileCheck<{ limit?: string }>(DueQuery, 'query');
const checkCompose = compileCheck<ComposeNotificationBody>(ComposeNotificationBody, 'body');

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
    const { limit: given } = checkDue({ ...req.query });
    const limit = given === undefined ? 10 : Number(given);
    if (limit < 1 || limit > 100) throw new SandboxError('PARAM_ILLEGAL', 'query: limit must be from 1 to 100');
    const now = core.clock.now();
    res.json({ now: new Date(now).toISOString(), epochMs: now, due: dueEvents(core.schedule.entries(), core.store, now, limit) });
  });

  router.post('/notifications/:id/duplicate', async (req, res) => {
    if (!core.notifications.table.get(req.params.id)) throw new SandboxError('ORDER_NOT_EXIST', `no notification ${req.params.id}`);
    const notification = await core.notifications.resend(req.params.id, 'duplicate');
    res.json({ result: resultOf('SUCCESS'), notification });
  });

  // To see how the merchant copes with what its payment would not produce by itself: an F after an S, say.
  router.post('/notifications/compose', (req, res) => {
    const body = checkCompose(req.body ?? {});
    const payment = core.store.payments.get(body.paymentId);
    if (!payment) throw new SandboxError('ORDER_NOT_EXIST', `no payment ${body.paymentId}`);
    const url = body.url ?? payment.notifyUrl;
    if (!url) throw new SandboxError('PARAM_ILLEGAL', `body: url is required: payment ${payment.paymentId} has no paymentNotifyUrl`);
    const code = body.result === 'S' ? 'SUCCESS' : body.resultCode ?? 'DO_NOT_HONOR';
    if (body.result === 'F' && (!isResultCode(code) || !PAY_F_CODES.includes(code))) {
      throw new SandboxError('PARAM_ILLEGAL', `body: resultCode must be one of ${PAY_F_CODES.join(', ')}`);
    }
    if (body.result === 'S' && body.resultCode !== undefined && body.resultCode !== 'SUCCESS') throw new SandboxError('PARAM_ILLEGAL', 'body: resultCode is only for result F');
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
