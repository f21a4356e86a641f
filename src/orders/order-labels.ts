import { t } from '../common/i18n.js';

const CODE = /^[a-z][a-z_]*$/;

/**
 * Enum-like values shown to people go through the catalog (`orders.status.paid`). A value the
 * catalog lacks (a dispute status Stripe adds later) or free text (a refund's failure message)
 * is shown as Stripe or the database has it: only a code is ever looked up as a key.
 */
export function codeLabel(lang: string, section: string, value: string): string {
  return CODE.test(value) ? t(lang, `${section}.${value}`, { defaultValue: value }) : value;
}
