// Turns an answered merchant call into what the request journal keeps. It runs on every call, so it does
// the least that must happen now and leaves the rest to whoever reads the journal: the request body is
// kept as one text (JSON with card numbers masked and security codes removed), the answer as the text
// that was sent, and the columns a reader derives (ISO time, failed, error field) are worked out when a
// page is read. The journal keeps the texts as bytes outside the heap (text-arena.ts). The headers are
// kept without the signature: a signature over a body that held a card would let the hidden digits be
// found by trying them all.
import type { AnsweredCall } from '../api/handle-merchant-call.ts';
import { redactBody, redactJsonText, redactText } from './redact-body.ts';
import type { KeptCall } from './request-journal.ts';

/** Bodies larger than this are summarised rather than kept. */
export const MAX_KEPT_BODY = 64 * 1024;
const DROPPED_HEADERS = new Set(['signature', 'cookie', 'authorization']);
/**
 * What redactBody could change in a JSON text: a run of digits as long as a card number, a key naming a
 * card number or a security code, or a \u escape (which could spell either). A body with none of these is
 * kept as the text that came, without parsing or copying anything.
 */
const MAYBE_SECRET = /[0-9][0-9 -]{10,22}[0-9]|\\u|cvv|cvc|security|cardno|cardnumber|pan/i;

const notKept = (bytes: number) => `<${bytes} bytes, not kept>`;

function headersOf(headers: AnsweredCall['headers']): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name in headers) {
    const value = headers[name];
    const lower = name.toLowerCase();
    if (value === undefined || DROPPED_HEADERS.has(lower)) continue;
    out[lower] = (Array.isArray(value) ? value.join(', ') : value).slice(0, 512);
  }
  return out;
}

/** The request body as kept: JSON text (requestJson) or, for bytes that are not JSON, masked text; '' for none. */
function requestTextOf(call: AnsweredCall): { text: string; json: boolean } {
  if (call.requestBody !== undefined && call.requestText !== undefined) {
    if (call.requestText.length > MAX_KEPT_BODY) return { text: notKept(Buffer.byteLength(call.requestText)), json: false };
    const text = call.requestText.charCodeAt(0) === 0xfeff ? call.requestText.slice(1) : call.requestText;
    if (!MAYBE_SECRET.test(text)) return { text, json: true };
    return { text: redactJsonText(text) ?? JSON.stringify(redactBody(call.requestBody)), json: true };
  }
  if (!call.rawBody || call.rawBody.length === 0) return { text: '', json: false };
  if (call.rawBody.length > MAX_KEPT_BODY) return { text: notKept(call.rawBody.length), json: false };
  return { text: redactText(call.rawBody.toString('utf8')), json: false };
}

export function recordOfCall(call: AnsweredCall): KeptCall {
  const { answer } = call;
  const request = requestTextOf(call);
  const requestPaymentId = (call.requestBody as { paymentId?: unknown } | undefined)?.paymentId;
  return {
    receivedAt: call.receivedAt,
    method: call.method,
    path: call.path,
    clientId: call.clientId,
    operation: answer.operation,
    signature: call.signature,
    result: answer.result,
    httpStatus: answer.fault?.httpStatus ?? answer.status,
    durationMs: Math.round(call.durationMs * 1000) / 1000,
    // From the answer's value, not matched in its text: a match would be a slice that keeps the whole text alive.
    paymentId: answer.paymentId ?? (typeof requestPaymentId === 'string' ? requestPaymentId : undefined),
    scenario: answer.headers['x-sandbox-scenario'],
    requestText: request.text,
    requestJson: request.json,
    responseText: answer.body.length > MAX_KEPT_BODY ? JSON.stringify(notKept(answer.body.length)) : answer.body,
    requestHeaders: headersOf(call.headers),
  };
}
