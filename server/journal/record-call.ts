// Turns an answered merchant call into what the request journal keeps: the summary columns, the bodies
// with card numbers masked and security codes removed, and the headers without the signature (a
// signature over a body that held a card would let the hidden digits be found by trying them all).
import type { AnsweredCall } from '../api/handle-merchant-call.ts';
import { redactBody, redactText } from './redact-body.ts';
import { refusalField } from './refusal-field.ts';
import type { JournalRecord } from './request-journal.ts';

/** Bodies larger than this are summarised rather than kept. */
const MAX_KEPT_BODY = 64 * 1024;
const DROPPED_HEADERS = new Set(['signature', 'cookie', 'authorization']);
const IN_PROCESS = /_IN_PROCESS$/;
const PAYMENT_ID = /"paymentId":"([^"\\]{1,64})"/;

function headersOf(headers: AnsweredCall['headers']): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    const lower = name.toLowerCase();
    if (value === undefined || DROPPED_HEADERS.has(lower)) continue;
    out[lower] = (Array.isArray(value) ? value.join(', ') : value).slice(0, 512);
  }
  return out;
}

function requestBodyOf(call: AnsweredCall): unknown {
  if (call.requestBody !== undefined) return redactBody(call.requestBody);
  if (!call.rawBody || call.rawBody.length === 0) return null;
  if (call.rawBody.length > MAX_KEPT_BODY) return `<${call.rawBody.length} bytes, not kept>`;
  return redactText(call.rawBody.toString('utf8'));
}

export function recordOfCall(call: AnsweredCall): Omit<JournalRecord, 'seq'> {
  const { answer } = call;
  const { resultCode, resultStatus, resultMessage } = answer.result;
  const requestBody = requestBodyOf(call);
  const requestPaymentId = (call.requestBody as { paymentId?: unknown } | undefined)?.paymentId;
  const paymentId = PAYMENT_ID.exec(answer.body)?.[1] ?? (typeof requestPaymentId === 'string' ? requestPaymentId : undefined);
  const failed = resultStatus === 'F' || (resultStatus === 'U' && !IN_PROCESS.test(resultCode));
  const errorField = resultStatus === 'F' ? refusalField(resultCode, resultMessage) : undefined;
  return {
    time: new Date(call.receivedAt).toISOString(),
    method: call.method,
    path: call.path,
    clientId: call.clientId,
    ...(answer.operation ? { operation: answer.operation } : {}),
    signature: call.signature,
    resultCode,
    resultStatus,
    resultMessage,
    httpStatus: answer.fault?.httpStatus ?? answer.status,
    durationMs: Math.round(call.durationMs * 1000) / 1000,
    ...(paymentId ? { paymentId } : {}),
    ...(answer.headers['x-sandbox-scenario'] ? { scenario: answer.headers['x-sandbox-scenario'] } : {}),
    failed,
    ...(errorField ? { errorField } : {}),
    requestBody,
    responseText: answer.body.length > MAX_KEPT_BODY ? JSON.stringify(`<${answer.body.length} bytes, not kept>`) : answer.body,
    requestHeaders: headersOf(call.headers),
  };
}
