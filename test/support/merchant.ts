// A merchant as a test sees it: its own RSA key pair and an independent implementation of Antom's
// request signing built straight on node:crypto (not on the sandbox's code), so that the tests check
// the sandbox against the wire rules rather than against itself.
import { createSign, createVerify, generateKeyPairSync } from 'node:crypto';

export interface Merchant {
  clientId: string;
  publicKeyBase64: string;
  publicKeyPem: string;
  privateKeyPem: string;
}

let cached: Omit<Merchant, 'clientId'> | undefined;

export function testMerchant(clientId = 'SANDBOX_5YBX2N2ZEKA103456'): Merchant {
  if (!cached) {
    const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    cached = {
      publicKeyBase64: publicKey.export({ format: 'der', type: 'spki' }).toString('base64'),
      publicKeyPem: publicKey.export({ format: 'pem', type: 'spki' }).toString(),
      privateKeyPem: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
    };
  }
  return { clientId, ...cached };
}

export function rsa256Sign(content: string, privateKeyPem: string): string {
  return encodeURIComponent(createSign('RSA-SHA256').update(content).sign(privateKeyPem, 'base64'));
}

export function rsa256Verify(content: string, encodedSignature: string, publicKey: string): boolean {
  const pem = publicKey.includes('BEGIN') ? publicKey : `-----BEGIN PUBLIC KEY-----\n${publicKey}\n-----END PUBLIC KEY-----\n`;
  return createVerify('RSA-SHA256').update(content).verify(pem, decodeURIComponent(encodedSignature), 'base64');
}

/** The headers a real SDK sends with a signed request. */
export function signedHeaders(merchant: Merchant, path: string, body: string, requestTime = String(Date.now())): Record<string, string> {
  const signature = rsa256Sign(`POST ${path}\n${merchant.clientId}.${requestTime}.${body}`, merchant.privateKeyPem);
  return {
    'Content-Type': 'application/json; charset=UTF-8',
    'Client-Id': merchant.clientId,
    'Request-Time': requestTime,
    Signature: `algorithm=RSA256,keyVersion=1,signature=${signature}`,
  };
}

/** Reads the signature value out of a response's `signature` header. */
export function signatureValue(header: string | undefined): string {
  const match = /signature=([^,]+)$/.exec(header ?? '');
  if (!match?.[1]) throw new Error(`no signature in header: ${header}`);
  return match[1];
}
