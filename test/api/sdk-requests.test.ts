// Each official Antom server SDK's pay request, byte for byte as its source builds it (header names and
// case, Request-Time format, body layout, the sandbox path its SANDBOX_ client ids switch to), signed with
// a merchant key in the form that SDK parses, made by the commands docs/sdk-setup.md gives. The answer
// must be what every one of them reads: 200, lower-case signature / response-time / client-id headers,
// a URL-encoded signature that verifies with the sandbox key in the form the SDKs take (bare base64 SPKI).
import { execFileSync } from 'node:child_process';
import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSandbox } from '../../server/create-sandbox.ts';
import type { Listening } from '../../server/sandbox.ts';
import { cardPay } from '../support/bodies.ts';
import { rawRequest } from '../support/raw-http.ts';
import { requestHead, sdkShapes } from '../support/sdk-shapes.ts';

const CLIENT_ID = 'SANDBOX_5YBX2N2ZEKA10SDK';
const PATH = '/ams/sandbox/api/v1/payments/pay';

/** The openssl commands of docs/sdk-setup.md, run on a PEM key; node's own export where openssl is absent. */
function hasOpenssl(): boolean {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

function bareKey(pem: string, form: 'pkcs8' | 'pkcs1', dir: string): string {
  if (!hasOpenssl()) return createPrivateKey(pem).export({ format: 'der', type: form }).toString('base64');
  const file = join(dir, 'merchant.pem');
  writeFileSync(file, pem);
  const args = form === 'pkcs8' ? ['pkcs8', '-topk8', '-nocrypt', '-in', file, '-outform', 'DER'] : ['rsa', '-in', file, '-traditional', '-outform', 'DER'];
  return execFileSync('openssl', args, { stdio: ['ignore', 'pipe', 'ignore'] }).toString('base64');
}

/** The public half as docs/sdk-setup.md makes it for --merchant: `openssl rsa -in merchant.pem -pubout`. */
function publicPem(pem: string, dir: string): string {
  if (!hasOpenssl()) return createPublicKey(pem).export({ format: 'pem', type: 'spki' }).toString();
  const file = join(dir, 'merchant.pem');
  writeFileSync(file, pem);
  return execFileSync('openssl', ['rsa', '-in', file, '-pubout'], { stdio: ['ignore', 'pipe', 'ignore'] }).toString();
}

/** PKCS#1 (RSAPrivateKey) has the modulus right after the version; PKCS#8 has an AlgorithmIdentifier there. */
function formOf(bare: string): 'pkcs1' | 'pkcs8' | 'other' {
  const der = Buffer.from(bare, 'base64');
  const afterVersion = der[0] === 0x30 && der[1] === 0x82 && der.subarray(4, 7).equals(Buffer.from([2, 1, 0])) ? der[7] : undefined;
  return afterVersion === 0x02 ? 'pkcs1' : afterVersion === 0x30 ? 'pkcs8' : 'other';
}

/** How each SDK turns its configured bare base64 string into a key (see docs/sdk-setup.md). */
const parseAs = {
  pkcs8: (bare: string) => createPrivateKey({ key: Buffer.from(bare, 'base64'), format: 'der', type: 'pkcs8' }),
  pkcs1: (bare: string) => createPrivateKey(`-----BEGIN RSA PRIVATE KEY-----\n${bare}\n-----END RSA PRIVATE KEY-----`),
};

const SDKS = sdkShapes(CLIENT_ID, PATH);

let listening: Listening;
let port: number;
let sandboxPublicKey: KeyObject;
const merchantKeys = {} as Record<'pkcs8' | 'pkcs1', KeyObject>;

beforeAll(async () => {
  const dir = await mkdtemp(join(tmpdir(), 'alipay-sandbox-sdk-keys-'));
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const pem = privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
  for (const form of ['pkcs8', 'pkcs1'] as const) {
    const bare = bareKey(pem, form, dir);
    expect(formOf(bare)).toBe(form);
    merchantKeys[form] = parseAs[form](bare);
  }
  const sandbox = await createSandbox({ signatureMode: 'enforce', merchants: { [CLIENT_ID]: publicPem(pem, dir) } });
  listening = await sandbox.listen();
  port = Number(new URL(listening.url).port);
  // The sandbox's key in the form the SDKs take as Antom's public key: bare base64 SPKI (Java X509EncodedKeySpec, Go ParsePKIXPublicKey).
  const published = (await (await fetch(`${listening.url}/_sandbox/keys`)).json()) as { publicKey: string };
  expect(published.publicKey).toMatch(/^[A-Za-z0-9+/]+=*$/);
  sandboxPublicKey = createPublicKey({ key: Buffer.from(published.publicKey, 'base64'), format: 'der', type: 'spki' });
});

afterAll(() => listening?.close());

describe.each(SDKS)('a pay as the $sdk SDK sends it', (shape) => {
  it('is accepted, and the answer is signed the way the SDK reads it', async () => {
    const body = shape.body(cardPay({ paymentNotifyUrl: 'https://merchant.example/notify' }));
    const signed = `POST ${PATH}\n${CLIENT_ID}.${shape.time}.${body}`;
    const signature = encodeURIComponent(sign('sha256', Buffer.from(signed), merchantKeys[shape.keyForm]).toString('base64'));
    const head = requestHead(shape, port, PATH, signature, body);
    const res = await rawRequest(port, head, body);

    expect(res.status).toBe(200);
    expect(JSON.parse(res.body).result).toMatchObject({ resultStatus: 'S', resultCode: 'SUCCESS' });
    // Python and PHP match these names case-sensitively; Python and Go verify with the echoed client id.
    const names = res.head.split('\r\n').slice(1).map((line) => line.slice(0, line.indexOf(':')));
    expect(names).toEqual(expect.arrayContaining(['signature', 'response-time', 'client-id']));
    expect(res.headers['client-id']).toBe(CLIENT_ID);
    const value = /signature=([^,]+)$/.exec(res.headers.signature!)![1]!;
    expect(value).toMatch(/^[A-Za-z0-9%]+$/);
    const answered = `POST ${PATH}\n${CLIENT_ID}.${res.headers['response-time']}.${res.body}`;
    expect(verify('sha256', Buffer.from(answered), sandboxPublicKey, Buffer.from(decodeURIComponent(value), 'base64'))).toBe(true);
  });
});
