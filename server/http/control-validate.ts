// ajv checks of the dashboard routes' query strings and bodies, compiled once from schemas/control/.
// A refusal is PARAM_ILLEGAL naming the parameter, as everywhere in the control plane.
import type { TSchema } from '@sinclair/typebox';
import { createAjv, explainErrors } from '../api/validate.ts';
import { SandboxError } from '../api/result-codes.ts';

const ajv = createAjv();

export function compileCheck<T>(schema: TSchema, what: string): (value: unknown) => T {
  const check = ajv.compile(schema);
  return (value) => {
    if (!check(value)) throw new SandboxError('PARAM_ILLEGAL', `${what}: ${explainErrors(check.errors ?? [])}`);
    return value as T;
  };
}
