// The OpenAPI 3.1 document of the control plane (GET /_sandbox/openapi/control.json), built from the
// route table (control-route-table.ts), the schemas the routes validate with (http/control-schemas.ts)
// and the error catalogue (http/control-errors.ts): each refusal a route can answer is listed under its
// HTTP status, with a schema whose `code` is narrowed to exactly those codes.
import type { TSchema } from '@sinclair/typebox';
import { CONTROL_ERRORS, CONTROL_ERROR_CODES, type ControlErrorCode } from '../http/control-errors.ts';
import { CONTROL_SCHEMAS } from '../http/control-schemas.ts';
import { CONTROL_ROUTE_TABLE, refusalsOf, type ControlRoute, type Method } from './control-route-table.ts';
import { toOpenApiSchema } from './json-schema.ts';
import { EXAMPLE_BASE_URL } from './record-examples.ts';

const json = (schema: object) => ({ 'application/json': { schema } });
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

export const CONTROL_ROUTES: readonly { method: Method; path: string }[] = CONTROL_ROUTE_TABLE.map(({ method, path }) => ({ method, path: `/_sandbox${path}` }));

/** The query string's parameters, one per property of the route's query schema. */
function queryParameters(route: ControlRoute) {
  if (!route.query) return [];
  const schema = CONTROL_SCHEMAS[route.query] as TSchema & { properties: Record<string, { description?: string }>; required?: string[] };
  return Object.entries(schema.properties).map(([name, property]) => {
    const { description, ...rest } = toOpenApiSchema(property);
    return { name, in: 'query', required: schema.required?.includes(name) ?? false, ...(description ? { description } : {}), schema: rest };
  });
}

/** One response per HTTP status the route's refusals use, naming each code and its meaning. */
function refusalResponses(codes: ControlErrorCode[]) {
  const byStatus = new Map<number, ControlErrorCode[]>();
  for (const code of codes) byStatus.set(CONTROL_ERRORS[code].status, [...(byStatus.get(CONTROL_ERRORS[code].status) ?? []), code]);
  return Object.fromEntries([...byStatus].sort(([a], [b]) => a - b).map(([status, list]) => [status, {
    description: list.map((code) => `\`${code}\`: ${CONTROL_ERRORS[code].meaning}`).join('\n\n'),
    'x-error-codes': list,
    // The catalogue's shape, with `code` narrowed to this response's codes.
    content: json({ allOf: [ref('ControlError')], type: 'object', properties: { error: { type: 'object', properties: { code: { type: 'string', enum: list } } } } }),
  }]));
}

function operationOf(route: ControlRoute) {
  const params = [...route.path.matchAll(/\{(\w+)\}/g)].map((m) => ({ name: m[1]!, in: 'path', required: true, schema: { type: 'string' } }));
  const query = queryParameters(route);
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
      ...refusalResponses(refusalsOf(route)),
      ...(route.unavailable ? { 503: { description: 'The store cannot keep changes: its directory is gone or replaced, or the last append failed; `problem` names the cause.', content: json(ref(route.unavailable)) } } : {}),
    },
  };
}

export function buildControlDocument(version: string) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of CONTROL_ROUTE_TABLE) (paths[`/_sandbox${route.path}`] ??= {})[route.method] = operationOf(route);
  return {
    openapi: '3.1.0',
    info: {
      title: 'alipay-sandbox: control plane',
      version,
      description: `The sandbox's own API under \`/_sandbox\`: inspect payments and notifications, settle what is in
process, pin scenarios, inject notification faults, move the clock, and read the OpenAPI documents. It answers
only on loopback unless the sandbox was started with \`--remote-control\`. Read-only (GET) routes have no side
effects. Request bodies and query strings are checked against the schemas below, the same objects the routes
validate with; an unknown query parameter is refused.

A refusal has its HTTP status and the body \`{"error": {"code", "message", "status", "field"?}}\`, with a code
of the control plane's catalogue (\`x-error-catalogue\` below, and docs/errors.md); each operation lists the
codes it can answer. A path nothing serves answers 404 \`UNKNOWN_ROUTE\`. Antom's result codes belong to the
merchant API only; an answer that changes something carries a \`result\` of SUCCESS beside its data.`,
      license: { name: 'MIT', identifier: 'MIT' },
    },
    servers: [{ url: EXAMPLE_BASE_URL, description: 'a sandbox started with `npm start` (any port works)' }],
    tags: ['Sandbox', 'Payments', 'Notifications', 'Scenarios', 'Certification', 'Clock', 'Dashboard', 'Documents'].map((name) => ({ name })),
    'x-error-catalogue': CONTROL_ERROR_CODES.map((code) => ({ code, status: CONTROL_ERRORS[code].status, message: CONTROL_ERRORS[code].message, meaning: CONTROL_ERRORS[code].meaning })),
    paths,
    components: { schemas: Object.fromEntries(Object.entries(CONTROL_SCHEMAS).map(([name, schema]) => [name, toOpenApiSchema(schema)])) },
  };
}
