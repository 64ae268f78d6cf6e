// Checks the merchant's request signature according to the sandbox's signature mode.
//  enforce: Client-Id, a registered key and a valid signature are all required;
//  warn (default): a registered key is checked, an unknown client is accepted and logged;
//  off: nothing is checked (and responses are not signed).
import type { KeyObject } from 'node:crypto';
import { refuse, type Refusal } from './refusal.ts';
import { parseSignatureHeader, verifyMessage } from '../crypto/signature.ts';

export type SignatureMode = 'enforce' | 'warn' | 'off';

export interface SignedRequest {
  path: string;
  clientId: string | undefined;
  requestTime: string | undefined;
  signature: string | undefined;
  body: string;
}

/** Resolves to 'verified' or 'unverified' (accepted without a check), or the refusal when the mode refuses it. */
export async function checkRequestSignature(
  request: SignedRequest,
  mode: SignatureMode,
  keyOf: (clientId: string) => KeyObject | undefined,
): Promise<'verified' | 'unverified' | Refusal> {
  if (mode === 'off') return 'unverified';
  const key = request.clientId ? keyOf(request.clientId) : undefined;
  if (!key) {
    if (mode === 'warn') return 'unverified';
    if (!request.clientId) return refuse('CLIENT_INVALID', 'the Client-Id header is required');
    return refuse('KEY_NOT_FOUND', `no public key is registered for client ${request.clientId}; POST it to /_sandbox/merchants`);
  }
  if (!request.signature) return refuse('INVALID_SIGNATURE', 'the Signature header is required');
  if (request.requestTime === undefined) return refuse('INVALID_SIGNATURE', 'the Request-Time header is required');
  const { algorithm, signature } = parseSignatureHeader(request.signature);
  if (algorithm !== undefined && algorithm !== 'RSA256') {
    return refuse('INVALID_SIGNATURE', `signature algorithm ${algorithm} is not supported; use RSA256`);
  }
  if (!signature) return refuse('INVALID_SIGNATURE', 'the Signature header has no signature= field');
  const ok = verifyMessage(
    { path: request.path, clientId: request.clientId!, time: request.requestTime, body: request.body },
    signature,
    key,
  );
  if (!ok) {
    return refuse('INVALID_SIGNATURE', `the signature does not match "POST ${request.path}\\n${request.clientId}.${request.requestTime}.<body>" under the key registered for ${request.clientId}`);
  }
  return 'verified';
}
