// Compiles every schema once (refusing to start on a broken one) and turns ajv's first error into
// Antom's PARAM_ILLEGAL with a message that names the field and the rule.
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsImport from 'ajv-formats';
import { SCHEMAS, type SchemaName } from '../../schemas/index.ts';
import type { Result } from '../../schemas/common.ts';
import { resultOf } from './result-codes.ts';

// ajv-formats is CommonJS; its default export arrives wrapped under ESM.
const addFormats = (addFormatsImport as unknown as { default: typeof addFormatsImport.default }).default ?? addFormatsImport;

export function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

export function createAjv(): Ajv {
  const ajv = new Ajv({ allErrors: false, strict: true, strictRequired: false, allowUnionTypes: true });
  addFormats(ajv, ['date-time', 'uri', 'email']);
  // "uri" lets through what no HTTP client can call (a port of 99999, say); the sandbox calls these URLs.
  ajv.addFormat('http-url', isHttpUrl);
  return ajv;
}

const ajv = createAjv();
const compiled = new Map<SchemaName, ValidateFunction>();
for (const [name, schema] of Object.entries(SCHEMAS)) compiled.set(name as SchemaName, ajv.compile(schema));

export function fieldPath(instancePath: string, extra?: string): string {
  const parts = instancePath.split('/').slice(1).map((p) => p.replaceAll('~1', '/').replaceAll('~0', '~'));
  if (extra !== undefined) parts.push(extra);
  return parts.reduce((path, part) => (/^\d+$/.test(part) ? `${path}[${part}]` : path ? `${path}.${part}` : part), '') || 'body';
}

export function describeError(error: ErrorObject): string {
  const p = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required': return `${fieldPath(error.instancePath, String(p.missingProperty))} is required`;
    case 'dependencies': return `${fieldPath(error.instancePath, String(p.missingProperty))} is required when ${fieldPath(error.instancePath, String(p.property))} is given`;
    case 'additionalProperties': return `${fieldPath(error.instancePath, String(p.additionalProperty))} is not allowed`;
    case 'pattern': return `${fieldPath(error.instancePath)} must match ${String(p.pattern)}`;
    case 'type': return `${fieldPath(error.instancePath)} must be ${String(p.type)}`;
    case 'enum': return `${fieldPath(error.instancePath)} must be one of ${(p.allowedValues as unknown[]).join(', ')}`;
    case 'const': return `${fieldPath(error.instancePath)} must be ${String(p.allowedValue)}`;
    case 'maxLength': return `${fieldPath(error.instancePath)} must be at most ${String(p.limit)} characters`;
    case 'minLength': return `${fieldPath(error.instancePath)} must be at least ${String(p.limit)} characters`;
    case 'maxItems': return `${fieldPath(error.instancePath)} must have at most ${String(p.limit)} items`;
    case 'format': return `${fieldPath(error.instancePath)} must be a valid ${String(p.format)}`;
    default: return `${fieldPath(error.instancePath)} ${error.message ?? 'is invalid'}`;
  }
}

/** Why a value failed a schema, as one sentence. An anyOf failure lists what each branch wanted. */
export function explainErrors(errors: ErrorObject[]): string {
  const last = errors[errors.length - 1];
  if (last?.keyword === 'anyOf' && errors.length > 1) {
    return [...new Set(errors.slice(0, -1).map(describeError))].join(', or ');
  }
  return last ? describeError(errors[0]!) : 'body is invalid';
}

/** Validates as a value: the request, or the PARAM_ILLEGAL refusal naming the field. */
export function checked(name: SchemaName, value: unknown): { value: unknown } | { refused: Result } {
  const check = compiled.get(name)!;
  return check(value) ? { value } : { refused: resultOf('PARAM_ILLEGAL', explainErrors(check.errors ?? [])) };
}

/** For tests and inspection: the list of problems, empty when valid. */
export function problemsWith(name: SchemaName, value: unknown): string[] {
  const check = compiled.get(name)!;
  return check(value) ? [] : [explainErrors(check.errors ?? [])];
}
