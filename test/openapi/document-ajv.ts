// An independent reading of an OpenAPI document's schemas: ajv's JSON Schema 2020-12 validator (the
// dialect of OpenAPI 3.1), strict, on the schemas as the document states them, with $refs resolved from
// the document. It shares nothing with the sandbox's compiled validators.
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsImport from 'ajv-formats';

const addFormats = (addFormatsImport as unknown as { default: typeof addFormatsImport.default }).default ?? addFormatsImport;

type Doc = Record<string, unknown>;

function pointer(doc: Doc, ref: string): unknown {
  if (!ref.startsWith('#/')) throw new Error(`only local $refs are expected, got ${ref}`);
  return ref.slice(2).split('/').reduce<unknown>((node, key) => (node as Doc)[key.replaceAll('~1', '/').replaceAll('~0', '~')], doc);
}

/** The node with every $ref replaced by what it points at (the documents have no recursive schemas). */
export function dereference(doc: Doc, node: unknown): unknown {
  if (Array.isArray(node)) return node.map((n) => dereference(doc, n));
  if (node === null || typeof node !== 'object') return node;
  const ref = (node as Doc).$ref;
  if (typeof ref === 'string') return dereference(doc, pointer(doc, ref));
  return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, dereference(doc, v)]));
}

export function documentAjv({ allErrors = false } = {}) {
  const ajv = new Ajv2020({ strict: true, strictRequired: false, allowUnionTypes: true, allErrors });
  addFormats(ajv);
  // The document says what http-url means: an http(s) URL a client can call.
  ajv.addFormat('http-url', (text: string) => {
    try {
      return ['http:', 'https:'].includes(new URL(text).protocol);
    } catch {
      return false;
    }
  });
  return ajv;
}

/** Compiles the schema at a JSON pointer of the document (e.g. a request body's). */
export function compileAt(doc: Doc, path: string[]): ValidateFunction {
  const schema = path.reduce<unknown>((node, key) => (node as Doc)[key], doc);
  if (schema === undefined) throw new Error(`no schema at ${path.join('/')}`);
  return documentAjv().compile(dereference(doc, schema) as object);
}

export const requestSchemaPath = (path: string) => ['paths', path, 'post', 'requestBody', 'content', 'application/json', 'schema'];
export const responseSchemaPath = (path: string) => ['paths', path, 'post', 'responses', '200', 'content', 'application/json', 'schema'];
export const webhookSchemaPath = (name: string) => ['webhooks', name, 'post', 'requestBody', 'content', 'application/json', 'schema'];
