// The official SDK's signatures must be reproduced byte for byte: PKCS#1 v1.5 is deterministic, so any
// difference in the string-to-sign, the key handling or the URL-encoding shows up here.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { contentToSign, parseSignatureHeader, signatureHeader, signMessage, signMessageSync, verifyMessage } from '../../server/crypto/signature.ts';
import { parsePrivateKey, parsePublicKey } from '../../server/crypto/keys.ts';

interface VectorCase { method: string; path: string; clientId: string; time: string; body: string; contentToSign: string; signature: string; signatureHeader: string }
const vectors = JSON.parse(readFileSync(new URL('../fixtures/signature-vectors.json', import.meta.url), 'utf8')) as {
  privateKeyPkcs1Base64: string; privateKeyPkcs8Base64: string; publicKeySpkiBase64: string; cases: VectorCase[];
};

describe('signature vectors from the official SDK', () => {
  const pkcs1 = parsePrivateKey(vectors.privateKeyPkcs1Base64);
  const pkcs8 = parsePrivateKey(vectors.privateKeyPkcs8Base64);
  const publicKey = parsePublicKey(vectors.publicKeySpkiBase64);

  for (const v of vectors.cases) {
    const message = { method: v.method, path: v.path, clientId: v.clientId, time: v.time, body: v.body };

    it(`builds the exact content to sign for ${v.path}`, () => {
      expect(contentToSign(message)).toBe(v.contentToSign);
    });

    it(`reproduces the signature for ${v.path} with PKCS#1 and PKCS#8 keys`, async () => {
      expect(signMessageSync(message, pkcs1)).toBe(v.signature);
      expect(await signMessage(message, pkcs8)).toBe(v.signature);
      expect(signatureHeader(v.signature)).toBe(v.signatureHeader);
    });

    it(`verifies the SDK's signature for ${v.path} and rejects a tampered body`, async () => {
      expect(parseSignatureHeader(v.signatureHeader).signature).toBe(v.signature);
      expect(await verifyMessage(message, v.signature, publicKey)).toBe(true);
      expect(await verifyMessage({ ...message, body: `${v.body} ` }, v.signature, publicKey)).toBe(false);
    });
  }

  it('accepts the same keys as PEM', async () => {
    const pem = pkcs8.export({ format: 'pem', type: 'pkcs8' }).toString();
    const pubPem = publicKey.export({ format: 'pem', type: 'spki' }).toString();
    const v = vectors.cases[0]!;
    const message = { path: v.path, clientId: v.clientId, time: v.time, body: v.body };
    expect(signMessageSync(message, parsePrivateKey(pem))).toBe(v.signature);
    expect(await verifyMessage(message, v.signature, parsePublicKey(pubPem))).toBe(true);
  });

  it('treats garbage signatures as invalid rather than throwing', async () => {
    const v = vectors.cases[0]!;
    const message = { path: v.path, clientId: v.clientId, time: v.time, body: v.body };
    for (const bad of ['', '%%%', 'not-base64!!', 'QUJD']) expect(await verifyMessage(message, bad, publicKey)).toBe(false);
  });
});
