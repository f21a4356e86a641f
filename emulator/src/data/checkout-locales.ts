import type Stripe from 'stripe';

type SdkLocale = Stripe.Checkout.SessionCreateParams.Locale;
/** The SDK's union without its open `OtherString` member: exactly the locales Stripe lists. */
type Listed<T> = T extends string ? (string extends T ? never : T) : never;
type CheckoutLocale = Listed<SdkLocale>;

/**
 * `locale` of a Checkout Session as the current API takes it (the 2023 spec subset lacks hi-IN).
 * Kept equal to stripe@23's union at compile time in both directions: a locale not in the union
 * fails the `satisfies`, a missing one fails `everyCheckoutLocaleListed`. Stripe refuses any
 * other value (`fr-FR`, `FR`, `xx`…) with `invalid_request_error`, `param: locale`. The hosted
 * page has catalogs for some of them only (emulator/locales/) and shows the others in English.
 */
// prettier-ignore
export const CHECKOUT_LOCALES = [
  'auto', 'bg', 'cs', 'da', 'de', 'el', 'en', 'en-GB', 'es', 'es-419', 'et', 'fi', 'fil', 'fr', 'fr-CA',
  'hi-IN', 'hr', 'hu', 'id', 'it', 'ja', 'ko', 'lt', 'lv', 'ms', 'mt', 'nb', 'nl', 'pl', 'pt', 'pt-BR', 'ro',
  'ru', 'sk', 'sl', 'sv', 'th', 'tr', 'vi', 'zh', 'zh-HK', 'zh-TW',
] as const satisfies readonly CheckoutLocale[];

type Unlisted = Exclude<CheckoutLocale, (typeof CHECKOUT_LOCALES)[number]>;
export const everyCheckoutLocaleListed: [Unlisted] extends [never] ? true : Unlisted = true;
