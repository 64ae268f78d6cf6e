// The public library API: what `import ... from 'alipay-sandbox'` gives.
//
//   import { createSandbox } from 'alipay-sandbox';
//   const sandbox = await createSandbox({ merchants: { SANDBOX_ME: merchantPublicKeyPem } });
//   const { url, close } = await sandbox.listen();
//   // point the merchant's SDK at `url`; configure sandbox.keys.publicKeyBase64 as Antom's public key;
//   // move time with sandbox.clock.advance(ms); wait for deliveries with sandbox.notifications.waitForAttempt()
//   await close();
import { createSandbox as createSandboxWithInternals } from './create-sandbox.ts';
import { processSandboxKeys } from './crypto/keys.ts';
import type { SandboxOptions } from './options.ts';
import type { Sandbox } from './sandbox.ts';

// A memory sandbox's key pair is made once per process, on the thread pool: an RSA prime search of 50 to
// 300 ms, the longest part of a first createSandbox(). Library users mostly make memory sandboxes, so it
// starts as the library is imported and runs while the rest of a test file loads. A failure reaches
// createSandbox(), which waits for the same promise.
processSandboxKeys().catch(() => undefined);

/** A whole sandbox in this process: in memory unless dataDir is given, on a manual clock unless clock: 'real'. */
export const createSandbox: (options?: SandboxOptions) => Promise<Sandbox> = createSandboxWithInternals;

export type { Sandbox, Listening, SandboxClock, SandboxPublicKey, SandboxNotifications, AttemptEvent, AttemptRecord, NotificationFilter, NotificationRecord } from './sandbox.ts';
export type { SandboxOptions, SignatureMode, ClockMode } from './options.ts';
export { contentToSign, signMessage, signMessageSync, verifyMessage, signatureHeader, parseSignatureHeader } from './crypto/signature.ts';
export { parsePrivateKey, parsePublicKey } from './crypto/keys.ts';
export { RESULT_CODES, type ResultCode } from './api/result-codes.ts';
export { PACKAGE_VERSION as version } from './package-root.ts';
