// Request verification in each signature mode, and response signatures checked with node:crypto and the
// sandbox's published public key, independently of the sandbox's own signing code.
import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { createSandbox, type SandboxInternals as Sandbox } from '../../server/create-sandbox.ts';
import { cardPay } from '../support/bodies.ts';
import { rsa256Verify, signatureValue, signedHeaders, testMerchant } from '../support/merchant.ts';
import { PAY } from '../support/sandbox.ts';

const merchant = testMerchant();
const SANDBOX_PATH = '/ams/sandbox/api/v1/payments/pay';

function post(app: Sandbox['app'], path: string, body: string, headers: Record<string, string>) {
  return request(app).post(path).set(headers).send(body);
}

function expectSignedResponse(res: request.Response, path: string, publicKey: string) {
  expect(res.headers['client-id']).toBe(merchant.clientId);
  expect(res.headers['response-time']).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$/);
  const header = res.headers.signature as string;
  expect(header).toMatch(/^algorithm=RSA256,keyVersion=1,signature=[A-Za-z0-9%]+$/);
  const content = `POST ${path}\n${res.headers['client-id']}.${res.headers['response-time']}.${res.text}`;
  expect(rsa256Verify(content, signatureValue(header), publicKey)).toBe(true);
}

describe('signature mode enforce', () => {
  let sandbox: Sandbox;
  let publicKey: string;
  beforeAll(async () => {
    sandbox = await createSandbox({ signatureMode: 'enforce', merchants: { [merchant.clientId]: merchant.publicKeyPem } });
    publicKey = (await request(sandbox.app).get('/_sandbox/keys')).body.publicKey;
  });

  it('accepts a valid signature and signs its answer over the path as sent', async () => {
    for (const path of [PAY, SANDBOX_PATH, '/v1/payments/pay', `${PAY}?trace=1`]) {
      const body = JSON.stringify(cardPay());
      const res = await post(sandbox.app, path, body, signedHeaders(merchant, path, body));
      expect(res.body.result.resultCode).toBe('SUCCESS');
      expectSignedResponse(res, path, publicKey);
    }
  });

  it('accepts Request-Time in any format, verbatim', async () => {
    for (const time of ['1764072000000', '2026-11-25T12:00:00+00:00', '2026-11-25T12:00:00Z']) {
      const body = JSON.stringify(cardPay());
      const res = await post(sandbox.app, PAY, body, signedHeaders(merchant, PAY, body, time));
      expect(res.body.result.resultCode).toBe('SUCCESS');
    }
  });

  it('verifies over the exact body bytes, a leading byte-order mark included', async () => {
    const body = `\uFEFF${JSON.stringify(cardPay())}`;
    const res = await post(sandbox.app, PAY, body, signedHeaders(merchant, PAY, body));
    expect(res.body.result.resultCode).toBe('SUCCESS');
    const stripped = await post(sandbox.app, PAY, body, signedHeaders(merchant, PAY, body.slice(1)));
    expect(stripped.body.result.resultCode).toBe('INVALID_SIGNATURE');
  });

  it('answers INVALID_SIGNATURE, unsigned, to a tampered body', async () => {
    const body = JSON.stringify(cardPay());
    const headers = signedHeaders(merchant, PAY, body);
    const res = await post(sandbox.app, PAY, body.replace('30000', '30001'), headers);
    expect(res.body.result).toMatchObject({ resultCode: 'INVALID_SIGNATURE', resultStatus: 'F' });
    expect(res.headers.signature).toBeUndefined();
  });

  it('answers INVALID_SIGNATURE to a signature over another path', async () => {
    const body = JSON.stringify(cardPay());
    const res = await post(sandbox.app, SANDBOX_PATH, body, signedHeaders(merchant, PAY, body));
    expect(res.body.result.resultCode).toBe('INVALID_SIGNATURE');
  });

  it('answers INVALID_SIGNATURE when the signature is missing or garbled', async () => {
    const body = JSON.stringify(cardPay());
    const unsigned: Record<string, string> = signedHeaders(merchant, PAY, body);
    delete unsigned.Signature;
    for (const headers of [unsigned, { ...unsigned, Signature: 'algorithm=RSA256,keyVersion=1,signature=%%%' }, { ...unsigned, Signature: 'nonsense' }]) {
      const res = await post(sandbox.app, PAY, body, headers);
      expect(res.body.result.resultCode).toBe('INVALID_SIGNATURE');
    }
  });

  it('answers KEY_NOT_FOUND to an unknown client and CLIENT_INVALID without a Client-Id', async () => {
    const body = JSON.stringify(cardPay());
    const stranger = await post(sandbox.app, PAY, body, { ...signedHeaders(merchant, PAY, body), 'Client-Id': 'SANDBOX_STRANGER' });
    expect(stranger.body.result).toMatchObject({ resultCode: 'KEY_NOT_FOUND', resultStatus: 'F' });
    const anonymous = await post(sandbox.app, PAY, body, { 'Content-Type': 'application/json' });
    expect(anonymous.body.result).toMatchObject({ resultCode: 'CLIENT_INVALID', resultStatus: 'F' });
  });

  it('takes merchant keys registered later through the control plane, PEM or bare base64', async () => {
    const other = { ...merchant, clientId: 'SANDBOX_LATECOMER' };
    const reg = await request(sandbox.app).post('/_sandbox/merchants').send({ clientId: other.clientId, publicKey: merchant.publicKeyBase64 });
    expect(reg.status).toBe(201);
    const body = JSON.stringify(cardPay());
    const res = await post(sandbox.app, PAY, body, signedHeaders(other, PAY, body));
    expect(res.body.result.resultCode).toBe('SUCCESS');
    const bad = await request(sandbox.app).post('/_sandbox/merchants').send({ clientId: 'X', publicKey: 'not a key' });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({ code: 'INVALID_BODY', message: expect.stringMatching(/^publicKey for X is not an RSA public key/) });
  });
});

describe('signature mode warn (the default)', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await createSandbox({ merchants: { [merchant.clientId]: merchant.publicKeyBase64 } });
  });

  it('accepts an unsigned call from an unknown client and still signs the answer', async () => {
    const res = await post(sandbox.app, PAY, JSON.stringify(cardPay()), { 'Content-Type': 'application/json', 'Client-Id': 'SANDBOX_NEW' });
    expect(res.body.result.resultCode).toBe('SUCCESS');
    expect(res.headers.signature).toBeDefined();
  });

  it('still rejects a bad signature from a client whose key it knows', async () => {
    const body = JSON.stringify(cardPay());
    const res = await post(sandbox.app, PAY, `${body} `, signedHeaders(merchant, PAY, body));
    expect(res.body.result.resultCode).toBe('INVALID_SIGNATURE');
  });
});

describe('signature mode off', () => {
  it('checks nothing and signs nothing', async () => {
    const sandbox = await createSandbox({ signatureMode: 'off', merchants: { [merchant.clientId]: merchant.publicKeyBase64 } });
    const body = JSON.stringify(cardPay());
    const res = await post(sandbox.app, PAY, body, { ...signedHeaders(merchant, PAY, body), Signature: 'algorithm=RSA256,keyVersion=1,signature=bad' });
    expect(res.body.result.resultCode).toBe('SUCCESS');
    expect(res.headers.signature).toBeUndefined();
  });
});
