// /_sandbox/certify: merchant certification. A webhook run (sends probes to the merchant's notify URL and
// answers with the graded report), a checkout run per merchant (arm, status, report, stop), and the
// reports kept in memory in their three forms (JSON, JUnit XML, HTML).
import { Router } from 'express';
import { resultOf, SandboxError } from '../api/result-codes.ts';
import type { Certification } from '../certify/certification.ts';
import { renderHtml, REPORT_CSP } from '../certify/report-html.ts';
import { renderJunit } from '../certify/report-junit.ts';
import { runWebhookCertification } from '../certify/run-webhook.ts';
import type { SandboxCore } from '../sandbox-core.ts';
import { CONTROL_SCHEMAS } from './control-schemas.ts';
import { bodyCheck } from './control-validate.ts';
import { sendControlError } from './control-errors.ts';
import { baseUrlOf } from './merchant-adapter.ts';

const FORMATS = ['json', 'junit', 'html'];
const WEBHOOK_BODY = bodyCheck(CONTROL_SCHEMAS.CertifyWebhookBody);
const CHECKOUT_BODY = bodyCheck(CONTROL_SCHEMAS.CheckoutStartBody);
const CLIENT_ID = /^[A-Za-z0-9_.-]{1,64}$/;

function clientIdOf(value: string): string {
  if (!CLIENT_ID.test(value)) throw new SandboxError('PARAM_ILLEGAL', 'clientId must be 1 to 64 letters, digits, "_", "." or "-"');
  return value;
}

export function certifyRoutes(core: SandboxCore, certification: Certification): Router {
  const router = Router();

  router.post('/certify/webhook', async (req, res) => {
    const checked = WEBHOOK_BODY(req.body);
    if (!checked.ok) return sendControlError(res, checked.error);
    const body = checked.value;
    let url: URL;
    try {
      url = new URL(body.notifyUrl);
    } catch {
      throw new SandboxError('PARAM_ILLEGAL', `notifyUrl is not a URL: ${body.notifyUrl}`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new SandboxError('PARAM_ILLEGAL', 'notifyUrl must be an http or https URL');
    const report = await runWebhookCertification(core, { ...body, baseUrl: baseUrlOf(req, core.options.publicUrl) });
    res.json({ result: resultOf('SUCCESS'), report: certification.keep(report) });
  });

  router.post('/certify/checkout', (req, res) => {
    const checked = CHECKOUT_BODY(req.body);
    if (!checked.ok) return sendControlError(res, checked.error);
    const { clientId } = checked.value;
    certification.startCheckout(clientId);
    res.status(201).json({ result: resultOf('SUCCESS'), run: certification.checkoutStatus(clientId) });
  });

  router.get('/certify/checkout/:clientId', (req, res) => {
    res.json({ result: resultOf('SUCCESS'), run: certification.checkoutStatus(clientIdOf(req.params.clientId)) });
  });

  router.post('/certify/checkout/:clientId/report', (req, res) => {
    res.json({ result: resultOf('SUCCESS'), report: certification.checkoutReport(clientIdOf(req.params.clientId)) });
  });

  router.delete('/certify/checkout/:clientId', (req, res) => {
    const clientId = clientIdOf(req.params.clientId);
    const status = certification.checkoutStatus(clientId);
    certification.stopCheckout(clientId);
    res.json({ result: resultOf('SUCCESS'), run: status });
  });

  router.get('/certify/reports', (_req, res) => {
    res.json({ reports: certification.listReports().map(({ id, kind, clientId, createdAt, passed, counts }) => ({ id, kind, clientId, createdAt, passed, counts })) });
  });

  router.get('/certify/reports/:id', (req, res) => {
    const format = req.query.format ?? 'json';
    if (typeof format !== 'string' || !FORMATS.includes(format)) throw new SandboxError('PARAM_ILLEGAL', `format must be one of ${FORMATS.join(', ')}`);
    const report = certification.report(req.params.id);
    if (format === 'junit') return res.type('application/xml').send(renderJunit(report));
    if (format === 'html') return res.type('html').set('content-security-policy', REPORT_CSP).send(renderHtml(report));
    res.json(report);
  });

  return router;
}
