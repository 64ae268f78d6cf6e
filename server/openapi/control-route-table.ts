// The control plane's routes as data: for each /_sandbox route, its schemas (body, query string, answer)
// and the refusals of the error catalogue that only it answers. The OpenAPI document is built from this
// table, and a test checks it against the routes Express serves and the codes they really answer.
import type { ControlErrorCode } from '../http/control-errors.ts';
import type { ControlSchemaName } from '../http/control-schemas.ts';

export type Method = 'get' | 'post' | 'delete';

export interface ControlRoute {
  method: Method;
  path: string;
  tag: string;
  summary: string;
  body?: ControlSchemaName;
  /** The schema of the query string; the route checks it with this (an unknown parameter is refused). */
  query?: ControlSchemaName;
  /** The answer's schema; undefined for a document or page that is not JSON of the control plane. */
  answer?: ControlSchemaName;
  /** A non-JSON answer: its media type and what it is. */
  other?: { type: string; description: string };
  status?: 200 | 201 | 204;
  /** The refusals only this route answers; those every route, every change, every body or query can answer are added (refusalsOf). */
  errors?: ControlErrorCode[];
  /** The schema of a 503 answer: the route reports that the sandbox cannot keep what it is given. */
  unavailable?: ControlSchemaName;
  /** Outside the control plane's guard, answering in Antom's shape: the built-in notify URL. */
  merchantEndpoint?: true;
}

/** Every route: the guard's refusals, and a fault of the sandbox. */
const EVERY_ROUTE: ControlErrorCode[] = ['REMOTE_CONTROL_OFF', 'FORBIDDEN_ORIGIN', 'INTERNAL'];
/** Every route that is not a GET: the body parser's refusals (a GET's body is never read). */
const EVERY_CHANGE: ControlErrorCode[] = ['NOT_JSON', 'BODY_TOO_LARGE', 'BODY_UNREADABLE'];

/** Every code the route can answer, from the table: what it shares with others, then its own. */
export function refusalsOf(route: ControlRoute): ControlErrorCode[] {
  if (route.merchantEndpoint) return [];
  return [
    ...EVERY_ROUTE,
    ...(route.method === 'get' ? [] : EVERY_CHANGE),
    ...(route.body ? ['INVALID_BODY' as const] : []),
    ...(route.query ? ['INVALID_QUERY' as const] : []),
    ...(route.errors ?? []),
  ];
}

export const CONTROL_ROUTE_TABLE: readonly ControlRoute[] = [
  {
    method: 'get', path: '/health', tag: 'Sandbox', summary: 'Status, signature mode, clock and number of payments; 503 while the store cannot keep changes',
    answer: 'HealthAnswer', unavailable: 'FailingHealthAnswer',
  },
  { method: 'get', path: '/keys', tag: 'Sandbox', summary: 'The sandbox\'s public key (configure it as Alipay\'s public key)', answer: 'KeysAnswer' },
  {
    method: 'get', path: '/tls/certificate', tag: 'Sandbox', summary: 'The HTTPS listener\'s self-signed certificate, to trust in an SDK or a browser',
    other: { type: 'application/x-pem-file', description: 'The certificate, PEM.' }, errors: ['HTTPS_OFF'],
  },
  { method: 'get', path: '/merchants', tag: 'Sandbox', summary: 'Registered merchant keys', answer: 'MerchantsAnswer' },
  { method: 'post', path: '/merchants', tag: 'Sandbox', summary: 'Register a merchant\'s public key', body: 'RegisterMerchantBody', answer: 'RegisterMerchantAnswer', status: 201 },
  {
    method: 'get', path: '/payments', tag: 'Payments', summary: 'Payments, newest first', answer: 'PaymentsAnswer', query: 'PaymentsQuery',
  },
  { method: 'get', path: '/payments/{paymentId}', tag: 'Payments', summary: 'One payment as inquiryPayment shows it, with its scenario, mode and stored pay answer', answer: 'InspectedPayment', errors: ['PAYMENT_NOT_FOUND'] },
  { method: 'post', path: '/payments/{paymentId}/settle', tag: 'Payments', summary: 'Settle a payment in process by hand, with its notification', body: 'SettlePaymentBody', answer: 'SettledPaymentAnswer', errors: ['PAYMENT_NOT_FOUND', 'STATE_CONFLICT'] },
  {
    method: 'post', path: '/payments/{paymentId}/wallet', tag: 'Payments', summary: 'Act for the buyer in the wallet (pay, decline, abandon) or expire the payment now',
    body: 'WalletActionBody', answer: 'SettledPaymentAnswer', errors: ['PAYMENT_NOT_FOUND', 'STATE_CONFLICT'],
  },
  { method: 'post', path: '/payments/{paymentId}/challenge', tag: 'Payments', summary: 'End a pending 3DS challenge without a browser', body: 'ChallengeBody', answer: 'SettledPaymentAnswer', errors: ['PAYMENT_NOT_FOUND', 'STATE_CONFLICT'] },
  { method: 'post', path: '/payments/{paymentId}/captures/{captureId}/settle', tag: 'Payments', summary: 'Settle a capture in process, with its notification', body: 'SettleCaptureBody', answer: 'SettledCaptureAnswer', errors: ['PAYMENT_NOT_FOUND', 'CAPTURE_NOT_FOUND', 'STATE_CONFLICT'] },
  { method: 'post', path: '/payments/{paymentId}/refunds/{refundId}/settle', tag: 'Payments', summary: 'Settle a refund in process, with its notification', body: 'SettleRefundBody', answer: 'SettledRefundAnswer', errors: ['PAYMENT_NOT_FOUND', 'REFUND_NOT_FOUND', 'STATE_CONFLICT'] },
  { method: 'get', path: '/examples', tag: 'Sandbox', summary: 'The operations an example request can be generated for', answer: 'ExamplesAnswer' },
  {
    method: 'get', path: '/examples/{operation}', tag: 'Sandbox', summary: 'A valid request body generated from the schemas; the same seed gives the same body',
    other: { type: 'application/json', description: 'A request body of the operation, as the merchant API document describes it.' },
    query: 'ExampleQuery', errors: ['EXAMPLE_NOT_FOUND'],
  },
  {
    method: 'get', path: '/notifications', tag: 'Notifications', summary: 'Notifications, newest first', answer: 'NotificationsAnswer', query: 'NotificationsQuery',
  },
  { method: 'get', path: '/notifications/faults', tag: 'Notifications', summary: 'The notification fault switch', answer: 'FaultSwitchAnswer' },
  { method: 'post', path: '/notifications/faults', tag: 'Notifications', summary: 'Set the notification fault switch', body: 'FaultSwitchBody', answer: 'SetFaultSwitchAnswer' },
  { method: 'delete', path: '/notifications/faults', tag: 'Notifications', summary: 'Clear the notification fault switch', answer: 'SetFaultSwitchAnswer' },
  { method: 'post', path: '/notifications/flush', tag: 'Notifications', summary: 'Run every due attempt now and wait for all in flight', answer: 'ControlEnvelope' },
  { method: 'get', path: '/notifications/{id}', tag: 'Notifications', summary: 'One notification: its exact body and every attempt', answer: 'Notification', errors: ['NOTIFICATION_NOT_FOUND'] },
  { method: 'post', path: '/notifications/{id}/resend', tag: 'Notifications', summary: 'Send it again now, outside the schedule', answer: 'ResendAnswer', errors: ['NOTIFICATION_NOT_FOUND'] },
  {
    method: 'post', path: '/receiver/{name}', tag: 'Notifications', summary: 'The built-in merchant endpoint: a notify URL that acknowledges and records what it gets',
    other: { type: 'application/json', description: 'The acknowledgement when the body is a notification signed by the sandbox; otherwise a refusal with its reason, in Antom\'s result shape (it is a merchant endpoint). Answers on any interface, like the merchant API.' },
    merchantEndpoint: true,
  },
  { method: 'get', path: '/receiver', tag: 'Notifications', summary: 'The built-in receiver\'s endpoints and how much each got', answer: 'ReceiversAnswer' },
  { method: 'get', path: '/receiver/{name}', tag: 'Notifications', summary: 'What one endpoint of the built-in receiver got, with each signature\'s verdict', answer: 'ReceivedAnswer', errors: ['INVALID_PATH'] },
  { method: 'delete', path: '/receiver/{name}', tag: 'Notifications', summary: 'Forget what one endpoint got', status: 204, errors: ['INVALID_PATH'] },
  { method: 'get', path: '/scenarios', tag: 'Scenarios', summary: 'Every scenario, the seed, the precedence and the pins in force', answer: 'ScenariosAnswer' },
  { method: 'get', path: '/scenarios/pins', tag: 'Scenarios', summary: 'The pins in force', answer: 'PinsAnswer' },
  { method: 'get', path: '/scenarios/{name}', tag: 'Scenarios', summary: 'One scenario with its definition', answer: 'ScenarioDescription', errors: ['SCENARIO_NOT_FOUND'] },
  {
    method: 'get', path: '/scenarios/{name}/request', tag: 'Scenarios', summary: 'The request that triggers a scenario, as JSON and as curl',
    answer: 'ScenarioRequestAnswer', query: 'ScenarioRequestQuery', errors: ['SCENARIO_NOT_FOUND'],
  },
  { method: 'post', path: '/scenarios/pin', tag: 'Scenarios', summary: 'Pin a scenario for a number of calls and/or a time', body: 'PinBody', answer: 'PinAnswer', status: 201 },
  {
    method: 'delete', path: '/scenarios/pin', tag: 'Scenarios', summary: 'Unpin one merchant, or everything', answer: 'UnpinAnswer', query: 'UnpinQuery',
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
  {
    method: 'get', path: '/certify/checkout/{clientId}', tag: 'Certification', summary: 'A checkout run\'s cases: which a pay has taken so far', answer: 'CheckoutRunAnswer',
    errors: ['INVALID_PATH', 'CERTIFY_RUN_NOT_FOUND'],
  },
  {
    method: 'post', path: '/certify/checkout/{clientId}/report', tag: 'Certification', summary: 'Grade the checkout run from the request journal (the report is kept)', answer: 'CertifyReportAnswer',
    errors: ['INVALID_PATH', 'CERTIFY_RUN_NOT_FOUND'],
  },
  {
    method: 'delete', path: '/certify/checkout/{clientId}', tag: 'Certification', summary: 'Stop a checkout run: its cases still waiting are unpinned', answer: 'CheckoutRunAnswer',
    errors: ['INVALID_PATH', 'CERTIFY_RUN_NOT_FOUND'],
  },
  { method: 'get', path: '/certify/reports', tag: 'Certification', summary: 'The certification reports kept (the last 50), newest first', answer: 'CertifyReportsAnswer' },
  {
    method: 'get', path: '/certify/reports/{id}', tag: 'Certification', summary: 'One report: JSON (the CertifyReport schema), ?format=junit (JUnit XML) or ?format=html (a self-contained page)',
    other: { type: 'application/json', description: 'The report as JSON (schema CertifyReport); application/xml with format=junit, text/html with format=html.' },
    query: 'CertifyReportQuery', errors: ['CERTIFY_REPORT_NOT_FOUND'],
  },
  {
    method: 'get', path: '/events', tag: 'Sandbox', summary: 'The live event stream (Server-Sent Events); ?types=request,payment narrows it',
    other: { type: 'text/event-stream', description: 'Server-Sent Events; a Last-Event-ID header (or ?lastEventId=) replays the kept events after that id first.' },
    query: 'EventStreamQuery', errors: ['INVALID_HEADER'],
  },
  { method: 'get', path: '/ui', tag: 'Dashboard', summary: 'The QA dashboard (redirects to /_sandbox/ui/)', other: { type: 'text/html', description: 'A redirect to the dashboard.' } },
  { method: 'get', path: '/ui/{view}', tag: 'Dashboard', summary: 'A view of the QA dashboard, a client of this API', other: { type: 'text/html', description: 'The dashboard page.' }, errors: ['UNKNOWN_ROUTE'] },
  { method: 'get', path: '/ui/vendor/preact-htm.js', tag: 'Dashboard', summary: 'The dashboard\'s view library, served locally', other: { type: 'text/javascript', description: 'Preact with htm.' } },
  { method: 'get', path: '/requests', tag: 'Sandbox', summary: 'The request journal: merchant API calls, newest first, a page at a time', query: 'RequestListQuery', answer: 'RequestList' },
  { method: 'get', path: '/requests/{id}', tag: 'Sandbox', summary: 'One journalled request with its bodies and headers', answer: 'RequestEntry', errors: ['REQUEST_NOT_FOUND'] },
  { method: 'get', path: '/tls', tag: 'Sandbox', summary: 'Whether HTTPS is on, the certificate\'s names and where to get it', answer: 'TlsAnswer' },
  { method: 'post', path: '/reset', tag: 'Sandbox', summary: 'Wipe payments, notifications, the request journal and the pins (merchants and keys stay)', answer: 'ResetAnswer' },
  {
    method: 'post', path: '/notifications/compose', tag: 'Notifications', summary: 'Compose a signed notifyPayment with the result chosen, and send it on the usual schedule',
    body: 'ComposeNotificationBody', answer: 'ComposedAnswer', status: 201, errors: ['PAYMENT_NOT_FOUND'],
  },
  { method: 'post', path: '/notifications/{id}/duplicate', tag: 'Notifications', summary: 'Send a notification again now, marked as a duplicate', answer: 'ResendAnswer', errors: ['NOTIFICATION_NOT_FOUND'] },
  { method: 'get', path: '/clock/due', tag: 'Clock', summary: 'The next due events: notification attempts, expiries, delayed settlements', query: 'DueQuery', answer: 'DueAnswer' },
  { method: 'get', path: '/clock', tag: 'Clock', summary: 'The sandbox clock', answer: 'ClockAnswer' },
  { method: 'post', path: '/clock/advance', tag: 'Clock', summary: 'Move the clock forward, running everything that falls due first', body: 'AdvanceClockBody', answer: 'AdvanceClockAnswer' },
  { method: 'get', path: '/openapi.json', tag: 'Documents', summary: 'OpenAPI 3.1 of the merchant API and its notifications', other: { type: 'application/json', description: 'An OpenAPI 3.1 document.' } },
  { method: 'get', path: '/openapi.yaml', tag: 'Documents', summary: 'The same, as YAML', other: { type: 'application/yaml', description: 'An OpenAPI 3.1 document.' } },
  { method: 'get', path: '/openapi/control.json', tag: 'Documents', summary: 'This document', other: { type: 'application/json', description: 'An OpenAPI 3.1 document.' } },
  { method: 'get', path: '/openapi/control.yaml', tag: 'Documents', summary: 'This document, as YAML', other: { type: 'application/yaml', description: 'An OpenAPI 3.1 document.' } },
  { method: 'get', path: '/reference', tag: 'Documents', summary: 'The merchant API reference, readable offline', other: { type: 'text/html', description: 'A page rendering /_sandbox/openapi.json.' } },
  { method: 'get', path: '/reference/control', tag: 'Documents', summary: 'The control-plane reference, readable offline', other: { type: 'text/html', description: 'A page rendering /_sandbox/openapi/control.json.' } },
  { method: 'get', path: '/reference/redoc.standalone.js', tag: 'Documents', summary: 'The renderer the reference pages load', other: { type: 'application/javascript', description: 'Redoc\'s standalone bundle.' }, errors: ['RENDERER_MISSING'] },
];
