// The OpenAPI 3.1 document of the control plane (GET /_sandbox/openapi/control.json), built from the
// schemas its routes validate their bodies with (http/control-schemas.ts). The route table below names,
// for each route, its schemas and the refusals it can answer; a test checks it against the routes served.
import { CONTROL_SCHEMAS, type ControlSchemaName } from '../http/control-schemas.ts';
import { toOpenApiSchema } from './json-schema.ts';
import { EXAMPLE_BASE_URL } from './record-examples.ts';

type Method = 'get' | 'post' | 'delete';

interface QueryParam { name: string; description: string; schema: object }

interface ControlRoute {
  method: Method;
  path: string;
  tag: string;
  summary: string;
  body?: ControlSchemaName;
  /** The answer's schema; undefined for a document or page that is not JSON of the control plane. */
  answer?: ControlSchemaName;
  /** A non-JSON answer: its media type and what it is. */
  other?: { type: string; description: string };
  status?: 200 | 201 | 204;
  query?: QueryParam[];
  /** Refusals besides 403 (every route) and 400 (routes with a body or a query). */
  refusals?: (404 | 409)[];
}

const json = (schema: object) => ({ 'application/json': { schema } });
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const whole = (max: number) => ({ type: 'integer', minimum: 0, maximum: max });

const ROUTES: ControlRoute[] = [
  { method: 'get', path: '/health', tag: 'Sandbox', summary: 'Status, signature mode, clock and number of payments', answer: 'HealthAnswer' },
  { method: 'get', path: '/keys', tag: 'Sandbox', summary: 'The sandbox\'s public key (configure it as Alipay\'s public key)', answer: 'KeysAnswer' },
  {
    method: 'get', path: '/tls/certificate', tag: 'Sandbox', summary: 'The HTTPS listener\'s self-signed certificate, to trust in an SDK or a browser',
    other: { type: 'application/x-pem-file', description: 'The certificate, PEM.' }, refusals: [404],
  },
  { method: 'get', path: '/merchants', tag: 'Sandbox', summary: 'Registered merchant keys', answer: 'MerchantsAnswer' },
  { method: 'post', path: '/merchants', tag: 'Sandbox', summary: 'Register a merchant\'s public key', body: 'RegisterMerchantBody', answer: 'RegisterMerchantAnswer', status: 201 },
  {
    method: 'get', path: '/payments', tag: 'Payments', summary: 'Payments, newest first', answer: 'PaymentsAnswer',
    query: [
      { name: 'status', description: 'Only payments in this status.', schema: { type: 'string' } },
      { name: 'clientId', description: 'Only this merchant\'s payments.', schema: { type: 'string' } },
      { name: 'limit', description: 'At most this many (default 50).', schema: whole(1000) },
      { name: 'offset', description: 'Skip this many.', schema: whole(Number.MAX_SAFE_INTEGER) },
    ],
  },
  { method: 'get', path: '/payments/{paymentId}', tag: 'Payments', summary: 'One payment as inquiryPayment shows it, with its scenario, mode and stored pay answer', answer: 'InspectedPayment', refusals: [404] },
  { method: 'post', path: '/payments/{paymentId}/settle', tag: 'Payments', summary: 'Settle a payment in process by hand, with its notification', body: 'SettlePaymentBody', answer: 'SettledPaymentAnswer', refusals: [404, 409] },
  { method: 'post', path: '/payments/{paymentId}/wallet', tag: 'Payments', summary: 'Act for the buyer in the wallet (pay, decline, abandon) or expire the payment now', body: 'WalletActionBody', answer: 'SettledPaymentAnswer', refusals: [404, 409] },
  { method: 'post', path: '/payments/{paymentId}/challenge', tag: 'Payments', summary: 'End a pending 3DS challenge without a browser', body: 'ChallengeBody', answer: 'SettledPaymentAnswer', refusals: [404, 409] },
  { method: 'post', path: '/payments/{paymentId}/captures/{captureId}/settle', tag: 'Payments', summary: 'Settle a capture in process, with its notification', body: 'SettleCaptureBody', answer: 'SettledCaptureAnswer', refusals: [404, 409] },
  { method: 'post', path: '/payments/{paymentId}/refunds/{refundId}/settle', tag: 'Payments', summary: 'Settle a refund in process, with its notification', body: 'SettleRefundBody', answer: 'SettledRefundAnswer', refusals: [404, 409] },
  { method: 'get', path: '/examples', tag: 'Sandbox', summary: 'The operations an example request can be generated for', answer: 'ExamplesAnswer' },
  {
    method: 'get', path: '/examples/{operation}', tag: 'Sandbox', summary: 'A valid request body generated from the schemas; the same seed gives the same body',
    other: { type: 'application/json', description: 'A request body of the operation, as the merchant API document describes it.' },
    query: [
      { name: 'seed', description: 'Seed of the generator: the same seed gives the same body.', schema: whole(2 ** 31) },
      { name: 'paymentId', description: 'The payment to capture, cancel, refund or inquire.', schema: { type: 'string', pattern: '^[A-Za-z0-9_-]{1,64}$' } },
    ],
    refusals: [404],
  },
  {
    method: 'get', path: '/notifications', tag: 'Notifications', summary: 'Notifications, newest first', answer: 'NotificationsAnswer',
    query: [
      { name: 'paymentId', description: 'Only this payment\'s.', schema: { type: 'string' } },
      { name: 'status', description: 'Only those in this state.', schema: { type: 'string', enum: ['pending', 'delivered', 'given-up'] } },
      { name: 'limit', description: 'At most this many (default 50).', schema: whole(1000) },
    ],
  },
  { method: 'get', path: '/notifications/faults', tag: 'Notifications', summary: 'The notification fault switch', answer: 'FaultSwitchAnswer' },
  { method: 'post', path: '/notifications/faults', tag: 'Notifications', summary: 'Set the notification fault switch', body: 'FaultSwitchBody', answer: 'SetFaultSwitchAnswer' },
  { method: 'delete', path: '/notifications/faults', tag: 'Notifications', summary: 'Clear the notification fault switch', answer: 'SetFaultSwitchAnswer' },
  { method: 'post', path: '/notifications/flush', tag: 'Notifications', summary: 'Run every due attempt now and wait for all in flight', answer: 'ControlEnvelope' },
  { method: 'get', path: '/notifications/{id}', tag: 'Notifications', summary: 'One notification: its exact body and every attempt', answer: 'Notification', refusals: [404] },
  { method: 'post', path: '/notifications/{id}/resend', tag: 'Notifications', summary: 'Send it again now, outside the schedule', answer: 'ResendAnswer', refusals: [404] },
  {
    method: 'post', path: '/receiver/{name}', tag: 'Notifications', summary: 'The built-in merchant endpoint: a notify URL that acknowledges and records what it gets',
    other: { type: 'application/json', description: 'The acknowledgement when the body is a notification signed by the sandbox; otherwise a refusal with its reason. Answers on any interface, like the merchant API.' },
  },
  { method: 'get', path: '/receiver', tag: 'Notifications', summary: 'The built-in receiver\'s endpoints and how much each got', answer: 'ReceiversAnswer' },
  { method: 'get', path: '/receiver/{name}', tag: 'Notifications', summary: 'What one endpoint of the built-in receiver got, with each signature\'s verdict', answer: 'ReceivedAnswer', query: [] },
  { method: 'delete', path: '/receiver/{name}', tag: 'Notifications', summary: 'Forget what one endpoint got', status: 204, query: [] },
  { method: 'get', path: '/scenarios', tag: 'Scenarios', summary: 'Every scenario, the seed, the precedence and the pins in force', answer: 'ScenariosAnswer' },
  { method: 'get', path: '/scenarios/pins', tag: 'Scenarios', summary: 'The pins in force', answer: 'PinsAnswer' },
  { method: 'get', path: '/scenarios/{name}', tag: 'Scenarios', summary: 'One scenario with its definition', answer: 'ScenarioDescription', refusals: [404] },
  { method: 'post', path: '/scenarios/pin', tag: 'Scenarios', summary: 'Pin a scenario for a number of calls and/or a time', body: 'PinBody', answer: 'PinAnswer', status: 201 },
  {
    method: 'delete', path: '/scenarios/pin', tag: 'Scenarios', summary: 'Unpin one merchant, or everything', answer: 'UnpinAnswer',
    query: [{ name: 'clientId', description: 'Only this merchant\'s pin.', schema: { type: 'string' } }],
  },
  { method: 'post', path: '/scenarios/reset', tag: 'Scenarios', summary: 'Forget pins and sequence progress', answer: 'ControlEnvelope' },
  {
    method: 'post', path: '/certify/webhook', tag: 'Certification', summary: 'Send the webhook conformance probes to a merchant\'s notify URL and answer with the graded report',
    body: 'CertifyWebhookBody', answer: 'CertifyReportAnswer',
  },
  {
    method: 'post', path: '/certify/checkout', tag: 'Certification', summary: 'Arm a checkout certification run: the merchant\'s next new paymentRequestIds get the planned cases, in order',
    body: 'CheckoutStartBody', answer: 'CheckoutRunAnswer', status: 201,
  },
  { method: 'get', path: '/certify/checkout/{clientId}', tag: 'Certification', summary: 'A checkout run\'s cases: which a pay has taken so far', answer: 'CheckoutRunAnswer', query: [], refusals: [404] },
  { method: 'post', path: '/certify/checkout/{clientId}/report', tag: 'Certification', summary: 'Grade the checkout run from the request journal (the report is kept)', answer: 'CertifyReportAnswer', query: [], refusals: [404] },
  { method: 'delete', path: '/certify/checkout/{clientId}', tag: 'Certification', summary: 'Stop a checkout run: its cases still waiting are unpinned', answer: 'CheckoutRunAnswer', query: [], refusals: [404] },
  { method: 'get', path: '/certify/reports', tag: 'Certification', summary: 'The certification reports kept (the last 50), newest first', answer: 'CertifyReportsAnswer' },
  {
    method: 'get', path: '/certify/reports/{id}', tag: 'Certification', summary: 'One report: JSON (the CertifyReport schema), ?format=junit (JUnit XML) or ?format=html (a self-contained page)',
    other: { type: 'application/json', description: 'The report as JSON (schema CertifyReport); application/xml with format=junit, text/html with format=html.' },
    query: [{ name: 'format', description: 'json (default), junit or html.', schema: { type: 'string', enum: ['json', 'junit', 'html'] } }], refusals: [404],
  },
  { method: 'get', path: '/events', tag: 'Sandbox', summary: 'The live event stream (Server-Sent Events); ?types=request,payment narrows it', other: { type: 'text/event-stream', description: 'Server-Sent Events.' }, query: [{ name: 'types', description: 'Comma-separated event types.', schema: { type: 'string' } }] },
  { method: 'get', path: '/ui', tag: 'Dashboard', summary: 'The QA dashboard (redirects to /_sandbox/ui/)', other: { type: 'text/html', description: 'A redirect to the dashboard.' } },
  { method: 'get', path: '/ui/{view}', tag: 'Dashboard', summary: 'A view of the QA dashboard, a client of this API', other: { type: 'text/html', description: 'The dashboard page.' } },
  { method: 'get', path: '/ui/vendor/preact-htm.js', tag: 'Dashboard', summary: 'The dashboard\'s view library, served locally', other: { type: 'text/javascript', description: 'Preact with htm.' } },
  // Routes added by the dashboard and data-safety work; their bodies and answers have no schema in schemas/control/ yet.
  { method: 'get', path: '/requests', tag: 'Sandbox', summary: 'The request journal: merchant API calls, newest first', other: { type: 'application/json', description: 'JSON; not yet described by a schema.' } },
  { method: 'get', path: '/requests/{id}', tag: 'Sandbox', summary: 'One journalled request with its answer', other: { type: 'application/json', description: 'JSON; not yet described by a schema.' }, refusals: [404] },
  { method: 'get', path: '/tls', tag: 'Sandbox', summary: 'The HTTPS listener and its certificate\'s names', other: { type: 'application/json', description: 'JSON; not yet described by a schema.' } },
  { method: 'post', path: '/reset', tag: 'Sandbox', summary: 'Reset the sandbox\'s state', other: { type: 'application/json', description: 'JSON; not yet described by a schema.' } },
  { method: 'post', path: '/notifications/compose', tag: 'Notifications', summary: 'Compose and send a notification by hand', other: { type: 'application/json', description: 'JSON; not yet described by a schema.' } },
  { method: 'post', path: '/notifications/{id}/duplicate', tag: 'Notifications', summary: 'Send a copy of a notification', other: { type: 'application/json', description: 'JSON; not yet described by a schema.' }, refusals: [404] },
  { method: 'get', path: '/clock/due', tag: 'Clock', summary: 'What falls due on the sandbox clock', other: { type: 'application/json', description: 'JSON; not yet described by a schema.' } },
  { method: 'get', path: '/clock', tag: 'Clock', summary: 'The sandbox clock', answer: 'ClockAnswer' },
  { method: 'post', path: '/clock/advance', tag: 'Clock', summary: 'Move the clock forward, running everything that falls due first', body: 'AdvanceClockBody', answer: 'AdvanceClockAnswer' },
  { method: 'get', path: '/openapi.json', tag: 'Documents', summary: 'OpenAPI 3.1 of the merchant API and its notifications', other: { type: 'application/json', description: 'An OpenAPI 3.1 document.' } },
  { method: 'get', path: '/openapi.yaml', tag: 'Documents', summary: 'The same, as YAML', other: { type: 'application/yaml', description: 'An OpenAPI 3.1 document.' } },
  { method: 'get', path: '/openapi/control.json', tag: 'Documents', summary: 'This document', other: { type: 'application/json', description: 'An OpenAPI 3.1 document.' } },
  { method: 'get', path: '/openapi/control.yaml', tag: 'Documents', summary: 'This document, as YAML', other: { type: 'application/yaml', description: 'An OpenAPI 3.1 document.' } },
  { method: 'get', path: '/reference', tag: 'Documents', summary: 'The merchant API reference, readable offline', other: { type: 'text/html', description: 'A page rendering /_sandbox/openapi.json.' } },
  { method: 'get', path: '/reference/control', tag: 'Documents', summary: 'The control-plane reference, readable offline', other: { type: 'text/html', description: 'A page rendering /_sandbox/openapi/control.json.' } },
  { method: 'get', path: '/reference/redoc.standalone.js', tag: 'Documents', summary: 'The renderer the reference pages load', other: { type: 'application/javascript', description: 'Redoc\'s standalone bundle.' }, refusals: [404] },
];

export const CONTROL_ROUTES: readonly { method: Method; path: string }[] = ROUTES.map(({ method, path }) => ({ method, path: `/_sandbox${path}` }));

const REFUSAL = {
  400: 'PARAM_ILLEGAL: the body, a path or a query parameter is refused; the message names the field and the rule.',
  403: 'ACCESS_DENIED: the control plane answers only on loopback unless the sandbox was started with --remote-control.',
  404: 'ORDER_NOT_EXIST (no such payment, notification, capture, refund, certification run or report) or NO_INTERFACE_DEF (no such scenario or example, no certificate when HTTPS is off, no renderer installed).',
  409: 'ORDER_STATUS_INVALID: the payment, capture or refund is not in a state this can change.',
} as const;

function operationOf(route: ControlRoute) {
  const params = [...route.path.matchAll(/\{(\w+)\}/g)].map((m) => ({ name: m[1]!, in: 'path', required: true, schema: { type: 'string' } }));
  const query = (route.query ?? []).map((q) => ({ name: q.name, in: 'query', required: false, description: q.description, schema: q.schema }));
  // A query list, even empty, marks a route whose parameters are checked (400 PARAM_ILLEGAL).
  const refusals = [...(route.body || route.query ? [400] : []), 403, ...(route.refusals ?? [])] as (keyof typeof REFUSAL)[];
  const success = route.status === 204
    ? { description: 'Done; no content.' }
    : route.answer
      ? { description: 'Done.', content: json(ref(route.answer)) }
      : { description: route.other!.description, content: { [route.other!.type]: { schema: route.other!.type === 'application/json' ? { type: 'object' } : { type: 'string' } } } };
  return {
    operationId: `${route.method}${route.path.replace(/\{(\w+)\}/g, 'By-$1').replace(/[^A-Za-z0-9]+(.)?/g, (_m, c: string | undefined) => (c ?? '').toUpperCase())}`,
    tags: [route.tag],
    summary: route.summary,
    ...(params.length + query.length ? { parameters: [...params, ...query] } : {}),
    ...(route.body ? { requestBody: { required: false, description: 'A missing body counts as {}.', content: json(ref(route.body)) } } : {}),
    responses: {
      [route.status ?? 200]: success,
      ...Object.fromEntries(refusals.map((status) => [status, { description: REFUSAL[status], content: json(ref('ControlError')) }])),
    },
  };
}

export function buildControlDocument(version: string) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of ROUTES) (paths[`/_sandbox${route.path}`] ??= {})[route.method] = operationOf(route);
  return {
    openapi: '3.1.0',
    info: {
      title: 'alipay-sandbox: control plane',
      version,
      description: `The sandbox's own API under \`/_sandbox\`: inspect payments and notifications, settle what is in
process, pin scenarios, inject notification faults, move the clock, and read the OpenAPI documents. It answers
only on loopback unless the sandbox was started with \`--remote-control\`. Read-only (GET) routes have no side
effects. Refusals carry Antom's \`result\` object with a meaningful HTTP status. Request bodies are checked
against the schemas below, the same objects the routes validate with.`,
      license: { name: 'MIT', identifier: 'MIT' },
    },
    servers: [{ url: EXAMPLE_BASE_URL, description: 'a sandbox started with `npm start` (any port works)' }],
    tags: ['Sandbox', 'Payments', 'Notifications', 'Scenarios', 'Certification', 'Clock', 'Dashboard', 'Documents'].map((name) => ({ name })),
    paths,
    components: { schemas: Object.fromEntries(Object.entries(CONTROL_SCHEMAS).map(([name, schema]) => [name, toOpenApiSchema(schema)])) },
  };
}
