// alipay-sandbox certify webhook: sends each probe to the merchant's notify URL with the sandbox's own
// signing code and notification sender, and judges the answer with the sandbox's own acknowledgement
// rule (notify/acknowledgement.ts): the same code that decides whether a real notification was delivered.
import { generateKeyPair, type KeyObject } from 'node:crypto';
import { promisify } from 'node:util';
import type { CertifyCheck, CertifyReport } from '../../schemas/control/certify.ts';
import { formatTime } from '../clock/clock.ts';
import { signatureHeader, signMessage } from '../crypto/signature.ts';
import { judgeAnswer } from '../notify/acknowledgement.ts';
import { sendNotification } from '../notify/send-notification.ts';
import type { SandboxCore } from '../sandbox-core.ts';
import { lifecycleUse, makePurposePayment } from './purpose-payment.ts';
import { buildReport } from './report.ts';
import { webhookProbes, type Probe } from './webhook-probes.ts';

export interface WebhookRunInput { clientId: string; notifyUrl: string; capture?: boolean; refund?: boolean; baseUrl: string }

let otherKey: Promise<KeyObject> | undefined;

/** A key that is not the sandbox's, made once per process: what a forger would sign with. */
function forgerKey(): Promise<KeyObject> {
  otherKey ??= promisify(generateKeyPair)('rsa', { modulusLength: 2048 }).then(({ privateKey }) => privateKey);
  return otherKey;
}

interface Sent {
  request: { url: string; headers: Record<string, string>; body: string };
  response: { status?: number; body?: string; latencyMs: number; error?: string };
  acknowledged: boolean;
  why?: string;
}

async function headersFor(probe: Probe, core: SandboxCore, clientId: string, url: URL): Promise<Record<string, string>> {
  const requestTime = formatTime(core.clock.now());
  const headers: Record<string, string> = { 'content-type': 'application/json; charset=UTF-8', 'client-id': clientId, 'request-time': requestTime };
  if (probe.signing === 'none') return headers;
  const key = probe.signing === 'other-key' ? await forgerKey() : core.keys.privateKey;
  const body = probe.signing === 'sandbox-over-original' ? probe.signedBody! : probe.body;
  const signature = await signMessage({ path: `${url.pathname}${url.search}`, clientId, time: requestTime, body }, key);
  return { ...headers, signature: signatureHeader(signature) };
}

function verdictOf(probe: Probe, sent: Sent): Pick<CertifyCheck, 'verdict' | 'detail'> {
  const answer = sent.response.status !== undefined ? `HTTP ${sent.response.status} ${(sent.response.body ?? '').slice(0, 200)}` : sent.response.error ?? 'no answer';
  if (probe.expect === 'info') {
    return { verdict: 'info', detail: sent.acknowledged ? `acknowledged (${answer}): make sure the later F did not undo the paid order` : `not acknowledged (${answer}): Antom would send it again` };
  }
  if (probe.expect === 'ack') {
    return sent.acknowledged
      ? { verdict: 'pass', detail: `acknowledged in ${sent.response.latencyMs} ms` }
      : { verdict: 'fail', detail: `not acknowledged: ${sent.why}` };
  }
  return sent.acknowledged
    ? { verdict: 'fail', detail: `acknowledged (${answer}), although it must be refused` }
    : { verdict: 'pass', detail: `not acknowledged: ${sent.why}` };
}

/** The graded report, or the problem that kept the run from starting (its purpose payment failed). */
export async function runWebhookCertification(core: SandboxCore, input: WebhookRunInput): Promise<CertifyReport | { problem: string }> {
  const { clientId, notifyUrl } = input;
  const url = new URL(notifyUrl);
  const used = lifecycleUse(core, clientId);
  const include = { capture: input.capture === true || used.capture, refund: input.refund === true || used.refund };
  const purpose = await makePurposePayment(core, clientId, input.baseUrl, include);
  if ('problem' in purpose) return purpose;
  // Antom publishes no answer time for notifications; the sandbox's own delivery timeout is the limit.
  const timeoutMs = core.options.notifyTimeoutMs ?? 5000;
  const { probes, skipped } = webhookProbes(purpose, timeoutMs, include);
  const sentById = new Map<string, Sent>();
  const checks: CertifyCheck[] = [];
  for (const probe of probes) {
    const previous = probe.repeatOf ? sentById.get(probe.repeatOf) : undefined;
    const headers = previous ? previous.request.headers : await headersFor(probe, core, clientId, url);
    const body = previous ? previous.request.body : probe.body;
    const result = await sendNotification(notifyUrl, headers, body, timeoutMs);
    const judged = result.error !== undefined ? { delivered: false as const, error: result.error } : judgeAnswer(result.status!, result.body ?? '');
    const sent: Sent = {
      request: { url: notifyUrl, headers, body },
      response: { status: result.status, body: result.body?.slice(0, 4096), latencyMs: result.latencyMs, ...(result.error ? { error: result.error } : {}) },
      acknowledged: judged.delivered,
      ...(judged.delivered ? {} : { why: judged.error }),
    };
    sentById.set(probe.id, sent);
    const verdict = verdictOf(probe, sent);
    checks.push({
      id: probe.id, name: probe.name, graded: probe.expect !== 'info', ...verdict,
      ...(verdict.verdict === 'fail' || verdict.verdict === 'info' ? { fix: probe.fix } : {}),
      rule: probe.rule,
      evidence: { paymentId: purpose.payment.paymentId, signing: probe.signing, sent: sent.request, received: sent.response },
    });
  }
  for (const skip of skipped) {
    checks.splice(checks.length - 1, 0, { id: skip.id, name: skip.name, graded: true, verdict: 'skipped', detail: skip.reason, rule: skip.rule, evidence: {} });
  }
  return buildReport('webhook', clientId, core.clock.now(), checks, notifyUrl);
}
