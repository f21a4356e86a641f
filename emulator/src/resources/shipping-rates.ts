import type Stripe from 'stripe';
import type { ApiRequest, EmulatorContext } from '../context.js';
import { SHIPPING_DISPLAY_NAME_MAX_LENGTH } from '../data/shipping-rate-params.js';
import { errors } from '../errors.js';
import { paramName } from '../form.js';
import { newId } from '../ids.js';
import { hash, listOf, mergeMetadata, str, text } from '../list.js';
import type { Params } from '../params.js';
import type { Owner } from '../store.js';

export function getShippingRate(
  ctx: EmulatorContext,
  owner: Owner,
  id: string,
  param = 'shipping_rate_token',
): Stripe.ShippingRate {
  const rate = ctx.store.get<Stripe.ShippingRate>('shipping_rate', owner, id);
  if (!rate) throw errors.notFound('shipping_rate', id, param);
  return rate;
}

function deliveryBound(
  p: Params | undefined,
  param: string,
): Stripe.ShippingRate.DeliveryEstimate.Minimum | null {
  if (!p) return null;
  const value = Number(p.value);
  // The spec's description of `value`: "Must be greater than 0."
  if (!(value > 0)) throw errors.invalid('This value must be greater than 0.', { param: `${param}[value]` });
  return { unit: text(p, 'unit'), value };
}

/**
 * A Shipping Rate, not yet stored, from `POST /v1/shipping_rates` parameters or a session's
 * `shipping_rate_data` (`prefix` is the path of the parameters, for the errors' `param`);
 * `currency`, when given, is the session's, which the rate's must equal.
 */
export function buildShippingRate(
  ctx: EmulatorContext,
  p: Params,
  prefix: (string | number)[] = [],
  currency?: string,
): Stripe.ShippingRate {
  const name = (...fields: string[]) => paramName([...prefix, ...fields]);
  const displayName = str(p, 'display_name');
  if (!displayName) throw errors.missing(name('display_name'));
  if ([...displayName].length > SHIPPING_DISPLAY_NAME_MAX_LENGTH)
    throw errors.invalid(
      `Invalid string: ${displayName.slice(0, 20)}...; must be at most ${SHIPPING_DISPLAY_NAME_MAX_LENGTH} characters`,
      { param: name('display_name') },
    );
  // `fixed_amount` "must be present if type is fixed_amount", the only type.
  const fixed = hash(p, 'fixed_amount');
  if (!fixed) throw errors.missing(name('fixed_amount'));
  const amount = Number(fixed.amount);
  if (!Number.isInteger(amount) || amount < 0)
    throw errors.invalid('This value must be greater than or equal to 0.', {
      param: name('fixed_amount', 'amount'),
    });
  const given = text(fixed, 'currency');
  const rateCurrency = given.toLowerCase();
  if (!/^[a-z]{3}$/.test(rateCurrency))
    throw errors.invalid(`Invalid currency: ${given}.`, {
      param: name('fixed_amount', 'currency'),
    });
  if (currency && rateCurrency !== currency)
    throw errors.invalid(
      `The shipping rate's currency (${rateCurrency}) must match the Checkout Session's currency (${currency}).`,
      { param: name('fixed_amount', 'currency') },
    );
  const estimate = hash(p, 'delivery_estimate');
  const rate: Stripe.ShippingRate = {
    id: newId('shr', 24),
    object: 'shipping_rate',
    active: true,
    created: ctx.clock.now(),
    delivery_estimate: estimate
      ? {
          minimum: deliveryBound(hash(estimate, 'minimum'), name('delivery_estimate', 'minimum')),
          maximum: deliveryBound(hash(estimate, 'maximum'), name('delivery_estimate', 'maximum')),
        }
      : null,
    display_name: displayName,
    fixed_amount: { amount, currency: rateCurrency },
    livemode: false,
    metadata: mergeMetadata({}, p.metadata),
    tax_behavior: str(p, 'tax_behavior') ?? 'unspecified',
    tax_code: str(p, 'tax_code') ?? null,
    type: 'fixed_amount',
  };
  return rate;
}

/** Stores a rate on `owner` (the connected account); Stripe sends no event for Shipping Rates. */
export function storeShippingRate(ctx: EmulatorContext, owner: Owner, rate: Stripe.ShippingRate): void {
  ctx.store.insert('shipping_rate', owner, rate.id, rate);
}

function rateOf(ctx: EmulatorContext, req: ApiRequest): Stripe.ShippingRate {
  return getShippingRate(ctx, req.owner, req.pathParams.shipping_rate_token);
}

export function registerShippingRates(ctx: EmulatorContext): void {
  ctx.expandable('shr', 'shipping_rate');

  ctx.api('POST', '/v1/shipping_rates', (req) => {
    const rate = buildShippingRate(ctx, req.params);
    storeShippingRate(ctx, req.owner, rate);
    return rate;
  });
  ctx.api('GET', '/v1/shipping_rates/{shipping_rate_token}', (req) => rateOf(ctx, req));
  // Amount, currency, name and estimate are immutable: the update's parameters lack them.
  ctx.api('POST', '/v1/shipping_rates/{shipping_rate_token}', (req) => {
    const p = req.params;
    const rate = rateOf(ctx, req);
    if (p.active !== undefined) rate.active = p.active === true;
    if (p.metadata !== undefined) rate.metadata = mergeMetadata(rate.metadata, p.metadata);
    if (p.tax_behavior !== undefined) rate.tax_behavior = str(p, 'tax_behavior') ?? null;
    ctx.store.touch();
    return rate;
  });
  ctx.api('GET', '/v1/shipping_rates', (req) => {
    const p = req.params;
    const items = ctx.store
      .list<Stripe.ShippingRate>('shipping_rate', req.owner)
      .filter((r) => p.active === undefined || r.active === p.active)
      .filter((r) => !p.currency || r.fixed_amount?.currency === str(p, 'currency')?.toLowerCase());
    return listOf(items, p, '/v1/shipping_rates');
  });
}
