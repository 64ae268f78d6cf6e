// The merchant API pipeline, free of Express:
//   route -> method -> media type -> body -> signature -> operation -> envelope -> response signature,
//   with the commit of what the operation changed running alongside the response signature.
// Every failure becomes Antom's envelope (HTTP 200, result F/U) and never a stack trace.
import type { KeyObject } from 'node:crypto';
import type { Result } from '../../schemas/common.ts';
import { formatTime, type Clock } from '../core/clock.ts';
import { resultOf, SandboxError } from '../core/result-codes.ts';
import { signatureHeader, signMessage } from '../crypto/signature.ts';
import type { OperationContext } from '../operations/context.ts';
import { watchScenario, type TransportFault } from '../scenarios/call-scenario.ts';
import { readJson } from './read-json.ts';
import { checkRequestSignature, type SignatureMode } from './request-signature.ts';
import { OPERATIONS, operationNameOf } from './routes.ts';
import { DataDirectoryLostError } from '../store/sandbox-store.ts';

export interface MerchantCall {
  method: string;
  /** The request target as sent: origin-form, or absolute-form from clients that send a full URL. */
  target: string;
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
  /** The operation name and result, for logs and the control plane. */
  operation?: string;
  result: Result;
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
  context: Omit<OperationContext, 'clientId' | 'baseUrl' | 'headers'>;
  onUnverified?: (clientId: string) => void;
  /** Told of every answer (for the debug log). */
  onAnswer?: (call: { method: string; path: string; clientId: string }, answer: MerchantAnswer) => void;
}

const header = (headers: MerchantCall['headers'], name: string): string | undefined => {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
};

/** The path a client signed: pathname plus query, without scheme and host when the target was absolute. */
export function signedPathOf(target: string): string {
  return target.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i, '') || '/';
}

function pathnameOf(path: string): string {
  const end = path.search(/[?#]/);
  return end < 0 ? path : path.slice(0, end);
}

const JSON_TYPE = /^application\/json\s*(;\s*charset\s*=\s*"?utf-8"?\s*)?$/i;

export async function handleMerchantCall(call: MerchantCall, deps: MerchantApiDeps): Promise<MerchantAnswer> {
  const path = signedPathOf(call.target);
  const clientId = header(call.headers, 'client-id')?.trim() || undefined;
  let sign = deps.signatureMode !== 'off';
  let close = false;
  let operation: string | undefined;
  let answer: object;
  // The scenario engine's view of this call: the x-sandbox-scenario header, and what the decision said.
  const scenario = watchScenario(deps.context.decidePay, header(call.headers, 'x-sandbox-scenario'));
  try {
    operation = operationNameOf(pathnameOf(path));
    if (!operation) throw new SandboxError('NO_INTERFACE_DEF', `no API is defined at ${pathnameOf(path)}`);
    if (call.method !== 'POST') throw new SandboxError('METHOD_NOT_SUPPORTED', `${call.method} is not supported; the API takes POST`);
    const contentType = header(call.headers, 'content-type');
    if (!contentType || !JSON_TYPE.test(contentType.trim())) {
      close = true;
      throw new SandboxError('MEDIA_TYPE_NOT_ACCEPTABLE', `Content-Type must be application/json (UTF-8), got ${contentType ?? 'none'}`);
    }
    let raw: Buffer;
    try {
      raw = await call.readBody();
    } catch (error) {
      close = true;
      const type = (error as { type?: string }).type;
      if (type === 'entity.too.large') throw new SandboxError('PARAM_ILLEGAL', 'the request body is larger than 1 MiB');
      throw new SandboxError('PARAM_ILLEGAL', `the request body could not be read: ${(error as Error).message}`);
    }
    const { text: bodyText, value } = readJson(raw);
    const verdict = await checkRequestSignature(
      { path, clientId, requestTime: header(call.headers, 'request-time'), signature: header(call.headers, 'signature'), body: bodyText },
      deps.signatureMode,
      deps.merchantKey,
    ).catch((error: unknown) => {
      // Antom leaves the response unsigned when the request's signature was invalid.
      if (error instanceof SandboxError && error.code === 'INVALID_SIGNATURE') sign = false;
      throw error;
    });
    if (verdict === 'unverified' && deps.signatureMode === 'warn') deps.onUnverified?.(clientId ?? deps.defaultClientId);
    answer = await OPERATIONS[operation]!(value, {
      ...deps.context,
      decidePay: scenario.decidePay,
      clientId: clientId ?? deps.defaultClientId,
      baseUrl: call.baseUrl,
      headers: lowerCaseHeaders(call.headers),
    });
  } catch (error) {
    answer = scenario.answerFor(error) ?? { result: error instanceof SandboxError ? error.toResult() : unexpected(error) };
  }
  const effect = scenario.finish(answer, operation === 'payments/pay' ? (id) => deps.context.store.payments.get(id) : undefined);
  // Nothing is answered before what the call changed is on disk; the answer is signed on the thread pool
  // in the meantime, so the commit costs the caller no extra time.
  const committed = deps.context.store.commit().then(() => undefined, (error: unknown) => error ?? new Error('commit failed'));
  const meta = {
    path, clientId: clientId ?? deps.defaultClientId, sign: sign && !effect.unsigned, close, operation, headers: effect.headers, fault: effect.fault,
  };
  let response = await respond(effect.answer, meta, deps);
  const commitError = await committed;
  // The change was not stored: the call must not look as if it succeeded.
  if (commitError !== undefined) response = await respond({ result: unexpected(commitError) }, { ...meta, fault: undefined }, deps);
  deps.onAnswer?.({ method: call.method, path, clientId: clientId ?? deps.defaultClientId }, response);
  return response;
}

function unexpected(error: unknown): Result {
  // A bug must still answer in Antom's envelope; the details go to the log, not the wire. A lost data
  // directory was logged once, loudly, when it was noticed: not again for every call.
  if (!(error instanceof DataDirectoryLostError)) console.error('unexpected error in the merchant API:', error);
  return resultOf('UNKNOWN_EXCEPTION', 'An unexpected error occurred in the sandbox; the request may be retried.');
}

function lowerCaseHeaders(headers: MerchantCall['headers']): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(headers)) out[name.toLowerCase()] = Array.isArray(value) ? value[0] : value;
  return out;
}

async function respond(
  answer: object,
  meta: { path: string; clientId: string; sign: boolean; close: boolean; operation?: string; headers?: Record<string, string>; fault?: TransportFault },
  deps: MerchantApiDeps,
): Promise<MerchantAnswer> {
  const body = JSON.stringify(answer);
  const responseTime = formatTime(deps.clock.now());
  // Lower-case header names: the Python and PHP SDKs look them up case-sensitively.
  const headers: Record<string, string> = {
    'content-type': 'application/json; charset=UTF-8',
    'client-id': meta.clientId,
    'response-time': responseTime,
    ...meta.headers,
  };
  if (meta.sign) {
    const signature = await signMessage({ path: meta.path, clientId: meta.clientId, time: responseTime, body }, deps.sandboxKey);
    headers.signature = signatureHeader(signature);
  }
  if (meta.close) headers.connection = 'close';
  return { status: 200, headers, body, operation: meta.operation, result: (answer as { result: Result }).result, close: meta.close, fault: meta.fault };
}
