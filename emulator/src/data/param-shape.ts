/**
 * Shape of one parameter in the generated data (see emulator/scripts/derive-params.mjs): `t`
 * scalar type with optional enum `e`; `o` known keys (with required `r`); `m` a free-form map;
 * `a` an array. Here, beside the data, so the data does not import the validator that reads it.
 */
export interface ParamShape {
  t?: 'string' | 'integer' | 'boolean' | 'number' | 'any';
  e?: string[];
  o?: Record<string, ParamShape>;
  r?: string[];
  m?: boolean;
  a?: ParamShape;
}

/** One operation's parameters and the names it requires. */
export interface OperationSpec {
  params: Record<string, ParamShape>;
  required: string[];
}
