import { OPERATIONS } from './data/operation-params.js';
import { NEWER_PARAMS, NOT_REQUIRED_ANY_MORE } from './data/newer-params.js';
import type { OperationSpec, ParamShape } from './data/param-shape.js';
import { errors } from './errors.js';
import { paramName, type FormObject, type FormValue } from './form.js';

/** A validated parameter value: form strings with integers and booleans coerced. */
export type Param = string | number | boolean | Param[] | { [key: string]: Param };
export type Params = { [key: string]: Param };

const merged = new Map<string, OperationSpec>();
function operation(key: string): OperationSpec | undefined {
  const cached = merged.get(key);
  if (cached) return cached;
  const base = OPERATIONS[key];
  const newer = NEWER_PARAMS[key];
  if (!base && !newer) return undefined;
  const spec: OperationSpec = {
    params: { ...(base?.params ?? {}), ...(newer ?? {}) },
    required: (base?.required ?? []).filter((r) => !NOT_REQUIRED_ANY_MORE[key]?.includes(r)),
  };
  merged.set(key, spec);
  return spec;
}

/**
 * Checks parameters as Stripe does: unknown names (at any depth) → `parameter_unknown`, missing
 * required ones → `parameter_missing`, bad integers/booleans/enums → `parameter_invalid_*`.
 * Operations the spec does not know are passed through unchecked.
 */
export function validateParams(key: string, input: FormObject): Params {
  const spec = operation(key);
  if (!spec) return input;
  for (const name of spec.required) {
    if (input[name] === undefined) throw errors.missing(name);
  }
  const out: Params = {};
  for (const [name, value] of Object.entries(input)) {
    const shape = spec.params[name];
    if (!shape) throw errors.unknown(name);
    out[name] = check(value, shape, [name]);
  }
  return out;
}

function check(value: FormValue, shape: ParamShape, path: (string | number)[]): Param {
  if (Array.isArray(value)) {
    if (shape.a) return value.map((v, i) => check(v, shape.a!, [...path, i]));
    if (shape.m) return value;
    throw errors.invalid(`Invalid array`, { param: paramName(path) });
  }
  if (typeof value === 'object') {
    if (shape.m) return value;
    if (shape.a) {
      // `expand[x]=…` style keys that are not indices
      throw errors.invalid(`Invalid array`, { param: paramName(path) });
    }
    if (!shape.o) {
      if (shape.t === 'any') return value;
      throw errors.invalid(`Invalid ${shape.t ?? 'value'}: ${JSON.stringify(value)}`, {
        param: paramName(path),
      });
    }
    const out: Params = {};
    for (const req of shape.r ?? []) {
      if (value[req] === undefined) throw errors.missing(paramName([...path, req]));
    }
    for (const [k, v] of Object.entries(value)) {
      const child = shape.o[k];
      if (!child) throw errors.unknown(paramName([...path, k]));
      out[k] = check(v, child, [...path, k]);
    }
    return out;
  }
  // A string. '' unsets hashes and nullable fields, as in Stripe.
  if (value === '' && (shape.o || shape.m || shape.a)) return '';
  if (shape.o || shape.a) {
    throw errors.invalid(`Invalid object`, { param: paramName(path) });
  }
  switch (shape.t) {
    case 'integer':
      if (!/^-?\d+$/.test(value)) throw errors.invalidInteger(paramName(path), value);
      return Number(value);
    case 'boolean':
      if (value !== 'true' && value !== 'false') throw errors.invalidBoolean(paramName(path), value);
      return value === 'true';
    case 'string':
      if (shape.e && !shape.e.includes(value)) throw errors.invalidEnum(paramName(path), shape.e);
      return value;
    default:
      return value;
  }
}
