// GET /_sandbox/openapi.json: the merchant API and its notifications as OpenAPI 3.1. The document must be
// valid, describe every served operation, and say the truth: its examples are accepted by the schemas, the
// recorded story replays on a running sandbox with the same results, and real answers fit the document.
import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { SCHEMAS, type SchemaName } from '../../schemas/index.ts';
import { OPERATIONS } from '../../server/api/routes.ts';
import { problemsWith } from '../../server/api/validate.ts';
import { createSandbox, type Listening, type SandboxInternals as Sandbox } from '../../server/create-sandbox.ts';
import { RECORDED_AT } from '../../server/openapi/record-examples.ts';
import { signedHeaders, testMerchant } from '../support/merchant.ts';
import { compileAt, requestSchemaPath, responseSchemaPath, webhookSchemaPath } from './document-ajv.ts';
import { postJson } from './post-json.ts';

type Doc = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const merchant = testMerchant();
let sandbox: Sandbox;
let server: Listening;
let doc: Doc;

beforeAll(async () => {
  // The sandbox's clock starts where the examples were recorded, so their times mean the same.
  sandbox = await createSandbox({ merchants: { [merchant.clientId]: merchant.publicKeyBase64 }, signatureMode: 'enforce', startAt: Date.parse(RECORDED_AT) });
  server = await sandbox.listen(0);
  const res = await fetch(`${server.url}/_sandbox/openapi.json`);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^application\/json/);
  doc = await res.json() as Doc;
});
afterAll(async () => {
  await server.close();
});

const operationsOf = (d: Doc) => Object.entries(d.paths as Record<string, { post: Doc }>).map(([path, item]) => ({ path, op: item.post }));

describe('the document', () => {
  it('is valid OpenAPI 3.1 (@seriousme/openapi-schema-validator)', async () => {
    expect(doc.openapi).toBe('3.1.0');
    const verdict = await new Validator().validate(doc as never);
    expect(verdict.errors ?? []).toEqual([]);
    expect(verdict.valid).toBe(true);
  });

  it('is served as YAML too, with the same content', async () => {
    const res = await fetch(`${server.url}/_sandbox/openapi.yaml`);
    expect(res.headers.get('content-type')).toMatch(/^application\/yaml/);
    expect(parse(await res.text())).toEqual(doc);
  });

  it('describes every operation the sandbox serves, under /ams/api/v1, with the other prefixes noted', () => {
    const documented = operationsOf(doc).map(({ path }) => path);
    expect(documented.sort()).toEqual(Object.keys(OPERATIONS).map((name) => `/ams/api/v1/${name}`).sort());
    for (const { path, op } of operationsOf(doc)) {
      const tail = path.replace('/ams/api/v1/', '');
      expect(op['x-alternative-paths']).toEqual([`/ams/sandbox/api/v1/${tail}`, `/v1/${tail}`]);
      expect(op.parameters.map((p: Doc) => p.$ref)).toEqual(['#/components/parameters/ClientId', '#/components/parameters/RequestTime', '#/components/parameters/Signature']);
      expect(Object.keys(op.responses['200'].headers).sort()).toEqual(['client-id', 'response-time', 'signature']);
    }
  });

  it('lists the result codes of each operation from the catalogue, with status and meaning', () => {
    const pay = doc.paths['/ams/api/v1/payments/pay'].post;
    const codes = pay['x-result-codes'] as { resultCode: string; resultStatus: string; meaning: string }[];
    expect(codes).toContainEqual({ resultCode: 'PAYMENT_IN_PROCESS', resultStatus: 'U', meaning: 'The payment is being processed.' });
    expect(codes).toContainEqual({ resultCode: 'DO_NOT_HONOR', resultStatus: 'F', meaning: 'The payment is declined by the issuing bank.' });
    expect(pay.description).toContain('| `DO_NOT_HONOR` | F |');
    const refundCodes = doc.paths['/ams/api/v1/payments/refund'].post['x-result-codes'].map((c: Doc) => c.resultCode);
    expect(refundCodes).toEqual(expect.arrayContaining(['REFUND_IN_PROCESS', 'REFUND_AMOUNT_EXCEED', 'PARAM_ILLEGAL']));
    expect(refundCodes).not.toContain('PAYMENT_IN_PROCESS');
  });

  it('describes the three notifications as webhooks, with the acknowledgement the merchant must send', () => {
    expect(Object.keys(doc.webhooks).sort()).toEqual(['notifyCapture', 'notifyPayment', 'notifyRefund']);
    for (const hook of Object.values(doc.webhooks as Record<string, { post: Doc }>)) {
      expect(hook.post.responses['200'].content['application/json'].example)
        .toEqual({ result: { resultCode: 'SUCCESS', resultStatus: 'S', resultMessage: 'success' } });
    }
  });
});

describe('its examples', () => {
  it('every request example is accepted by the sandbox\'s own schema and by the document\'s', () => {
    for (const { path, op } of operationsOf(doc)) {
      const schemaName = op.requestBody.content['application/json'].schema.$ref.split('/').pop() as SchemaName;
      const check = compileAt(doc, requestSchemaPath(path));
      const examples = Object.entries(op.requestBody.content['application/json'].examples as Record<string, { value: unknown }>);
      expect(examples.length, path).toBeGreaterThan(0);
      for (const [name, { value }] of examples) {
        if (name === 'invalid') {
          expect(problemsWith(schemaName, value), `${path} ${name}`).not.toEqual([]);
          continue;
        }
        expect(problemsWith(schemaName, value), `${path} ${name}`).toEqual([]);
        expect(check(value), `${path} ${name}: ${JSON.stringify(check.errors)}`).toBe(true);
      }
    }
  });

  it('every response example fits the document\'s response schema and the sandbox\'s', () => {
    for (const { path, op } of operationsOf(doc)) {
      const content = op.responses['200'].content['application/json'];
      const schemaName = content.schema.allOf[0].$ref.split('/').pop() as SchemaName;
      const check = compileAt(doc, responseSchemaPath(path));
      for (const [name, { value }] of Object.entries(content.examples as Record<string, { value: unknown }>)) {
        expect(check(value), `${path} ${name}: ${JSON.stringify(check.errors)}`).toBe(true);
        expect(problemsWith(schemaName, value), `${path} ${name}`).toEqual([]);
      }
    }
  });

  it('every notification example fits its webhook schema and the sandbox\'s', () => {
    for (const [name, hook] of Object.entries(doc.webhooks as Record<string, { post: Doc }>)) {
      const content = hook.post.requestBody.content['application/json'];
      const schemaName = content.schema.$ref.split('/').pop() as SchemaName;
      const check = compileAt(doc, webhookSchemaPath(name));
      const bodies = Object.values(content.examples as Record<string, { value: unknown }>);
      expect(bodies.length, name).toBeGreaterThan(0);
      for (const { value } of bodies) {
        expect(check(value), `${name}: ${JSON.stringify(check.errors)}`).toBe(true);
        expect(problemsWith(schemaName, value), name).toEqual([]);
      }
    }
  });

  it('every component schema is one the validator uses, unchanged but for the 2020-12 spelling', () => {
    for (const name of Object.keys(SCHEMAS).filter((n) => n !== 'ScenarioFile')) {
      const stated = JSON.stringify(doc.components.schemas[name]).replaceAll('"dependentRequired"', '"dependencies"');
      expect(JSON.parse(stated), name).toEqual(JSON.parse(JSON.stringify(SCHEMAS[name as SchemaName])));
    }
  });
});

/** Where the recorded story used a numbered id, the replay has a real one: learn which, from the answers side by side. */
function learnIds(recorded: unknown, real: unknown, ids: Map<string, string>): void {
  if (typeof recorded === 'string' && typeof real === 'string') {
    if (recorded !== real) ids.set(recorded, real);
  } else if (recorded && real && typeof recorded === 'object' && typeof real === 'object') {
    for (const [key, value] of Object.entries(recorded)) learnIds(value, (real as Doc)[key], ids);
  }
}

function withIds(value: unknown, ids: Map<string, string>): unknown {
  let text = JSON.stringify(value);
  for (const [numbered, real] of ids) text = text.replaceAll(numbered, real);
  return JSON.parse(text);
}

describe('the recorded story, replayed on a running sandbox', () => {
  // The order the examples were recorded in: later requests use ids earlier answers gave.
  const STORY: [string, string][] = [
    ['vaults/vaultPaymentMethod', 'saved'], ['vaults/inquireVaulting', 'saved'],
    ['payments/pay', 'card'], ['payments/pay', 'hostedPage'], ['payments/pay', 'savedCard'], ['payments/pay', 'invalid'],
    ['payments/inquiryPayment', 'authorized'], ['payments/inquiryPayment', 'unknown'],
    ['payments/capture', 'full'], ['payments/refund', 'full'], ['payments/inquiryRefund', 'refunded'],
    ['payments/cancel', 'inProcess'], ['payments/cancel', 'unknown'],
  ];

  it('covers every example of the document', () => {
    const all = operationsOf(doc).flatMap(({ path, op }) =>
      Object.keys(op.requestBody.content['application/json'].examples).map((name) => `${path.replace('/ams/api/v1/', '')} ${name}`));
    expect(all.sort()).toEqual(STORY.map(([p, n]) => `${p} ${n}`).sort());
  });

  it('each signed example request gets the recorded result, and each real answer fits the document', async () => {
    const ids = new Map<string, string>();
    for (const [tail, name] of STORY) {
      const path = `/ams/api/v1/${tail}`;
      const op = doc.paths[path].post;
      const recordedRequest = op.requestBody.content['application/json'].examples[name].value;
      const recordedAnswer = op.responses['200'].content['application/json'].examples[name].value;
      const body = JSON.stringify(withIds(recordedRequest, ids));
      const res = await postJson(`${server.url}${path}`, signedHeaders(merchant, path, body), body);
      const answer = JSON.parse(res.text) as Doc;
      expect(res.status).toBe(200);
      expect(answer.result, `${tail} ${name}`).toEqual(withIds(recordedAnswer.result, ids));
      expect(res.headers['client-id']).toBe(merchant.clientId);
      expect(res.headers['response-time']).toBeTruthy();
      expect(res.headers.signature).toMatch(/^algorithm=RSA256,keyVersion=1,signature=/);
      const check = compileAt(doc, responseSchemaPath(path));
      expect(check(answer), `${tail} ${name}: ${JSON.stringify(check.errors)}`).toBe(true);
      learnIds(recordedAnswer, answer, ids);
    }
  });
});
