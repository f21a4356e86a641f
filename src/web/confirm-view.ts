/**
 * The one confirmation page (views/pages/confirm.hbs): a question, what will change, the inputs
 * still asked (the form field partial), a button and a way back. The admin's suspend, resume,
 * fee plan, disable and replay, the merchant's archive.
 */
export const CONFIRM_PAGE = 'pages/confirm';

export interface ConfirmModel {
  title: string;
  message: string;
  button: string;
  danger?: boolean;
  cancelHref: string;
  /** Where the form posts; none: nothing to confirm (the product is already archived). */
  action: string | null;
  /** Carried over unchanged (hidden inputs). */
  hidden?: Array<{ name: string; value: string }>;
  /** Asked or corrected on this page. */
  inputs?: Array<{ name: string; label: string; value: string; hint?: string; multiline?: boolean }>;
  /** What will change, shown as a definition list. */
  summary?: Array<{ label: string; value: string }>;
  /** A list of items the action applies to (the events of a bulk replay). */
  items?: string[];
}

export function confirmView(model: ConfirmModel, errors: Record<string, string> = {}) {
  return {
    ...model,
    inputs: (model.inputs ?? []).map((i) => ({ ...i, error: errors[i.name] })),
    errorList: Object.values(errors),
  };
}
