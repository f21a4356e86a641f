import type Stripe from 'stripe';
import type { FeePlan } from '../common/fee.js';
import type { ShippingRate } from '../tenants/entities/shipping-rate.entity.js';
import type { ShippingZone } from '../tenants/entities/shipping-zone.entity.js';
import type { OfferedShipping } from './entities/order.entity.js';
import { orderAmounts, type GoodsLine, type OrderAmounts } from './order-amounts.js';

export type RateFields = Pick<
  ShippingRate,
  'id' | 'kind' | 'name' | 'amount' | 'freeAbove' | 'perAdditionalItem' | 'minDays' | 'maxDays'
>;

export interface ZoneRates {
  zone: Pick<ShippingZone, 'id' | 'countries'>;
  rates: readonly RateFields[];
}

/** One rate offered for a cart: what it costs, and the order's amounts when it is chosen. */
export interface OfferedRate {
  rate: RateFields;
  /** The shipping amount for this cart (minor units). */
  shipping: number;
  amounts: OrderAmounts;
}

/** The zone that ships to `country` (a country is in at most one zone of a shop). */
export function zoneForCountry<Z extends ZoneRates>(zones: readonly Z[], country: string): Z | undefined {
  const code = country.toUpperCase();
  return zones.find((z) => z.zone.countries.includes(code));
}

/**
 * What a rate costs for a cart:
 * - `fixed`: its amount;
 * - `free_above`: nothing once the goods (net of discounts) reach the threshold — "free from
 *   €50" includes €50.00 exactly — else its amount;
 * - `per_item`: its amount for the first item, plus `per_additional_item` for every other one;
 * - `pickup`: nothing.
 */
export function shippingAmount(rate: RateFields, goodsNet: number, itemCount: number): number {
  switch (rate.kind) {
    case 'pickup':
      return 0;
    case 'free_above':
      return rate.freeAbove !== null && goodsNet >= rate.freeAbove ? 0 : rate.amount;
    case 'per_item':
      return itemCount === 0 ? 0 : rate.amount + (rate.perAdditionalItem ?? 0) * (itemCount - 1);
    default:
      return rate.amount;
  }
}

/**
 * The rates a cart shipped to `country` is offered, each priced and added up by the order
 * calculator (so the fee stays on the goods). Null when no zone of the shop ships there: the
 * cart refuses that country. An empty list: the zone has no rate yet.
 */
export function ratesForCart(
  zones: readonly ZoneRates[],
  country: string,
  input: { currency: string; lines: readonly GoodsLine[]; feePlan: FeePlan; discount?: number },
): OfferedRate[] | null {
  const zone = zoneForCountry(zones, country);
  if (!zone) return null;
  const goods = orderAmounts(input);
  const items = input.lines.reduce((n, l) => n + l.quantity, 0);
  return zone.rates.map((rate) => {
    const shipping = shippingAmount(rate, goods.goods - goods.discount, items);
    return { rate, shipping, amounts: orderAmounts({ ...input, shipping }) };
  });
}

/**
 * A priced rate as a Checkout Session's `shipping_options[]` entry (`shipping_rate_data`, made
 * on the connected account with the session). The rate's id rides in metadata so that the
 * completed session names the rate chosen. A "same day" estimate (0 days) is left out.
 */
export function shippingOption(
  offered: { rate: Pick<RateFields, 'id' | 'kind' | 'name' | 'minDays' | 'maxDays'>; shipping: number },
  currency: string,
): Stripe.Checkout.SessionCreateParams.ShippingOption {
  const { rate } = offered;
  const estimate: Stripe.Checkout.SessionCreateParams.ShippingOption.ShippingRateData.DeliveryEstimate = {};
  if (rate.minDays !== null && rate.minDays > 0) {
    estimate.minimum = { unit: 'business_day', value: rate.minDays };
  }
  if (rate.maxDays !== null && rate.maxDays > 0) {
    estimate.maximum = { unit: 'business_day', value: rate.maxDays };
  }
  return {
    shipping_rate_data: {
      type: 'fixed_amount',
      display_name: rate.name,
      fixed_amount: { amount: offered.shipping, currency },
      ...(estimate.minimum || estimate.maximum ? { delivery_estimate: estimate } : {}),
      metadata: { rate_id: rate.id, kind: rate.kind },
    },
  };
}

/** An offered rate as the order stores it (what its session's `shipping_options` are made of). */
export function offeredShipping(offered: OfferedRate): OfferedShipping {
  const { rate } = offered;
  return {
    rateId: rate.id,
    kind: rate.kind,
    name: rate.name,
    amount: offered.shipping,
    minDays: rate.minDays,
    maxDays: rate.maxDays,
  };
}

/** The stored offer's entry back as a session's `shipping_options[]` entry. */
export function offerOption(
  offer: OfferedShipping,
  currency: string,
): Stripe.Checkout.SessionCreateParams.ShippingOption {
  return shippingOption(
    {
      rate: {
        id: offer.rateId,
        kind: offer.kind as RateFields['kind'],
        name: offer.name,
        minDays: offer.minDays,
        maxDays: offer.maxDays,
      },
      shipping: offer.amount,
    },
    currency,
  );
}

/**
 * Which offered rate a completed session's shopper chose, from `shipping_cost.shipping_rate`
 * (an id, or the expanded Shipping Rate) matched against `shipping_options` — made from our
 * offer, in the order sent — or, failing that, the rate's metadata. Undefined: none chosen.
 */
export function chosenOffer(
  offer: readonly OfferedShipping[],
  session: Pick<Stripe.Checkout.Session, 'shipping_cost' | 'shipping_options'>,
): { offer: OfferedShipping; index: number } | undefined {
  const chosen = session.shipping_cost?.shipping_rate;
  if (!chosen) return undefined;
  const id = typeof chosen === 'string' ? chosen : chosen.id;
  const index = (session.shipping_options ?? []).findIndex((o) =>
    typeof o.shipping_rate === 'string' ? o.shipping_rate === id : o.shipping_rate.id === id,
  );
  if (index >= 0 && index < offer.length) return { offer: offer[index], index };
  const rateId = typeof chosen === 'object' ? chosen.metadata?.rate_id : undefined;
  const byMeta = rateId ? offer.findIndex((o) => o.rateId === rateId) : -1;
  return byMeta >= 0 ? { offer: offer[byMeta], index: byMeta } : undefined;
}
