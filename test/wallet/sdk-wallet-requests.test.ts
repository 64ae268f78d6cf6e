// The official SDKs' wallet pay, byte for byte in each SDK's layout (Python's indent=3 body and absolute
// request target, PHP's escaped slashes, Go's doubled Content-Type, .NET's header order), signed with the
// key form each SDK parses, to the SANDBOX_ path. The body is the Python SDK's example/payment.py pay()
// (ALIPAY_CN on WEB, with the paymentMethodId, goods, merchant and settlementStrategy it sets), with the
// field order of its to_ams_dict(); a second one pays GCASH from an APP on iOS. The answer must be the
// wallet's links, signed the way the SDKs verify.
import { createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSandbox } from '../../server/create-sandbox.ts';
import type { Listening } from '../../server/sandbox.ts';
import { rawRequest } from '../support/raw-http.ts';
import { requestHead, sdkShapes, type SdkShape } from '../support/sdk-shapes.ts';

const CLIENT_ID = 'SANDBOX_5YBX2N2ZEKA1WSDK';
const PATH = '/ams/sandbox/api/v1/payments/pay';

let counter = 0;
/** example/payment.py pay(), as its to_ams_dict() orders the fields. */
const pythonExample = () => ({
  productCode: 'CASHIER_PAYMENT',
  paymentRequestId: `pay_python_test${process.pid}-${Date.now()}-${++counter}`,
  order: {
    referenceOrderId: 'a1b2c3d4-0000-4000-8000-000000000001',
    orderDescription: 'Mi Band 3 Wrist Strap Metal Screwless Stainless Steel For Xiaomi Mi Band 3',
    orderAmount: { currency: 'CNY', value: '10000' },
    merchant: { referenceMerchantId: 'a1b2c3d4-0000-4000-8000-000000000002', merchantMCC: 'merchantMcc' },
    goods: [{ goodsName: 'goods_name', goodsBrand: 'goods_brand' }],
    buyer: { referenceBuyerId: '12345679', buyerEmail: 'test@alipay.com' },
  },
  paymentAmount: { currency: 'CNY', value: '10000' },
  paymentMethod: { paymentMethodType: 'ALIPAY_CN', paymentMethodId: 'a1b2c3d4-0000-4000-8000-000000000003' },
  paymentRedirectUrl: 'https://www.yourRedirectUrl.com',
  paymentNotifyUrl: 'https://www.yourNotifyUrl.com',
  settlementStrategy: { settlementCurrency: 'USD' },
  env: { terminalType: 'WEB' },
});
const appPay = () => ({
  ...pythonExample(),
  paymentRequestId: `pay_app_${process.pid}-${Date.now()}-${++counter}`,
  paymentAmount: { currency: 'PHP', value: '25000' },
  paymentMethod: { paymentMethodType: 'GCASH' },
  env: { terminalType: 'APP', osType: 'IOS', clientIp: '1.2.3.4' },
});

const SDKS = sdkShapes(CLIENT_ID, PATH);

let listening: Listening;
let port: number;
let sandboxKey: KeyObject;
let merchantKey: KeyObject;

beforeAll(async () => {
  const pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
  merchantKey = pair.privateKey;
  const sandbox = await createSandbox({ signatureMode: 'enforce', merchants: { [CLIENT_ID]: pair.publicKey.export({ format: 'pem', type: 'spki' }).toString() } });
  listening = await sandbox.listen();
  port = Number(new URL(listening.url).port);
  const published = (await (await fetch(`${listening.url}/_sandbox/keys`)).json()) as { publicKey: string };
  sandboxKey = createPublicKey({ key: Buffer.from(published.publicKey, 'base64'), format: 'der', type: 'spki' });
});
afterAll(() => listening?.close());

async function send(shape: SdkShape, json: object) {
  const body = shape.body(json);
  // The SDK signs with the key it parsed from the form it takes (PKCS#1 or PKCS#8); the signature is the same RSA key's.
  const signature = encodeURIComponent(sign('sha256', Buffer.from(`POST ${PATH}\n${CLIENT_ID}.${shape.time}.${body}`), merchantKey).toString('base64'));
  const head = requestHead(shape, port, PATH, signature, body);
  const res = await rawRequest(port, head, body);
  expect(res.status).toBe(200);
  const value = /signature=([^,]+)$/.exec(res.headers.signature!)![1]!;
  const answered = `POST ${PATH}\n${CLIENT_ID}.${res.headers['response-time']}.${res.body}`;
  expect(verify('sha256', Buffer.from(answered), sandboxKey, Buffer.from(decodeURIComponent(value), 'base64'))).toBe(true);
  return JSON.parse(res.body) as Record<string, unknown>;
}

describe.each(SDKS)('a wallet pay as the $sdk SDK sends it', (shape) => {
  it('ALIPAY_CN on WEB (the Python example): PAYMENT_IN_PROCESS with normalUrl and orderCodeForm', async () => {
    const answer = await send(shape, pythonExample());
    expect(answer.result).toMatchObject({ resultStatus: 'U', resultCode: 'PAYMENT_IN_PROCESS' });
    expect(answer.normalUrl).toMatch(new RegExp(`^${listening.url}/wallet/pg_`));
    expect(answer.orderCodeForm).toMatchObject({ paymentMethodType: 'ALIPAY_CN' });
  });
  it('GCASH from an iOS APP: PAYMENT_IN_PROCESS with normalUrl and applinkUrl', async () => {
    const answer = await send(shape, appPay());
    expect(answer.result).toMatchObject({ resultStatus: 'U', resultCode: 'PAYMENT_IN_PROCESS' });
    expect(Object.keys(answer).filter((k) => k.endsWith('Url'))).toEqual(['normalUrl', 'applinkUrl']);
  });
});
