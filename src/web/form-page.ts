import type { Response } from 'express';
import { DomainError, ValidationFailed } from '../common/domain-error.js';

/**
 * One form pattern. A form route says, before it acts, which page shows the form again when the
 * submission is refused; then it simply calls its service. The service throws its domain error
 * as anywhere else, and the error filter (error.filter.ts), seeing one of the listed refusals,
 * renders that page instead of the error page: status from the error's kind (422 invalid,
 * 429 throttled with `Retry-After`, 409 conflict) unless the form says otherwise. Any other
 * error still gets the error page. No controller catches to re-render.
 *
 * The model is built only on refusal (it may read the database: the product being edited, the
 * account's two-factor status), from the submitted values the route closes over; it must leave
 * passwords out.
 */
export type Refusal = abstract new (...args: never[]) => DomainError;

export interface RefusedForm<C extends Refusal> {
  view: string;
  /** The errors shown on the form. Default: ValidationFailed only. */
  refusals?: readonly C[];
  model: (refusal: InstanceType<C>) => object | Promise<object>;
  /** When the form's status is not the kind's (a wrong password: 401). */
  status?: (refusal: InstanceType<C>) => number | undefined;
  /** A refusal that sends the browser elsewhere (303) instead of showing the form again. */
  redirect?: (refusal: InstanceType<C>) => string | undefined;
}

const REFUSED_FORM = 'refusedForm';

export function onRefusal<C extends Refusal = typeof ValidationFailed>(
  res: Response,
  form: RefusedForm<C>,
): void {
  (res.locals as Record<string, unknown>)[REFUSED_FORM] = form;
}

/** The form this response shows again for `error`, if the route declared one that refuses it. */
export function refusedFormFor(res: Response, error: unknown): RefusedForm<Refusal> | undefined {
  const form = (res.locals as Record<string, unknown>)[REFUSED_FORM] as RefusedForm<Refusal> | undefined;
  if (!form || !(error instanceof DomainError)) return undefined;
  const refusals = form.refusals ?? [ValidationFailed];
  return refusals.some((type) => error instanceof type) ? form : undefined;
}

export function forgetRefusedForm(res: Response): void {
  delete (res.locals as Record<string, unknown>)[REFUSED_FORM];
}
