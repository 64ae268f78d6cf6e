// The OpenAPI 3.1 document of the merchant API and its notifications (GET /_sandbox/openapi.json), built
// from the schemas the validator compiles (schemas/index.ts), the result-code catalogue and the examples
// recorded by record-examples.ts. Nothing here repeats a field of the wire format.
import { SCHEMAS, type SchemaName } from '../../schemas/index.ts';
import { NotifyAck } from '../../schemas/notify-payment.ts';
import { OPERATIONS } from '../api/routes.ts';
import { RETRY_SCHEDULE_MS } from '../notify/notification.ts';
import { toOpenApiSchema, type JsonSchema } from './json-schema.ts';
import { MERCHANT_OPERATIONS, WEBHOOKS, type MerchantOperationDoc } from './merchant-operations.ts';
import { codesOf, type CodeEntry } from './operation-codes.ts';
import { EXAMPLE_BASE_URL, EXAMPLE_CLIENT_ID, RECORDED_AT, type RecordedExamples } from './record-examples.ts';

export const API_PREFIX = '/ams/api/v1/';
/** What SDKs send for a SANDBOX_ client id, and the short form of Antom's docs; served alike. */
export const OTHER_PREFIXES = ['/ams/sandbox/api/v1/', '/v1/'];

const ref = (kind: string, name: string) => ({ $ref: `#/components/${kind}/${name}` });

const INTRO = `A local, offline simulator of Antom's (Alipay's) card-payment API, described from the schemas its
validator uses. Every operation is a \`POST\` of a JSON body (\`Content-Type: application/json; charset=UTF-8\`)
under \`/ams/api/v1/\`, also served under \`/ams/sandbox/api/v1/\` (what Antom's SDKs call for a \`SANDBOX_\`
client id) and \`/v1/\`. The signature covers the path exactly as it was sent.

Every answer, errors included, is **HTTP 200** with Antom's envelope \`result {resultCode, resultStatus,
resultMessage}\`: \`S\` success, \`F\` failed (a \`PARAM_ILLEGAL\` message names the field and the rule),
\`U\` unknown yet (retry, inquire, or wait for the notification). An unknown path answers \`NO_INTERFACE_DEF\`.
Each operation lists the result codes it can answer, from the sandbox's catalogue.

Requests are signed with the merchant's RSA key, answers and notifications with the sandbox's
(\`GET /_sandbox/keys\`): RSA256 (SHA256withRSA) over \`POST <path>\\n<clientId>.<time>.<body>\`, base64 then
URL-encoded. With \`--signature warn\` (the default) an unregistered client is accepted unsigned;
\`--signature off\` checks and signs nothing.

The examples were recorded from the sandbox itself, at sandbox time ${RECORDED_AT}, as client
\`${EXAMPLE_CLIENT_ID}\`; its random ids are numbered.`;

function codeTable(codes: CodeEntry[]): string {
  const rows = codes.map((c) => `| \`${c.resultCode}\` | ${c.resultStatus} | ${c.meaning} |`);
  return ['| resultCode | resultStatus | meaning |', '| --- | --- | --- |', ...rows].join('\n');
}

function exampleMap(entries: { name: string; summary: string; value: unknown }[]) {
  return Object.fromEntries(entries.map(({ name, summary, value }) => [name, { summary, value }]));
}

function operationDoc(op: MerchantOperationDoc, recorded: RecordedExamples) {
  const codes = codesOf(op.name);
  const calls = recorded.calls[op.name] ?? [];
  const others = OTHER_PREFIXES.map((prefix) => `${prefix}${op.path}`);
  return {
    post: {
      operationId: op.name,
      tags: [op.tag],
      summary: op.summary,
      description: `${op.description}\n\nAlso served at ${others.map((p) => `\`${p}\``).join(' and ')}.\n\nResult codes:\n\n${codeTable(codes)}`,
      'x-alternative-paths': others,
      'x-result-codes': codes,
      parameters: [ref('parameters', 'ClientId'), ref('parameters', 'RequestTime'), ref('parameters', 'Signature')],
      requestBody: {
        required: true,
        content: {
          'application/json': {
            schema: ref('schemas', OPERATIONS[op.path]!.schema),
            examples: exampleMap(calls.map((c) => ({ name: c.name, summary: c.summary, value: c.request }))),
          },
        },
      },
      responses: {
        200: {
          description: 'Antom\'s envelope: every answer, errors included, is HTTP 200; `result.resultStatus` says S, F or U.',
          headers: {
            'client-id': ref('headers', 'ResponseClientId'),
            'response-time': ref('headers', 'ResponseTime'),
            signature: ref('headers', 'ResponseSignature'),
          },
          content: {
            'application/json': {
              schema: {
                allOf: [
                  ref('schemas', op.response),
                  {
                    type: 'object',
                    properties: { result: { type: 'object', properties: { resultCode: { type: 'string', enum: codes.map((c) => c.resultCode) } } } },
                  },
                ],
              },
              examples: exampleMap(calls.map((c) => ({ name: c.name, summary: c.summary, value: c.response }))),
            },
          },
        },
      },
    },
  };
}

const ACK = { result: { resultCode: 'SUCCESS', resultStatus: 'S', resultMessage: 'success' } };
const schedule = RETRY_SCHEDULE_MS.map((ms) => (ms < 3600_000 ? `${ms / 60_000} min` : `${ms / 3600_000} h`)).join(', ');

function webhookDoc(hook: (typeof WEBHOOKS)[number], recorded: RecordedExamples) {
  const bodies = recorded.notifications[hook.name];
  return {
    post: {
      operationId: hook.name,
      tags: ['Notifications'],
      summary: hook.summary,
      description: `${hook.description}\n\nSigned with the sandbox's key over \`POST <notify path and query>\\n<clientId>.<request-time>.<body>\`. `
        + `Delivered only when the merchant answers HTTP 200 with \`${JSON.stringify(ACK)}\`; anything else (another status or body, `
        + `a timeout, a redirect) is a failed attempt, retried up to ${RETRY_SCHEDULE_MS.length} times (${schedule} after the previous one). Expect duplicates.`,
      parameters: [
        { name: 'client-id', in: 'header', required: true, description: 'The merchant\'s client id.', schema: { type: 'string' } },
        { name: 'request-time', in: 'header', required: true, description: 'ISO-8601 time of the attempt.', schema: { type: 'string', format: 'date-time' } },
        { name: 'signature', in: 'header', required: true, description: 'The sandbox\'s signature: `algorithm=RSA256,keyVersion=1,signature=<URL-encoded base64>`.', schema: { type: 'string' } },
      ],
      requestBody: {
        required: true,
        content: {
          'application/json': {
            schema: ref('schemas', hook.body),
            examples: exampleMap(bodies.map((value, i) => ({ name: `recorded${i + 1}`, summary: 'Recorded from the sandbox', value }))),
          },
        },
      },
      responses: {
        200: {
          description: 'The acknowledgement: the only answer that counts as delivered.',
          content: { 'application/json': { schema: ref('schemas', 'NotifyAck'), example: ACK } },
        },
        default: { description: 'Any other answer, or none: the attempt failed and is retried on the schedule.' },
      },
    },
  };
}

/** The schemas of the document: every wire schema of schemas/index.ts (scenario files are not wire format). */
function componentSchemas(): Record<string, JsonSchema> {
  const names = Object.keys(SCHEMAS).filter((name) => name !== 'ScenarioFile') as SchemaName[];
  return {
    ...Object.fromEntries(names.map((name) => [name, toOpenApiSchema(SCHEMAS[name])])),
    NotifyAck: toOpenApiSchema(NotifyAck),
  };
}

export function buildMerchantDocument(recorded: RecordedExamples, version: string) {
  return {
    openapi: '3.1.0',
    info: {
      title: 'alipay-sandbox: Antom card payments (merchant API and notifications)',
      version,
      description: INTRO,
      license: { name: 'MIT', identifier: 'MIT' },
    },
    servers: [{ url: EXAMPLE_BASE_URL, description: 'a sandbox started with `npm start` (any port works)' }],
    tags: [
      { name: 'Payments', description: 'pay, inquiry, capture, cancel, refund' },
      { name: 'Vaults', description: 'saving a card as a cardToken' },
      { name: 'Notifications', description: 'what the sandbox POSTs to the merchant' },
    ],
    paths: Object.fromEntries(MERCHANT_OPERATIONS.map((op) => [`${API_PREFIX}${op.path}`, operationDoc(op, recorded)])),
    webhooks: Object.fromEntries(WEBHOOKS.map((hook) => [hook.name, webhookDoc(hook, recorded)])),
    components: {
      schemas: componentSchemas(),
      parameters: {
        ClientId: {
          name: 'Client-Id', in: 'header', required: true,
          description: 'The merchant\'s client id. Header names are case-insensitive.', schema: { type: 'string', minLength: 1 }, example: EXAMPLE_CLIENT_ID,
        },
        RequestTime: {
          name: 'Request-Time', in: 'header', required: true,
          description: 'Signed verbatim: epoch milliseconds (Java, Go SDKs) or ISO-8601 (Python, PHP SDKs).', schema: { type: 'string', minLength: 1 }, example: '1890633600000',
        },
        Signature: {
          name: 'Signature', in: 'header', required: true,
          description: 'RSA256 over `POST <path>\\n<clientId>.<Request-Time>.<raw body>` with the merchant\'s key, base64 then URL-encoded.',
          schema: { type: 'string', pattern: 'signature=' }, example: 'algorithm=RSA256,keyVersion=1,signature=KrwDE9tAPJYBb%3D',
        },
      },
      headers: {
        ResponseClientId: { description: 'The request\'s client id (lower-case header name, as the SDKs read it).', schema: { type: 'string' } },
        ResponseTime: { description: 'ISO-8601 to the second, e.g. `2019-05-28T12:12:14+08:00`.', schema: { type: 'string' } },
        ResponseSignature: {
          description: 'The sandbox\'s RSA256 signature over `POST <request path>\\n<clientId>.<response-time>.<raw body>`, URL-encoded. Absent when the request\'s signature was invalid (as Antom does) and with `--signature off`.',
          schema: { type: 'string' },
        },
      },
    },
  };
}

export type MerchantDocument = ReturnType<typeof buildMerchantDocument>;
