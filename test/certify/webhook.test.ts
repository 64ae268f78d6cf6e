// Webhook certification against the two reference merchants, over real HTTP on loopback with real keys:
// the well-behaved one passes every check; the sloppy one fails exactly the signature checks it skips.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAjv } from '../../server/api/validate.ts';
import { CONTROL_SCHEMAS } from '../../server/http/control-schemas.ts';
import type { CertifyReport } from '../../schemas/control/certify.ts';
import { startWithReferenceMerchants, verdicts, type ReferenceMerchant } from './reference-merchants.ts';

let url: string;
let good: ReferenceMerchant;
let sloppy: ReferenceMerchant;

async function certifyWebhook(body: object): Promise<{ status: number; answer: { report: CertifyReport; error: { code: string; message: string; field?: string } } }> {
  const res = await fetch(`${url}/_sandbox/certify/webhook`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, answer: await res.json() as never };
}

/** The answer as the control-plane OpenAPI document describes it (schemas/control/certify.ts). */
const checkAnswer = createAjv().compile(CONTROL_SCHEMAS.CertifyReportAnswer);

let close: () => Promise<void>;
beforeAll(async () => {
  ({ url, good, sloppy, close } = await startWithReferenceMerchants('CERT'));
});

afterAll(() => close?.());

describe('certify webhook', () => {
  it('passes the well-behaved merchant on every check, capture and refund included', async () => {
    const { status, answer } = await certifyWebhook({ clientId: good.clientId, notifyUrl: good.notifyUrl, capture: true, refund: true });
    expect(status).toBe(200);
    expect(checkAnswer(answer), JSON.stringify(checkAnswer.errors)).toBe(true);
    const { report } = answer;
    expect(verdicts(report)).toEqual({
      'notify-payment-acknowledged': 'pass',
      'duplicate-acknowledged': 'pass',
      'forged-signature-refused': 'pass',
      'tampered-body-refused': 'pass',
      'missing-signature-refused': 'pass',
      'unknown-fields-acknowledged': 'pass',
      'notify-capture-acknowledged': 'pass',
      'notify-refund-acknowledged': 'pass',
      'fail-after-success': 'info',
    });
    expect(report.passed).toBe(true);
    expect(report.checks.find((c) => c.id === 'fail-after-success')!.graded).toBe(false);
    // The merchant acted on the payment's result once although it was acknowledged three times.
    const paymentId = (report.checks[0]!.evidence as { paymentId: string }).paymentId;
    expect(good.handled.get(`PAYMENT_RESULT:${paymentId}:`)).toBe(1);
    // Evidence: what was sent (headers, body) and what came back.
    const forged = report.checks.find((c) => c.id === 'forged-signature-refused')!.evidence as { sent: { headers: Record<string, string>; body: string }; received: { status: number } };
    expect(forged.sent.headers.signature).toMatch(/^algorithm=RSA256,keyVersion=1,signature=/);
    expect(forged.received.status).toBe(401);
    const unsigned = report.checks.find((c) => c.id === 'missing-signature-refused')!.evidence as { sent: { headers: Record<string, string> } };
    expect(unsigned.sent.headers.signature).toBeUndefined();
  });

  it('fails the sloppy merchant on exactly the checks it breaks: the three signature checks', async () => {
    const { answer } = await certifyWebhook({ clientId: sloppy.clientId, notifyUrl: sloppy.notifyUrl });
    const { report } = answer;
    expect(verdicts(report)).toEqual({
      'notify-payment-acknowledged': 'pass',
      'duplicate-acknowledged': 'pass',
      'forged-signature-refused': 'fail',
      'tampered-body-refused': 'fail',
      'missing-signature-refused': 'fail',
      'unknown-fields-acknowledged': 'pass',
      'notify-capture-acknowledged': 'skipped',
      'notify-refund-acknowledged': 'skipped',
      'fail-after-success': 'info',
    });
    expect(report.passed).toBe(false);
    const failed = report.checks.filter((c) => c.verdict === 'fail');
    for (const check of failed) {
      expect(check.fix).toMatch(/Verify the Signature header/);
      expect(check.rule.url).toBe('https://docs.antom.com/ac/ams/digital_signature');
    }
    expect(report.checks.find((c) => c.id === 'notify-capture-acknowledged')!.detail).toMatch(/has not seen this merchant capture/);
  });

  it('passes the sandbox\'s own receiver, which verifies signatures the same way', async () => {
    const { answer } = await certifyWebhook({ clientId: good.clientId, notifyUrl: `${url}/_sandbox/receiver/certify` });
    expect(answer.report.counts).toEqual({ pass: 6, fail: 0, skipped: 2, 'not-observed': 0, info: 1 });
  });

  it('keeps the report in its three forms', async () => {
    const { answer } = await certifyWebhook({ clientId: good.clientId, notifyUrl: good.notifyUrl });
    const base = `${url}/_sandbox/certify/reports/${answer.report.id}`;
    const json = await fetch(base).then((res) => res.json()) as CertifyReport;
    expect(json.id).toBe(answer.report.id);
    const html = await fetch(`${base}?format=html`);
    expect(html.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(await html.text()).toContain('a notification signed with another key is not acknowledged');
    const junit = await fetch(`${base}?format=junit`).then((res) => res.text());
    expect(junit).toMatch(/^<\?xml version="1.0"/);
    const list = await fetch(`${url}/_sandbox/certify/reports`).then((res) => res.json()) as { reports: { id: string }[] };
    expect(list.reports[0]!.id).toBe(answer.report.id);
  });

  it('refuses bad input with a clear answer', async () => {
    const missing = await certifyWebhook({ clientId: good.clientId });
    expect(missing.status).toBe(400);
    expect(missing.answer.error).toMatchObject({ code: 'INVALID_BODY', status: 400, field: 'notifyUrl' });
    const ftp = await certifyWebhook({ clientId: good.clientId, notifyUrl: 'ftp://127.0.0.1/notify' });
    expect(ftp.status).toBe(400);
    expect(ftp.answer.error).toMatchObject({ code: 'INVALID_BODY', field: 'notifyUrl' });
    const format = await fetch(`${url}/_sandbox/certify/reports/nope?format=pdf`);
    expect(format.status).toBe(400);
    expect(((await format.json()) as { error: { code: string; field: string } }).error).toMatchObject({ code: 'INVALID_QUERY', field: 'format' });
    const unknown = await fetch(`${url}/_sandbox/certify/reports/cert_unknown`);
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as { error: { code: string; message: string } }).error).toMatchObject({
      code: 'CERTIFY_REPORT_NOT_FOUND', message: 'no certification report cert_unknown (the last 50 are kept, in memory)',
    });
  });
});
