// GET /_sandbox/openapi/control.json: the control plane as OpenAPI 3.1. Every route served is documented
// (and nothing else), its body schemas are the ones the routes validate with, and the sandbox's real
// answers fit the documented schemas, refusals included.
import { Validator } from '@seriousme/openapi-schema-validator';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTROL_SCHEMAS } from '../../server/http/control-schemas.ts';
import { startReceiver, type Receiver } from '../support/receiver.ts';
import { startTestSandbox, type TestSandbox } from '../support/sandbox.ts';
import { cardPay } from '../support/bodies.ts';
import { compileAt } from './document-ajv.ts';

type Doc = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

let t: TestSandbox;
let receiver: Receiver;
let doc: Doc;

beforeAll(async () => {
  t = await startTestSandbox();
  receiver = await startReceiver();
  const res = await request(t.sandbox.app).get('/_sandbox/openapi/control.json').expect(200);
  expect(res.headers['content-type']).toMatch(/^application\/json/);
  doc = JSON.parse(res.text) as Doc;
});
afterAll(async () => {
  await t.sandbox.close();
  await receiver.close();
});

/** What Express serves under /_sandbox, as OpenAPI paths ("/_sandbox/payments/{paymentId}") and methods. */
function servedRoutes(): string[] {
  const routes: string[] = [];
  const app = t.sandbox.app as unknown as { router: { stack: { rawPath?: string; handle: { stack?: { route?: { path: unknown; methods: Record<string, boolean> } }[] } }[] } };
  for (const layer of app.router.stack) {
    // Routers mounted at /_sandbox, and routes of routers mounted at the root whose own path is under /_sandbox.
    const prefix = layer.rawPath === '/_sandbox' ? '/_sandbox' : '';
    for (const inner of layer.handle.stack ?? []) {
      if (!inner.route) continue;
      // The dashboard's views are one pattern route (/^\/ui(\/.*)$/), documented as /_sandbox/ui/{view}.
      const path = typeof inner.route.path === 'string' ? inner.route.path : String(inner.route.path) === '/^\\/ui(\\/.*)$/' ? '/ui/{view}' : String(inner.route.path);
      if (!`${prefix}${path}`.startsWith('/_sandbox/')) continue;
      for (const method of Object.keys(inner.route.methods)) routes.push(`${method} ${prefix}${path.replace(/:(\w+)/g, '{$1}')}`);
    }
  }
  return routes.sort();
}

/** Checks an answer against the document's schema for that route and status. */
function expectDocumented(method: string, path: string, res: request.Response): void {
  const schema = ['paths', path, method, 'responses', String(res.status), 'content', 'application/json', 'schema'];
  const check = compileAt(doc, schema);
  expect(check(res.body), `${method} ${path} ${res.status}: ${JSON.stringify(check.errors)} in ${res.text.slice(0, 300)}`).toBe(true);
}

describe('the control-plane document', () => {
  it('is valid OpenAPI 3.1, also as YAML', async () => {
    expect(doc.openapi).toBe('3.1.0');
    const verdict = await new Validator().validate(doc as never);
    expect(verdict.errors ?? []).toEqual([]);
    const yaml = await request(t.sandbox.app).get('/_sandbox/openapi/control.yaml').expect(200);
    expect(yaml.headers['content-type']).toMatch(/^application\/yaml/);
  });

  it('documents exactly the routes the sandbox serves under /_sandbox', () => {
    const documented = Object.entries(doc.paths as Record<string, Record<string, unknown>>)
      .flatMap(([path, item]) => Object.keys(item).map((method) => `${method} ${path}`)).sort();
    expect(documented).toEqual(servedRoutes());
  });

  it('states the body schemas the routes validate with', () => {
    for (const [name, schema] of Object.entries(CONTROL_SCHEMAS)) {
      expect(doc.components.schemas[name], name).toEqual(JSON.parse(JSON.stringify(schema)));
    }
  });
});

describe('real answers fit the document', () => {
  it('reading routes, on a sandbox with a payment, a capture and its notifications', async () => {
    const app = request(t.sandbox.app);
    const pay = await t.post('/ams/api/v1/payments/pay', cardPay({ paymentNotifyUrl: `${receiver.url}/notify` }));
    expect(pay.body.result.resultCode).toBe('SUCCESS');
    const paymentId = pay.body.paymentId as string;
    await t.sandbox.notifications.flush();
    const notificationId = (await app.get('/_sandbox/notifications')).body.notifications[0].id as string;
    const reads: [string, string][] = [
      ['/_sandbox/health', '/_sandbox/health'], ['/_sandbox/keys', '/_sandbox/keys'], ['/_sandbox/merchants', '/_sandbox/merchants'],
      ['/_sandbox/payments', '/_sandbox/payments?limit=5'], ['/_sandbox/payments/{paymentId}', `/_sandbox/payments/${paymentId}`],
      ['/_sandbox/payments/{paymentId}', '/_sandbox/payments/20290101194010800100000000000000999'],
      ['/_sandbox/payments', '/_sandbox/payments?limit=-1'],
      ['/_sandbox/examples', '/_sandbox/examples'],
      ['/_sandbox/notifications', `/_sandbox/notifications?paymentId=${paymentId}`], ['/_sandbox/notifications/{id}', `/_sandbox/notifications/${notificationId}`],
      ['/_sandbox/notifications/{id}', '/_sandbox/notifications/ntf_none'], ['/_sandbox/notifications/faults', '/_sandbox/notifications/faults'],
      ['/_sandbox/scenarios', '/_sandbox/scenarios'], ['/_sandbox/scenarios/pins', '/_sandbox/scenarios/pins'],
      ['/_sandbox/scenarios/{name}', '/_sandbox/scenarios/RISK_REJECT'], ['/_sandbox/scenarios/{name}', '/_sandbox/scenarios/nope'],
      ['/_sandbox/clock', '/_sandbox/clock'],
      ['/_sandbox/receiver', '/_sandbox/receiver'], ['/_sandbox/receiver/{name}', '/_sandbox/receiver/default'],
      ['/_sandbox/receiver/{name}', '/_sandbox/receiver/bad%20name'],
    ];
    for (const [path, url] of reads) expectDocumented('get', path, await app.get(url));
  });

  it('changing routes: each body the schema refuses is refused by the route too, naming the field', async () => {
    const app = request(t.sandbox.app);
    const writes: [string, string, object][] = [
      ['/_sandbox/merchants', '/_sandbox/merchants', { clientId: 'SANDBOX_OTHER', publicKey: t.merchant.publicKeyBase64 }],
      ['/_sandbox/merchants', '/_sandbox/merchants', { clientId: 'bad id!', publicKey: 'x' }],
      ['/_sandbox/notifications/faults', '/_sandbox/notifications/faults', { delayMs: 10, remaining: 1 }],
      ['/_sandbox/notifications/faults', '/_sandbox/notifications/faults', { delayMs: '10' }],
      ['/_sandbox/notifications/flush', '/_sandbox/notifications/flush', {}],
      ['/_sandbox/scenarios/pin', '/_sandbox/scenarios/pin', { scenario: 'RISK_REJECT', count: 1 }],
      ['/_sandbox/scenarios/pin', '/_sandbox/scenarios/pin', { scenario: 'RISK_REJECT', minutes: 1 }],
      ['/_sandbox/scenarios/reset', '/_sandbox/scenarios/reset', {}],
      ['/_sandbox/clock/advance', '/_sandbox/clock/advance', { ms: 1000 }],
      ['/_sandbox/clock/advance', '/_sandbox/clock/advance', { ms: -1 }],
      ['/_sandbox/payments/{paymentId}/settle', '/_sandbox/payments/none/settle', { outcome: 'S' }],
      ['/_sandbox/payments/{paymentId}/challenge', '/_sandbox/payments/none/challenge', { action: 'pass' }],
    ];
    for (const [path, url, body] of writes) {
      const res = await app.post(url).send(body);
      expectDocumented('post', path, res);
      const bodySchema = doc.paths[path].post.requestBody?.content['application/json'].schema;
      if (!bodySchema) continue;
      const check = compileAt(doc, ['paths', path, 'post', 'requestBody', 'content', 'application/json', 'schema']);
      const refused = res.status === 400;
      expect(check(body), `${path} ${JSON.stringify(body)}: the document and the route disagree`).toBe(!refused);
      if (refused) expect(res.body.error.code).toBe('INVALID_BODY');
    }
    expectDocumented('delete', '/_sandbox/scenarios/pin', await app.delete('/_sandbox/scenarios/pin'));
    expectDocumented('delete', '/_sandbox/notifications/faults', await app.delete('/_sandbox/notifications/faults'));
  });
});
