import type Stripe from 'stripe';
import type { ApiRequest, EmulatorContext } from '../context.js';
import { errors } from '../errors.js';
import { previousAttributes } from '../events.js';
import { newId } from '../ids.js';
import { hash, listOf, mergeMetadata, str, text } from '../list.js';
import type { Params } from '../params.js';

export function getProduct(ctx: EmulatorContext, req: ApiRequest, id: string): Stripe.Product {
  const product = ctx.store.get<Stripe.Product>('product', req.owner, id);
  if (!product) throw errors.notFound('product', id);
  return product;
}

export function getPrice(
  ctx: EmulatorContext,
  owner: string | null,
  id: string,
  param = 'price',
): Stripe.Price {
  const price = ctx.store.get<Stripe.Price>('price', owner, id);
  if (!price) throw errors.notFound('price', id, param);
  return price;
}

const account = (req: ApiRequest) => ({ account: req.owner });

function createProduct(ctx: EmulatorContext, req: ApiRequest, p: Params): Stripe.Product {
  const now = ctx.clock.now();
  const id = str(p, 'id') ?? newId('prod', 14);
  if (ctx.store.find('product', id))
    throw errors.invalid(`Product already exists.`, { code: 'resource_already_exists', param: 'id' });
  const product: Stripe.Product = {
    id,
    object: 'product',
    active: p.active !== false,
    created: now,
    default_price: null,
    description: str(p, 'description') ?? null,
    images: Array.isArray(p.images) ? p.images.map(String) : [],
    livemode: false,
    marketing_features: [],
    metadata: mergeMetadata({}, p.metadata),
    name: text(p, 'name'),
    package_dimensions: null,
    shippable: typeof p.shippable === 'boolean' ? p.shippable : null,
    statement_descriptor: str(p, 'statement_descriptor') ?? null,
    tax_code: str(p, 'tax_code') ?? null,
    tax_details: null,
    type: 'service',
    unit_label: str(p, 'unit_label') ?? null,
    updated: now,
    url: str(p, 'url') ?? null,
  };
  ctx.store.insert('product', req.owner, id, product);
  ctx.events.emit('product.created', product, account(req));
  const priceData = hash(p, 'default_price_data');
  if (priceData) {
    const price = createPrice(ctx, req, { ...priceData, product: id });
    product.default_price = price.id;
    ctx.store.touch();
  }
  return product;
}

function createPrice(ctx: EmulatorContext, req: ApiRequest, p: Params): Stripe.Price {
  let productId = str(p, 'product');
  const productData = hash(p, 'product_data');
  if (!productId && !productData) throw errors.missing('product');
  if (productId && productData)
    throw errors.invalid('You may only specify one of these parameters: product, product_data.', {
      code: 'parameters_exclusive',
      param: 'product',
    });
  if (productData) productId = createProduct(ctx, req, productData).id;
  const product = getProduct(ctx, req, productId!);
  if (p.unit_amount === undefined && p.unit_amount_decimal === undefined && !p.custom_unit_amount) {
    throw errors.missing('unit_amount');
  }
  const unitAmount =
    typeof p.unit_amount === 'number' ? p.unit_amount : Math.round(Number(p.unit_amount_decimal ?? 0));
  if (unitAmount < 0)
    throw errors.invalid('This value must be greater than or equal to 0.', { param: 'unit_amount' });
  const recurring = hash(p, 'recurring');
  const now = ctx.clock.now();
  const price: Stripe.Price = {
    id: newId('price', 24),
    object: 'price',
    active: p.active !== false,
    billing_scheme: 'per_unit',
    created: now,
    currency: text(p, 'currency').toLowerCase(),
    custom_unit_amount: null,
    livemode: false,
    lookup_key: str(p, 'lookup_key') ?? null,
    metadata: mergeMetadata({}, p.metadata),
    nickname: str(p, 'nickname') ?? null,
    product: product.id,
    recurring: recurring
      ? ({
          interval: recurring.interval as Stripe.Price.Recurring.Interval,
          interval_count: typeof recurring.interval_count === 'number' ? recurring.interval_count : 1,
          meter: null,
          usage_type: 'licensed',
        } as Stripe.Price.Recurring)
      : null,
    tax_behavior: str(p, 'tax_behavior') ?? 'unspecified',
    tiers_mode: null,
    transform_quantity: null,
    type: recurring ? 'recurring' : 'one_time',
    unit_amount: unitAmount,
    unit_amount_decimal: String(unitAmount) as unknown as Stripe.Price['unit_amount_decimal'],
  };
  ctx.store.insert('price', req.owner, price.id, price);
  ctx.events.emit('price.created', price, account(req));
  return price;
}

function update<T extends object>(
  ctx: EmulatorContext,
  req: ApiRequest,
  type: string,
  object: T,
  change: (o: T) => void,
): T {
  const before = structuredClone(object);
  change(object);
  const previous = previousAttributes(before, object);
  ctx.store.touch();
  if (previous)
    ctx.events.emit(`${type}.updated`, object, { account: req.owner, previousAttributes: previous });
  return object;
}

export function registerProducts(ctx: EmulatorContext): void {
  ctx.expandable('prod', 'product');
  ctx.expandable('price', 'price');

  ctx.api('POST', '/v1/products', (req) => createProduct(ctx, req, req.params));
  ctx.api('GET', '/v1/products/{id}', (req) => getProduct(ctx, req, req.pathParams.id));
  ctx.api('POST', '/v1/products/{id}', (req) => {
    const p = req.params;
    return update(ctx, req, 'product', getProduct(ctx, req, req.pathParams.id), (product) => {
      if (p.name !== undefined) product.name = text(p, 'name');
      if (p.active !== undefined) product.active = p.active === true;
      if (p.description !== undefined) product.description = str(p, 'description') ?? null;
      if (p.images !== undefined) product.images = Array.isArray(p.images) ? p.images.map(String) : [];
      if (p.metadata !== undefined) product.metadata = mergeMetadata(product.metadata, p.metadata);
      if (p.url !== undefined) product.url = str(p, 'url') ?? null;
      if (p.default_price !== undefined) {
        const priceId = str(p, 'default_price');
        if (priceId) {
          const price = getPrice(ctx, req.owner, priceId, 'default_price');
          if (price.product !== product.id)
            throw errors.invalid('The price must belong to this product.', { param: 'default_price' });
        }
        product.default_price = priceId ?? null;
      }
      product.updated = ctx.clock.now();
    });
  });
  ctx.api('GET', '/v1/products', (req) => {
    const p = req.params;
    const items = ctx.store
      .list<Stripe.Product>('product', req.owner)
      .filter((x) => p.active === undefined || x.active === p.active)
      .filter((x) => !Array.isArray(p.ids) || p.ids.includes(x.id));
    return listOf(items, p, '/v1/products');
  });

  ctx.api('POST', '/v1/prices', (req) => createPrice(ctx, req, req.params));
  ctx.api('GET', '/v1/prices/{price}', (req) => getPrice(ctx, req.owner, req.pathParams.price));
  // Amounts and currency are immutable: the update's parameter list has no unit_amount.
  ctx.api('POST', '/v1/prices/{price}', (req) => {
    const p = req.params;
    return update(ctx, req, 'price', getPrice(ctx, req.owner, req.pathParams.price), (price) => {
      if (p.active !== undefined) price.active = p.active === true;
      if (p.nickname !== undefined) price.nickname = str(p, 'nickname') ?? null;
      if (p.lookup_key !== undefined) price.lookup_key = str(p, 'lookup_key') ?? null;
      if (p.metadata !== undefined) price.metadata = mergeMetadata(price.metadata, p.metadata);
    });
  });
  ctx.api('GET', '/v1/prices', (req) => {
    const p = req.params;
    const items = ctx.store
      .list<Stripe.Price>('price', req.owner)
      .filter((x) => p.active === undefined || x.active === p.active)
      .filter((x) => !p.product || x.product === p.product)
      .filter((x) => !p.currency || x.currency === p.currency)
      .filter((x) => !p.type || x.type === p.type);
    return listOf(items, p, '/v1/prices');
  });
}
