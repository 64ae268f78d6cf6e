// /_sandbox/certify: merchant certification. A webhook run (sends probes to the merchant's notify URL and
// answers with the graded report), a checkout run per merchant (arm, status, report, stop), and the
// reports kept in memory in their three forms (JSON, JUnit XML, HTML).
import { Router } from 'express';
import { resultOf } from '../api/result-codes.ts';
import { MAX_REPORTS, type Certification } from '../certify/certification.ts';
import { renderHtml, REPORT_CSP } from '../certify/report-html.ts';
import { renderJunit } from '../certify/report-junit.ts';
import { runWebhookCertification } from '../certify/run-webhook.ts';
import type { SandboxCore } from '../sandbox-core.ts';
import { CONTROL_SCHEMAS } from './control-schemas.ts';
import { bodyCheck, queryCheck } from './control-validate.ts';
import { controlError, sendControlError, type Checked } from './control-errors.ts';
import { baseUrlOf } from './merchant-adapter.ts';

const REPORT_QUERY = queryCheck(CONTROL_SCHEMAS.CertifyReportQuery);
const WEBHOOK_BODY = bodyCheck(CONTROL_SCHEMAS.CertifyWebhookBody);
const CHECKOUT_BODY = bodyCheck(CONTROL_SCHEMAS.CheckoutStartBody);
const CLIENT_ID = /^[A-Za-z0-9_.-]{1,64}$/;

export function certifyRoutes(core: SandboxCore, certification: Certification): Router {
  const router = Router();

  /** The path's clientId, when it is well formed and has a checkout run. */
  const runOf = (value: string): Checked<string> => {
    if (!CLIENT_ID.test(value)) return { ok: false, error: controlError('INVALID_PATH', { problem: 'clientId must be 1 to 64 letters, digits, "_", "." or "-"' }, 'clientId') };
    if (!certification.hasCheckoutRun(value)) return { ok: false, error: controlError('CERTIFY_RUN_NOT_FOUND', { clientId: value }, 'clientId') };
    return { ok: true, value };
  };

  router.post('/certify/webhook', async (req, res) => {
    const checked = WEBHOOK_BODY(req.body);
    if (!checked.ok) return sendControlError(res, checked.error);
    const body = checked.value;
    const protocol = URL.canParse(body.notifyUrl) ? new URL(body.notifyUrl).protocol : undefined;
    if (protocol !== 'http:' && protocol !== 'https:') {
      return sendControlError(res, controlError('INVALID_BODY', { problem: `notifyUrl must be an http or https URL: ${body.notifyUrl}` }, 'notifyUrl'));
    }
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
    const run = runOf(req.params.clientId);
    if (!run.ok) return sendControlError(res, run.error);
    res.json({ result: resultOf('SUCCESS'), run: certification.checkoutStatus(run.value) });
  });

  router.post('/certify/checkout/:clientId/report', (req, res) => {
    const run = runOf(req.params.clientId);
    if (!run.ok) return sendControlError(res, run.error);
    res.json({ result: resultOf('SUCCESS'), report: certification.checkoutReport(run.value) });
  });

  router.delete('/certify/checkout/:clientId', (req, res) => {
    const run = runOf(req.params.clientId);
    if (!run.ok) return sendControlError(res, run.error);
    const clientId = run.value;
    const status = certification.checkoutStatus(clientId);
    certification.stopCheckout(clientId);
    res.json({ result: resultOf('SUCCESS'), run: status });
  });

  router.get('/certify/reports', (_req, res) => {
    res.json({ reports: certification.listReports().map(({ id, kind, clientId, createdAt, passed, counts }) => ({ id, kind, clientId, createdAt, passed, counts })) });
  });

  router.get('/certify/reports/:id', (req, res) => {
    const query = REPORT_QUERY(req.query);
    if (!query.ok) return sendControlError(res, query.error);
    const { format = 'json' } = query.value;
    const report = certification.findReport(req.params.id);
    if (!report) return sendControlError(res, controlError('CERTIFY_REPORT_NOT_FOUND', { id: req.params.id, kept: MAX_REPORTS }, 'id'));
    if (format === 'junit') return res.type('application/xml').send(renderJunit(report));
    if (format === 'html') return res.type('html').set('content-security-policy', REPORT_CSP).send(renderHtml(report));
    res.json(report);
  });

  return router;
}
