// Public library API.
export { createSandbox, type Sandbox, type Listening } from './create-sandbox.ts';
export type { SandboxOptions } from './options.ts';
export { contentToSign, signMessage, signMessageSync, verifyMessage, signatureHeader, parseSignatureHeader } from './crypto/signature.ts';
export { parsePrivateKey, parsePublicKey } from './crypto/keys.ts';
export { RESULT_CODES, type ResultCode } from './api/result-codes.ts';
