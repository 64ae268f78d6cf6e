// TypeBox schemas as OpenAPI 3.1 schema objects. OpenAPI 3.1 speaks JSON Schema 2020-12, the validator
// speaks draft-07: the schema is the same object, with the one draft-07 keyword the sandbox uses that
// 2020-12 renamed (array-valued `dependencies` is `dependentRequired` there) written the 2020-12 way.
export type JsonSchema = { [key: string]: unknown };

function convert(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(convert);
  if (value === null || typeof value !== 'object') return value;
  const out: JsonSchema = {};
  // Object.entries skips TypeBox's symbol-keyed metadata (Kind, Optional), which is not JSON Schema.
  for (const [key, inner] of Object.entries(value)) {
    if (key === 'dependencies' && isDependentRequired(inner)) out.dependentRequired = convert(inner);
    else out[key] = convert(inner);
  }
  return out;
}

function isDependentRequired(value: unknown): boolean {
  return value !== null && typeof value === 'object' && Object.values(value).every(Array.isArray);
}

/** A deep copy of a TypeBox (draft-07) schema in the JSON Schema 2020-12 dialect of OpenAPI 3.1. */
export function toOpenApiSchema(schema: unknown): JsonSchema {
  return convert(schema) as JsonSchema;
}
