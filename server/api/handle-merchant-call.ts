// The merchant API pipeline, free of Express, read top to bottom:
//   route (once, by the caller) -> receive (method, media type, body) -> verify the signature
//   -> validate (the operation's schema) -> operation -> scenario effect -> commit -> sign.
// Each stage takes a value and returns one: what the next stage needs, or a refusal that skips to the
// answer. Every refusal is Antom's envelope (HTTP 200, result F/U), never a stack trace.
import type { KeyObject } from 'node:crypto';
import type { Logger } from 'pino';
import type { Result } from '../../schemas/common.ts';
import type { SignatureVerdict } from '../../schemas/control/dashboard.ts';
import { formatTime, type Clock } from '../clock/clock.ts';
import { signatureHeader, signMessage } from '../crypto/signature.ts';
import type { OperationContext, OperationResult } from '../operations/context.ts';
import { scenarioEffect, type CallEffect, type TransportFault } from '../scenario/scenario-effect.ts';
import { readJson } from './read-json.ts';
import { checkRequestSignature, type SignatureMode } from './request-signature.ts';
import { resultOf } from './result-codes.ts';
import type { MerchantRoute } from './routes.ts';
import { checked } from './validate.ts';
import { DataDirectoryLostError } from '../store/sandbox-store.ts';

export interface MerchantCall {
  method: string;
  headers: Record<string, string | string[] | undefined>;
  /** Reads the body; rejects with { type: 'entity.too.large' } past the limit. Not called for early errors. */
  readBody: () => Promise<Buffer>;
  /** The sandbox's address as the caller reached it. */
  baseUrl: string;
}

export interface MerchantAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
  /** The operation name, result and the paymentId answered (if any), for logs and the control plane. */
  operation?: string;
  result: Result;
  paymentId?: string;
  /** Close the connection after answering (the body may not have been read). */
  close?: boolean;
  /** A scenario's fault on this call, for the HTTP edge to perform: latency, an HTTP error, a drop, no answer. */
  fault?: TransportFault;
}

export interface MerchantApiDeps {
  clock: Clock;
  signatureMode: SignatureMode;
  sandboxKey: KeyObject;
  merchantKey: (clientId: string) => KeyObject | undefined;
  /** The client id used when a request has none and the mode lets it through. */
  defaultClientId: string;
  context: Omit<OperationContext, 'clientId' | 'baseUrl' | 'requestedScenario'>;
  logger: Logger;
  onUnverified?: (clientId: string) => void;
  /** Told of every answer: the request journal, the event stream and the debug log. */
  onAnswer?: (call: AnsweredCall) => void;
}

/** One merchant call once answered, as the request journal records it. */
export interface AnsweredCall {
  method: string;
  path: string;
  clientId: string;
  headers: MerchantCall['headers'];
  /** Sandbox time of arrival (epoch ms), and wall-clock ms until the answer was ready. */
  receivedAt: number;
  durationMs: number;
  signature: SignatureVerdict;
  /** The body as parsed, when it was read and was a JSON object; otherwise the bytes read, if any. */
  requestBody?: unknown;
  /** The body's text, when it was JSON (requestBody parsed from it). */
  requestText?: string;
  rawBody?: Buffer;
  answer: MerchantAnswer;
}

/** A stage's refusal: the answer's result, and how the answer leaves. */
interface Refused {
  refused: Result; close?: boolean; unsigned?: boolean;
  /** For the request journal: the bytes of a body that was read but is not JSON, and the signature verdict. */
  raw?: Buffer; signature?: SignatureVerdict;
}
const refuse = (code: Parameters<typeof resultOf>[0], message: string, how: Omit<Refused, 'refused'> = {}): Refused => ({ refused: resultOf(code, message), ...how });
const isRefused = (value: object): value is Refused => 'refused' in value;

const header = (headers: MerchantCall['headers'], name: string): string | undefined => {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
};

const JSON_TYPE = /^application\/json\s*(;\s*charset\s*=\s*"?utf-8"?\s*)?$/i;

export async function handleMerchantCall(call: MerchantCall, route: MerchantRoute, deps: MerchantApiDeps): Promise<MerchantAnswer> {
  const receivedAt = deps.clock.now();
  const started = performance.now();
  const clientId = header(call.headers, 'client-id')?.trim() || undefined;
  const received = await receive(call, route);
  const verified = isRefused(received) ? received : await verify(received, call, route, clientId, deps);
  const result = isRefused(verified) ? refusedResult(verified) : await operate(verified, call, route, clientId, deps);
  const effect = scenarioEffect(result);
  // Nothing is answered before what the call changed is on disk; the answer is signed on the thread pool
  // in the meantime, so the commit costs the caller no extra time.
  const committed = deps.context.store.commit().then(() => undefined, (error: unknown) => error ?? new Error('commit failed'));
  const meta: AnswerMeta = {
    path: route.path, clientId: clientId ?? deps.defaultClientId, operation: route.name,
    sign: deps.signatureMode !== 'off' && !effect.unsigned, close: isRefused(verified) && verified.close === true,
  };
  let response = await respond(effect, meta, deps);
  const commitError = await committed;
  // The change was not stored: the call must not look as if it succeeded.
  if (commitError !== undefined) response = await respond({ answer: { result: unexpected(commitError, deps.logger) }, headers: effect.headers }, meta, deps);
  deps.onAnswer?.({
    method: call.method, path: route.path, clientId: meta.clientId, headers: call.headers, receivedAt, durationMs: performance.now() - started,
    signature: isRefused(verified) ? verified.signature ?? 'unchecked' : verified.signature,
    requestBody: isRefused(received) ? undefined : received.value, requestText: isRefused(received) ? undefined : received.text, rawBody: isRefused(received) ? received.raw : undefined, answer: response,
  });
  return response;
}

/** Route, method, media type and body: the JSON value and its exact text (the signature covers it). */
async function receive(call: MerchantCall, route: MerchantRoute): Promise<Refused | { text: string; value: unknown }> {
  if (!route.operation) return refuse('NO_INTERFACE_DEF', `no API is defined at ${route.pathname}`);
  if (call.method !== 'POST') return refuse('METHOD_NOT_SUPPORTED', `${call.method} is not supported; the API takes POST`);
  const contentType = header(call.headers, 'content-type');
  if (!contentType || !JSON_TYPE.test(contentType.trim())) {
    return refuse('MEDIA_TYPE_NOT_ACCEPTABLE', `Content-Type must be application/json (UTF-8), got ${contentType ?? 'none'}`, { close: true });
  }
  let raw: Buffer;
  try {
    raw = await call.readBody();
  } catch (error) {
    const tooLarge = (error as { type?: string }).type === 'entity.too.large';
    return refuse('PARAM_ILLEGAL', tooLarge ? 'the request body is larger than 1 MiB' : `the request body could not be read: ${(error as Error).message}`, { close: true });
  }
  const json = readJson(raw);
  // A body that is not JSON keeps its bytes, for the request journal.
  return isRefused(json) ? { ...json, raw } : json;
}

async function verify(
  body: { text: string; value: unknown }, call: MerchantCall, route: MerchantRoute, clientId: string | undefined, deps: MerchantApiDeps,
): Promise<Refused | { value: unknown; signature: SignatureVerdict }> {
  const signed = { path: route.path, clientId, requestTime: header(call.headers, 'request-time'), signature: header(call.headers, 'signature'), body: body.text };
  const verdict = await checkRequestSignature(signed, deps.signatureMode, deps.merchantKey).catch((error: unknown) => refusedBy(error, deps.logger));
  if (typeof verdict === 'object') {
    const signature = signed.signature ? 'invalid' : 'missing';
    // Antom leaves the response unsigned when the request's signature was invalid.
    return verdict.refused.resultCode === 'INVALID_SIGNATURE' ? { ...verdict, unsigned: true, signature } : { ...verdict, signature };
  }
  if (verdict === 'unverified' && deps.signatureMode === 'warn') deps.onUnverified?.(clientId ?? deps.defaultClientId);
  return { value: body.value, signature: verdict === 'verified' ? 'valid' : deps.signatureMode === 'off' ? 'off' : 'unverified' };
}

/**
 * Validate against the operation's schema, then run it. A rule the request breaks, the scenario engine's
 * refusal of a scenario it does not know included, comes back as the operation's result (a refusal
 * value); what is caught here is a bug only (UNKNOWN_EXCEPTION, logged).
 */
async function operate(body: { value: unknown }, call: MerchantCall, route: MerchantRoute, clientId: string | undefined, deps: MerchantApiDeps): Promise<OperationResult> {
  const { schema, run } = route.operation!;
  const request = checked(schema, body.value);
  if ('refused' in request) return refusedResult(request);
  const context: OperationContext = {
    ...deps.context,
    clientId: clientId ?? deps.defaultClientId,
    baseUrl: call.baseUrl,
    requestedScenario: header(call.headers, 'x-sandbox-scenario')?.trim() || undefined,
  };
  try {
    return await run(request.value, context);
  } catch (error) {
    return refusedResult(refusedBy(error, deps.logger));
  }
}

/** A bug below a stage, answered in Antom's envelope. */
function refusedBy(error: unknown, logger: Logger): Refused {
  return { refused: unexpected(error, logger) };
}

const refusedResult = (refused: Refused): OperationResult => ({ answer: { result: refused.refused }, unsigned: refused.unsigned });

function unexpected(error: unknown, logger: Logger): Result {
  // A bug must still answer in Antom's envelope; the details go to the log, not the wire. A lost data
  // directory was logged once, loudly, when it was noticed: not again for every call.
  if (!(error instanceof DataDirectoryLostError)) logger.error({ err: error }, 'unexpected error in the merchant API');
  return resultOf('UNKNOWN_EXCEPTION', 'An unexpected error occurred in the sandbox; the request may be retried.');
}

interface AnswerMeta { path: string; clientId: string; sign: boolean; close: boolean; operation?: string }

async function respond(effect: CallEffect, meta: AnswerMeta, deps: MerchantApiDeps): Promise<MerchantAnswer> {
  const body = JSON.stringify(effect.answer);
  const responseTime = formatTime(deps.clock.now());
  // Lower-case header names: the Python and PHP SDKs look them up case-sensitively.
  const headers: Record<string, string> = {
    'content-type': 'application/json; charset=UTF-8',
    'client-id': meta.clientId,
    'response-time': responseTime,
    ...effect.headers,
  };
  if (meta.sign) {
    const signature = await signMessage({ path: meta.path, clientId: meta.clientId, time: responseTime, body }, deps.sandboxKey);
    headers.signature = signatureHeader(signature);
  }
  if (meta.close) headers.connection = 'close';
  const { result, paymentId } = effect.answer as { result: Result; paymentId?: unknown };
  return { status: 200, headers, body, operation: meta.operation, result, paymentId: typeof paymentId === 'string' ? paymentId : undefined, close: meta.close, fault: effect.fault };
}
