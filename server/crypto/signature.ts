// Antom's message signature (RSA256 = SHA256withRSA, PKCS#1 v1.5) over
//   "<METHOD> <path>\n<clientId>.<time>.<body>"
// with the base64 signature URL-encoded inside "algorithm=RSA256,keyVersion=1,signature=<sig>".
// Signing (the expensive private-key operation) runs on libuv's thread pool (crypto.sign with a
// callback), so RSA work uses every core and never blocks the thread that serves requests.
import { sign, verify, type KeyObject } from 'node:crypto';

export interface SignedMessage {
  method?: string;
  path: string;
  clientId: string;
  time: string;
  body: string;
}

export function contentToSign({ method = 'POST', path, clientId, time, body }: SignedMessage): string {
  return `${method} ${path}\n${clientId}.${time}.${body}`;
}

/** URL-encodes like Python's quote_plus / Java's URLEncoder for base64 text: '+', '/' and '=' are escaped. */
export function encodeSignature(base64: string): string {
  return encodeURIComponent(base64);
}

export function signatureHeader(encodedSignature: string, keyVersion = '1'): string {
  return `algorithm=RSA256,keyVersion=${keyVersion},signature=${encodedSignature}`;
}

/** Signs on the thread pool; resolves to the URL-encoded signature. */
export function signMessage(message: SignedMessage, privateKey: KeyObject): Promise<string> {
  return new Promise((resolve, reject) => {
    sign('sha256', Buffer.from(contentToSign(message)), privateKey, (error, signature) => {
      if (error) reject(error);
      else resolve(encodeSignature(signature.toString('base64')));
    });
  });
}

export function signMessageSync(message: SignedMessage, privateKey: KeyObject): string {
  return encodeSignature(sign('sha256', Buffer.from(contentToSign(message)), privateKey).toString('base64'));
}

/**
 * Reads the Signature header the way the SDKs write it. Java splits on ',' then '=', PHP takes the text
 * after the last '=' of the signature field, so anything after "signature=" is the (URL-encoded) value.
 */
export function parseSignatureHeader(header: string): { algorithm?: string; keyVersion?: string; signature?: string } {
  const fields: Record<string, string> = {};
  for (const part of header.split(',')) {
    const eq = part.indexOf('=');
    if (eq > 0) fields[part.slice(0, eq).trim().toLowerCase()] = part.slice(eq + 1).trim();
  }
  return { algorithm: fields.algorithm, keyVersion: fields.keyversion, signature: fields.signature };
}

function decodeSignature(encoded: string): Buffer | undefined {
  try {
    return Buffer.from(decodeURIComponent(encoded), 'base64');
  } catch {
    return undefined;
  }
}

/**
 * Verifies a signature. A malformed signature is simply "not valid", never an exception. Verification
 * runs inline: an RSA public-key operation costs less than handing it to the thread pool and back.
 */
export function verifyMessage(message: SignedMessage, encodedSignature: string, publicKey: KeyObject): boolean {
  const signature = decodeSignature(encodedSignature);
  if (!signature || signature.length === 0) return false;
  try {
    return verify('sha256', Buffer.from(contentToSign(message)), publicKey, signature);
  } catch {
    return false;
  }
}
