import type Stripe from 'stripe';
import type { ParamShape } from './param-shape.js';

/**
 * Parameters of the Shipping Rate operations, which the 2023 spec subset lacks, and of a Checkout
 * Session's `shipping_options[]`, written by hand from stripe@23's types. Each hash is built by
 * `keys<T>()`, whose argument must name exactly the keys of the SDK's interface `T` (a key the
 * SDK lacks fails as an excess property, one it has and the table lacks as a missing property),
 * and each enum is checked against the SDK's union in both directions.
 */
type Keys<T> = { [K in keyof Required<T>]-?: ParamShape };
const keys = <T>(shape: Keys<T>): Record<string, ParamShape> => shape;

/** The SDK's union without its open `OtherString` member. */
type Listed<T> = T extends string ? (string extends T ? never : T) : never;
type Missing<All, Given> = [Exclude<All, Given>] extends [never] ? true : Exclude<All, Given>;

const UNITS = [
  'business_day',
  'day',
  'hour',
  'month',
  'week',
] as const satisfies readonly Listed<Stripe.ShippingRateCreateParams.DeliveryEstimate.Minimum.Unit>[];
export const everyUnitListed: Missing<
  Listed<Stripe.ShippingRateCreateParams.DeliveryEstimate.Minimum.Unit>,
  (typeof UNITS)[number]
> = true;
const TAX_BEHAVIORS = [
  'exclusive',
  'inclusive',
  'unspecified',
] as const satisfies readonly Listed<Stripe.ShippingRateCreateParams.TaxBehavior>[];
export const everyTaxBehaviorListed: Missing<
  Listed<Stripe.ShippingRateCreateParams.TaxBehavior>,
  (typeof TAX_BEHAVIORS)[number]
> = true;

const str: ParamShape = { t: 'string' };
const int: ParamShape = { t: 'integer' };
const bool: ParamShape = { t: 'boolean' };
const strings: ParamShape = { a: str };
const map: ParamShape = { m: true };
const taxBehavior: ParamShape = { t: 'string', e: [...TAX_BEHAVIORS] };
const created: ParamShape = { o: { gt: int, gte: int, lt: int, lte: int } };

type SessionRateData = Stripe.Checkout.SessionCreateParams.ShippingOption.ShippingRateData;

const bound = (): ParamShape => ({
  o: keys<Stripe.ShippingRateCreateParams.DeliveryEstimate.Minimum>({
    unit: { t: 'string', e: [...UNITS] },
    value: int,
  }),
  r: ['unit', 'value'],
});
const deliveryEstimate: ParamShape = {
  o: keys<Stripe.ShippingRateCreateParams.DeliveryEstimate>({ maximum: bound(), minimum: bound() }),
};
// `currency_options` is a map keyed by currency: accepted as a free-form map.
const fixedAmount: ParamShape = {
  o: keys<Stripe.ShippingRateCreateParams.FixedAmount>({ amount: int, currency: str, currency_options: map }),
  r: ['amount', 'currency'],
};
const rateFields: Keys<SessionRateData> = {
  delivery_estimate: deliveryEstimate,
  display_name: str,
  fixed_amount: fixedAmount,
  metadata: map,
  tax_behavior: taxBehavior,
  tax_code: str,
  type: { t: 'string', e: ['fixed_amount'] },
};

/** `shipping_options[]` of `POST /v1/checkout/sessions` (replaces the 2023 subset's). */
export const SESSION_SHIPPING_OPTIONS: ParamShape = {
  a: {
    o: keys<Stripe.Checkout.SessionCreateParams.ShippingOption>({
      shipping_rate: str,
      shipping_rate_data: { o: keys<SessionRateData>(rateFields), r: ['display_name'] },
    }),
  },
};

export const SHIPPING_RATE_PARAMS: Record<string, Record<string, ParamShape>> = {
  'POST /v1/shipping_rates': keys<Stripe.ShippingRateCreateParams>({ ...rateFields, expand: strings }),
  'GET /v1/shipping_rates': keys<Stripe.ShippingRateListParams>({
    active: bool,
    created,
    currency: str,
    ending_before: str,
    expand: strings,
    limit: int,
    starting_after: str,
  }),
  'GET /v1/shipping_rates/{shipping_rate_token}': keys<Stripe.ShippingRateRetrieveParams>({
    expand: strings,
  }),
  'POST /v1/shipping_rates/{shipping_rate_token}': keys<Stripe.ShippingRateUpdateParams>({
    active: bool,
    expand: strings,
    fixed_amount: { o: keys<Stripe.ShippingRateUpdateParams.FixedAmount>({ currency_options: map }) },
    metadata: map,
    tax_behavior: taxBehavior,
  }),
};

/** Stripe's limits (the spec's `maxLength` of `display_name`, "Up to a maximum of 5" options). */
export const SHIPPING_DISPLAY_NAME_MAX_LENGTH = 100;
export const SHIPPING_OPTIONS_MAX = 5;
