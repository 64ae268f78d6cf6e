// Every refusal a control-plane route answers is one the control document lists for that route and status.
// The probes are derived from the route table, not written per route: each route is sent unknown and real
// path values, broken and foreign requests, bad bodies (for changes) and bad query strings, and every
// refusal that comes back must be a code of the catalogue that the document names under that status.
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTROL_ERROR_CODES } from '../../server/http/control-errors.ts';
import { CONTROL_ROUTE_TABLE, type ControlRoute } from '../../server/openapi/control-route-table.ts';
import { cardPay } from '../support/bodies.ts';
import { startReceiver, type Receiver } from '../support/receiver.ts';
import { startTestSandbox, type TestSandbox } from '../support/sandbox.ts';

type Doc = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

let t: TestSandbox;
let receiver: Receiver;
let doc: Doc;
/** Real values for path parameters: a paid payment (so nothing about it is in process) and its notification. */
let real: Record<string, string>;

beforeAll(async () => {
  t = await startTestSandbox();
  receiver = await startReceiver();
  doc = (await request(t.sandbox.app).get('/_sandbox/openapi/control.json').expect(200)).body as Doc;
  const pay = await t.post('/ams/api/v1/payments/pay', cardPay({ paymentNotifyUrl: `${receiver.url}/notify` }));
  await t.sandbox.notifications.flush();
  const notificationId = (await request(t.sandbox.app).get('/_sandbox/notifications')).body.notifications[0].id as string;
  real = { paymentId: pay.body.paymentId as string, id: notificationId, name: 'RISK_REJECT', operation: 'pay', captureId: 'nope', refundId: 'nope', view: 'payments' };
});
afterAll(async () => {
  await t.sandbox.close();
  await receiver.close();
});

const fill = (path: string, values: (name: string) => string) => `/_sandbox${path.replace(/\{(\w+)\}/g, (_m, name: string) => encodeURIComponent(values(name)))}`;

interface Probe { what: string; send: (app: ReturnType<typeof request>) => request.Test }

/** The probes of one route: the same for every route of its kind, from what the table says it takes. */
function probesOf(route: ControlRoute): Probe[] {
  const realUrl = fill(route.path, (name) => real[name] ?? 'nope');
  const urls = [...new Set([fill(route.path, () => 'nope'), fill(route.path, () => 'bad name!'), realUrl])];
  const call = (app: ReturnType<typeof request>, url: string) => app[route.method](url);
  const headed = (app: ReturnType<typeof request>, url: string) => call(app, url).set('x-sandbox-control', '1');
  const refusedOnly: Probe[] = [
    { what: 'from a foreign host', send: (app) => headed(app, realUrl).set('host', 'evil.example') },
    { what: 'with an unknown query parameter', send: (app) => headed(app, `${realUrl}?zzz=1`) },
    { what: 'with a negative limit', send: (app) => headed(app, `${realUrl}?limit=-1`) },
  ];
  // An event stream that is accepted never ends: it only gets the probes it refuses.
  if (route.other?.type === 'text/event-stream') return refusedOnly;
  // Each path value, plainly; then, on the real one, what a request can get wrong.
  const probes: Probe[] = [...urls.map((url) => ({ what: url, send: (app: ReturnType<typeof request>) => headed(app, url) })), ...refusedOnly];
  if (route.method === 'get') {
    probes.push({ what: 'with a broken JSON body', send: (app) => call(app, realUrl).set('content-type', 'application/json').send('{') });
    return probes;
  }
  probes.push({ what: 'without the control header', send: (app) => call(app, realUrl) });
  probes.push({ what: 'with an unknown field', send: (app) => call(app, realUrl).send({ zzz: 1 }) });
  probes.push({
    what: 'with a plausible body',
    send: (app) => call(app, realUrl).send({ outcome: 'S', status: 'S', action: 'pass', ms: 1, scenario: 'nope', paymentId: 'nope', result: 'S' }),
  });
  probes.push({ what: 'with broken JSON', send: (app) => call(app, realUrl).set('content-type', 'application/json').send('{"a":') });
  probes.push({ what: 'with a body over the limit', send: (app) => call(app, realUrl).send({ a: 'x'.repeat(300_000) }) });
  probes.push({ what: 'with a charset the parser refuses', send: (app) => call(app, realUrl).set('content-type', 'application/json; charset=latin1').send('{}') });
  return probes;
}

describe('the control document lists every refusal a route answers', () => {
  it('for every route of the table, under the status it is answered with', { timeout: 120_000 }, async () => {
    const app = request(t.sandbox.app);
    const seen = new Set<string>();
    const undocumented: string[] = [];
    // Reset wipes what the other probes need: it goes last.
    const routes = [...CONTROL_ROUTE_TABLE].filter((r) => !r.merchantEndpoint).sort((a, b) => Number(a.path === '/reset') - Number(b.path === '/reset'));
    for (const route of routes) {
      const responses = doc.paths[`/_sandbox${route.path}`][route.method].responses as Doc;
      for (const probe of probesOf(route)) {
        const res = await probe.send(app);
        if (res.status < 400 || res.status === 503) continue;
        const code = res.body?.error?.code as string | undefined;
        const listed = (responses[String(res.status)]?.['x-error-codes'] ?? []) as string[];
        if (!code || !listed.includes(code)) undocumented.push(`${route.method.toUpperCase()} ${route.path} (${probe.what}): ${res.status} ${code ?? res.text.slice(0, 80)}`);
        if (code) seen.add(code);
      }
    }
    expect(undocumented).toEqual([]);
    // The probes reach nearly the whole catalogue: what they cannot cause here is a request from another
    // address, a fault of the sandbox and a missing renderer.
    expect(CONTROL_ERROR_CODES.filter((code) => !seen.has(code)).sort()).toEqual(['INTERNAL', 'REMOTE_CONTROL_OFF', 'RENDERER_MISSING']);
  });

  it('names each code of the catalogue somewhere, with its status and meaning', () => {
    const listed = new Set(Object.values(doc.paths as Doc).flatMap((item: Doc) => Object.values(item).flatMap((op: Doc) =>
      Object.values(op.responses as Doc).flatMap((r: Doc) => (r['x-error-codes'] ?? []) as string[]))));
    const catalogue = (doc['x-error-catalogue'] as { code: string }[]).map((e) => e.code);
    expect(catalogue).toEqual(CONTROL_ERROR_CODES);
    expect(CONTROL_ERROR_CODES.filter((code) => !listed.has(code))).toEqual([]);
    expect(doc.info.description).toContain('`UNKNOWN_ROUTE`');
  });
});
