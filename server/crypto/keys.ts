// Keys as Antom exchanges them: bare base64 DER without PEM armour (SPKI public keys; PKCS#8 private keys
// in Java and Go, PKCS#1 in Python), or ordinary PEM. Everything is parsed once into a KeyObject.
import { createPrivateKey, createPublicKey, generateKeyPair, type KeyObject } from 'node:crypto';
import { promisify } from 'node:util';

function derFromBase64(text: string): Buffer {
  const compact = text.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(compact)) throw new Error('the key is neither PEM nor base64');
  return Buffer.from(compact, 'base64');
}

/** Reads a public key in PEM (SPKI or PKCS#1) or bare base64 SPKI DER. Throws with a plain reason. */
export function parsePublicKey(text: string): KeyObject {
  const trimmed = text.trim();
  if (trimmed.startsWith('-----BEGIN')) return createPublicKey(trimmed);
  const der = derFromBase64(trimmed);
  try {
    return createPublicKey({ key: der, format: 'der', type: 'spki' });
  } catch {
    return createPublicKey({ key: der, format: 'der', type: 'pkcs1' });
  }
}

/** Reads a private key in PEM or bare base64 DER, PKCS#8 or PKCS#1. */
export function parsePrivateKey(text: string): KeyObject {
  const trimmed = text.trim();
  if (trimmed.startsWith('-----BEGIN')) return createPrivateKey(trimmed);
  const der = derFromBase64(trimmed);
  try {
    return createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
  } catch {
    return createPrivateKey({ key: der, format: 'der', type: 'pkcs1' });
  }
}

export interface SandboxKeys {
  privateKey: KeyObject;
  publicKey: KeyObject;
  /** Bare base64 SPKI DER: the form the official SDKs take as "Alipay's public key". */
  publicKeyBase64: string;
  publicKeyPem: string;
  privateKeyPem: string;
}

export function keysFromPrivatePem(privateKeyPem: string): SandboxKeys {
  const privateKey = parsePrivateKey(privateKeyPem);
  const publicKey = createPublicKey(privateKey);
  return {
    privateKey,
    publicKey,
    publicKeyBase64: publicKey.export({ format: 'der', type: 'spki' }).toString('base64'),
    publicKeyPem: publicKey.export({ format: 'pem', type: 'spki' }).toString(),
    privateKeyPem: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
  };
}

export async function generateSandboxKeys(): Promise<SandboxKeys> {
  // Off the event loop: an RSA-2048 key takes tens of milliseconds of CPU.
  const { privateKey } = await promisify(generateKeyPair)('rsa', { modulusLength: 2048 });
  return keysFromPrivatePem(privateKey.export({ format: 'pem', type: 'pkcs8' }).toString());
}

let processKeys: Promise<SandboxKeys> | undefined;

/**
 * The key of every memory sandbox in this process that is given none: made once, so a test suite that
 * starts a sandbox per test file pays for one RSA key, not one per sandbox. A sandbox given a privateKey,
 * or one with a data directory, has its own.
 */
export function processSandboxKeys(): Promise<SandboxKeys> {
  processKeys ??= generateSandboxKeys();
  return processKeys;
}
