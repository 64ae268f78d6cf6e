// The built-in notification receiver's routes. POST /_sandbox/receiver/:name is a merchant endpoint: the
// sandbox's own outbox calls it, at whatever address the merchant API was reached by, so it sits before
// the control plane's loopback guard and reads the raw body (the signature covers the exact bytes).
// Reading and clearing what it got are control-plane routes, behind the guard like the rest.
import express, { Router } from 'express';
import { resultOf } from '../api/result-codes.ts';
import type { NotificationReceiver } from '../notify/receiver.ts';
import { controlError, sendControlError, type Checked } from './control-errors.ts';

const NAME = /^[A-Za-z0-9_.-]{1,64}$/;

const NAME_RULE = 'a receiver name is 1 to 64 letters, digits, "_", "." or "-"';

function checkedName(raw: string | undefined): Checked<string> {
  return raw !== undefined && NAME.test(raw) ? { ok: true, value: raw } : { ok: false, error: controlError('INVALID_PATH', { problem: NAME_RULE }, 'name') };
}

/** The endpoint notifications are sent to. A merchant endpoint: it answers in Antom's shape, as the outbox expects of any notify URL. */
export function receiverEndpoint(receiver: NotificationReceiver): Router {
  const router = Router();
  router.post('/_sandbox/receiver/:name', express.raw({ type: () => true, limit: '1mb' }), (req, res) => {
    if (!NAME.test(req.params.name)) return void res.status(400).json({ result: resultOf('PARAM_ILLEGAL', NAME_RULE) });
    const name = req.params.name;
    const body = Buffer.isBuffer(req.body) ? req.body.toString('utf8') : '';
    const header = (key: string) => req.get(key);
    const answer = receiver.receive(name, req.originalUrl, { 'client-id': header('client-id'), 'request-time': header('request-time'), signature: header('signature') }, body);
    res.status(answer.status).json(answer.body);
  });
  return router;
}

/** What it got, for the control plane: GET /_sandbox/receiver (names), GET and DELETE /_sandbox/receiver/:name. */
export function receiverRoutes(receiver: NotificationReceiver): Router {
  const router = Router();
  router.get('/receiver', (_req, res) => {
    res.json({ receivers: receiver.names() });
  });
  router.get('/receiver/:name', (req, res) => {
    const name = checkedName(req.params.name);
    if (!name.ok) return sendControlError(res, name.error);
    const received = receiver.list(name.value);
    res.json({ name: name.value, total: received.length, received });
  });
  router.delete('/receiver/:name', (req, res) => {
    const name = checkedName(req.params.name);
    if (!name.ok) return sendControlError(res, name.error);
    receiver.clear(name.value);
    res.status(204).end();
  });
  return router;
}
