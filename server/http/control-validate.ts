// ajv checks of the control plane's bodies and query strings, compiled once from schemas/control/. A
// refusal is a value (Checked), INVALID_BODY or INVALID_QUERY naming the field, never a throw.
import type { Static, TSchema } from '@sinclair/typebox';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { createAjv, explainErrors, fieldPath } from '../api/validate.ts';
import { controlError, type Checked } from './control-errors.ts';

const bodies = createAjv();
// A query string is all strings: this instance turns "50" into 50 where the schema says integer, so the
// schema states the real rule (an integer from 1 to 500) and no route re-checks it by hand. A parameter
// given twice arrives as an array and is refused by a scalar schema.
const queries = new Ajv({ allErrors: false, strict: true, strictRequired: false, allowUnionTypes: true, coerceTypes: true, useDefaults: true });

const fieldOf = (errors: ErrorObject[]): string | undefined => {
  const first = errors[0];
  if (!first) return undefined;
  const p = first.params as Record<string, unknown>;
  const extra = p.missingProperty ?? p.additionalProperty;
  return fieldPath(first.instancePath, extra === undefined ? undefined : String(extra));
};

type Check<T> = (value: unknown) => Checked<T>;

function make<T>(check: ValidateFunction, code: 'INVALID_BODY' | 'INVALID_QUERY'): Check<T> {
  return (value) => {
    if (check(value)) return { ok: true, value: value as T };
    const errors = check.errors ?? [];
    const field = fieldOf(errors);
    return { ok: false, error: controlError(code, { problem: explainErrors(errors) }, field === 'body' ? undefined : field) };
  };
}

/** A body check; a missing body is {}. */
export function bodyCheck<S extends TSchema>(schema: S): Check<Static<S>> {
  const check = make<Static<S>>(bodies.compile(schema), 'INVALID_BODY');
  return (body) => check(body ?? {});
}

/** A query-string check; it works on a copy, so the request keeps what was sent. */
export function queryCheck<S extends TSchema>(schema: S): Check<Static<S>> {
  const check = make<Static<S>>(queries.compile(schema), 'INVALID_QUERY');
  return (query) => check({ ...(query as object) });
}
