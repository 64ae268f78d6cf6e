// Property test: bodies drawn by json-schema-faker from the document's request schemas, and the same
// bodies with one field broken, get the same verdict from the running sandbox as from an independent
// validator reading the document (ajv 2020-12 in documentAjv, not the sandbox's compiled validators):
// accepted by both, or PARAM_ILLEGAL from the sandbox naming a field the validator also names.
import { generate } from 'json-schema-faker';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createSandbox, type Listening, type SandboxInternals } from '../../server/create-sandbox.ts';
import { dereference, documentAjv, requestSchemaPath } from './document-ajv.ts';
import { postJson } from './post-json.ts';

type Doc = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const BODIES_PER_OPERATION = 25;

let sandbox: SandboxInternals;
let server: Listening;
let doc: Doc;

beforeAll(async () => {
  sandbox = await createSandbox();
  server = await sandbox.listen(0);
  doc = await (await fetch(`${server.url}/_sandbox/openapi.json`)).json() as Doc;
});
afterAll(async () => {
  await server.close();
});

/**
 * Rules the sandbox applies beyond the schema, each answered PARAM_ILLEGAL naming the field: a body the
 * schema accepts may still be refused for these, and only for these.
 */
const BEYOND_SCHEMA = [
  /^paymentMethod\.paymentMethodId is not a card token of client /, // a saved card must exist and be the merchant's
  /^paymentExpiryTime must be in the future$/,
];

/** Fields named by a PARAM_ILLEGAL message: "a.b must ...", "a is required", "x ..., or y ...". */
function fieldsOfMessage(message: string): string[] {
  return message.split(', or ').map((part) => part.split(' ')[0]!);
}

function fieldsOfErrors(errors: { instancePath: string; params: Record<string, unknown> }[]): string[] {
  return errors.map((e) => {
    const parts = e.instancePath.split('/').slice(1);
    const extra = e.params.missingProperty ?? e.params.additionalProperty;
    if (extra !== undefined) parts.push(String(extra));
    return parts.reduce((path, part) => (/^\d+$/.test(part) ? `${path}[${part}]` : path ? `${path}.${part}` : part), '') || 'body';
  });
}

/** A deterministic small random source for the mutations. */
function randomFrom(seed: number) {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13; state ^= state >>> 17; state ^= state << 5;
    return (state >>> 0) / 2 ** 32;
  };
}

/** The same body with one field broken: a wrong type, a field removed, or a field no schema has. */
function breakOne(body: Record<string, unknown>, random: () => number): Record<string, unknown> {
  const copy = structuredClone(body);
  const objects: Record<string, unknown>[] = [];
  const walk = (node: unknown) => {
    if (node && typeof node === 'object' && !Array.isArray(node)) {
      objects.push(node as Record<string, unknown>);
      Object.values(node).forEach(walk);
    } else if (Array.isArray(node)) node.forEach(walk);
  };
  walk(copy);
  const target = objects[Math.floor(random() * objects.length)]!;
  const keys = Object.keys(target);
  const choice = random();
  if (choice < 0.3 || keys.length === 0) target.unexpectedField = 'x';
  else {
    const key = keys[Math.floor(random() * keys.length)]!;
    if (choice < 0.6) delete target[key];
    else target[key] = typeof target[key] === 'string' ? 12345 : 'not-the-right-type';
  }
  return copy;
}

it('the sandbox and an independent validator of the document agree on generated bodies and broken ones', async () => {
  const ajv = documentAjv();
  const ajvAll = documentAjv({ allErrors: true });
  const disagreements: string[] = [];
  let accepted = 0;
  let refused = 0;
  for (const [path, item] of Object.entries(doc.paths as Record<string, { post: Doc }>)) {
    const schema = dereference(doc, requestSchemaPath(path).reduce<unknown>((node, key) => (node as Doc)[key], doc)) as object;
    const check = ajv.compile(schema);
    // Every problem the schema finds, so the sandbox's first one can be looked for among them.
    const checkAll = ajvAll.compile(schema);
    expect(item.post.operationId).toBeTruthy();
    for (let seed = 1; seed <= BODIES_PER_OPERATION; seed++) {
      const drawn = await generate(schema as never, {
        seed,
        // The test's own notion of the formats: far-future times, URLs whose port may be out of range.
        formats: {
          'date-time': (random) => new Date(Date.UTC(2090 + Math.floor(random.next() * 9), 0, 1)).toISOString(),
          'http-url': (random) => `https://shop.example:${Math.floor(random.next() * 70_000)}/notify`,
          uri: () => 'https://shop.example/return',
        },
      }) as Record<string, unknown>;
      for (const body of [drawn, breakOne(drawn, randomFrom(seed * 7919))]) {
        const schemaSays = check(body);
        const schemaFields = schemaSays || checkAll(body) ? [] : fieldsOfErrors((checkAll.errors ?? []) as { instancePath: string; params: Record<string, unknown> }[]);
        const res = await postJson(`${server.url}${path}`, { 'content-type': 'application/json; charset=UTF-8' }, JSON.stringify(body));
        const result = (JSON.parse(res.text) as { result: { resultCode: string; resultMessage: string } }).result;
        const sandboxRefused = result.resultCode === 'PARAM_ILLEGAL';
        if (sandboxRefused) refused++; else accepted++;
        const agree = schemaSays
          ? !sandboxRefused || BEYOND_SCHEMA.some((rule) => rule.test(result.resultMessage))
          : sandboxRefused && fieldsOfMessage(result.resultMessage).some((field) => schemaFields.includes(field));
        if (!agree) disagreements.push(`${path} seed ${seed}: document ${schemaSays ? 'accepts' : `refuses (${schemaFields.join(', ')})`}, sandbox ${result.resultCode} ${result.resultMessage}`);
      }
    }
  }
  expect(disagreements).toEqual([]);
  // Both verdicts occur often enough for the agreement to mean something.
  expect(accepted).toBeGreaterThan(50);
  expect(refused).toBeGreaterThan(50);
});
