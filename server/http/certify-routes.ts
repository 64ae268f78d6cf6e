// /_sandbox/certify: merchant certification. A webhook run (sends probes to the merchant's notify URL and
// answers with the graded report), a checkout run per merchant (arm, status, report, stop), and the
// reports kept in memory in their three forms (JSON, JUnit XML, HTML). Refusals are the control plane's
// catalogue (control-errors.ts), returned as values.
import { Router } from 'express';
import { resultOf } from '../api/result-codes.ts';
import { MAX_REPORTS, type Certification } from '../certify/certification.ts';
import { renderHtml, REPORT_CSP } from '../certify/report-html.ts';
import { renderJunit } from '../certify/report-junit.ts';
import { runWebhookCertification } from '../certify/run-webhook.ts';
import type { SandboxCore } from '../sandbox-core.ts';
import { controlError, sendControlError, type Checked } from './control-errors.ts';
import { CONTROL_SCHEMAS } from './control-schemas.ts';
import { bodyCheck, queryCheck } from './control-validate.ts';
import { baseUrlOf } from './merchant-adapter.ts';

const checkWebhook = bodyCheck(CONTROL_SCHEMAS.CertifyWebhookBody);
const checkStart = bodyCheck(CONTROL_SCHEMAS.CheckoutStartBody);
const checkReportQuery = queryCheck(CONTROL_SCHEMAS.CertifyReportQuery);
const CLIENT_ID = /^[A-Za-z0-9_.-]{1,64}$/;

function clientIdOf(value: string): Checked<string> {
  return CLIENT_ID.test(value)
    ? { ok: true, value }
    : { ok: false, error: controlError('INVALID_PATH', { problem: 'clientId must be 1 to 64 letters, digits, "_", "." or "-"' }, 'clientId') };
}

export function certifyRoutes(core: SandboxCore, certification: Certification): Router {
  const router = Router();
  const noRun = (clientId: string) => controlError('CERTIFY_RUN_NOT_FOUND', { clientId }, 'clientId');

  router.post('/certify/webhook', async (req, res) => {
    const body = checkWebhook(req.body);
    if (!body.ok) return sendControlError(res, body.error);
    if (!URL.canParse(body.value.notifyUrl)) return sendControlError(res, controlError('INVALID_BODY', { problem: `notifyUrl is not a URL: ${body.value.notifyUrl}` }, 'notifyUrl'));
    const report = await runWebhookCertification(core, { ...body.value, baseUrl: baseUrlOf(req, core.options.publicUrl) });
    // The purpose payment asks for "success" by name: a failure of it is the sandbox's fault.
    if ('problem' in report) {
      core.logger.error({ problem: report.problem }, 'control plane error');
      return sendControlError(res, controlError('INTERNAL', {}));
    }
    res.json({ result: resultOf('SUCCESS'), report: certification.keep(report) });
  });

  router.post('/certify/checkout', (req, res) => {
    const body = checkStart(req.body);
    if (!body.ok) return sendControlError(res, body.error);
    certification.startCheckout(body.value.clientId);
    res.status(201).json({ result: resultOf('SUCCESS'), run: certification.checkoutStatus(body.value.clientId) });
  });

  router.get('/certify/checkout/:clientId', (req, res) => {
    const clientId = clientIdOf(req.params.clientId);
    if (!clientId.ok) return sendControlError(res, clientId.error);
    const run = certification.checkoutStatus(clientId.value);
    if (!run) return sendControlError(res, noRun(clientId.value));
    res.json({ result: resultOf('SUCCESS'), run });
  });

  router.post('/certify/checkout/:clientId/report', (req, res) => {
    const clientId = clientIdOf(req.params.clientId);
    if (!clientId.ok) return sendControlError(res, clientId.error);
    const report = certification.checkoutReport(clientId.value);
    if (!report) return sendControlError(res, noRun(clientId.value));
    res.json({ result: resultOf('SUCCESS'), report });
  });

  router.delete('/certify/checkout/:clientId', (req, res) => {
    const clientId = clientIdOf(req.params.clientId);
    if (!clientId.ok) return sendControlError(res, clientId.error);
    const run = certification.checkoutStatus(clientId.value);
    if (!run) return sendControlError(res, noRun(clientId.value));
    certification.stopCheckout(clientId.value);
    res.json({ result: resultOf('SUCCESS'), run });
  });

  router.get('/certify/reports', (_req, res) => {
    res.json({ reports: certification.listReports().map(({ id, kind, clientId, createdAt, passed, counts }) => ({ id, kind, clientId, createdAt, passed, counts })) });
  });

  router.get('/certify/reports/:id', (req, res) => {
    const query = checkReportQuery(req.query);
    if (!query.ok) return sendControlError(res, query.error);
    const report = certification.report(req.params.id);
    if (!report) return sendControlError(res, controlError('CERTIFY_REPORT_NOT_FOUND', { id: req.params.id, kept: MAX_REPORTS }, 'id'));
    const format = query.value.format ?? 'json';
    if (format === 'junit') return res.type('application/xml').send(renderJunit(report));
    if (format === 'html') return res.type('html').set('content-security-policy', REPORT_CSP).send(renderHtml(report));
    res.json(report);
  });

  return router;
}
