import type Stripe from 'stripe';
import type { ApiRequest, EmulatorContext } from '../context.js';
import { errors } from '../errors.js';
import { newId } from '../ids.js';
import { hash, listOf, mergeMetadata, str, text } from '../list.js';
import type { Params } from '../params.js';
import type { Owner } from '../store.js';
import { EUR_METHODS } from '../pages/eur-methods.js';
import { getAccount } from './accounts.js';
import { createPaymentIntent, type PaymentSetup } from './payments.js';
import { getPrice } from './products.js';
import { buildShippingRate, getShippingRate, storeShippingRate } from './shipping-rates.js';
import { SHIPPING_OPTIONS_MAX } from '../data/shipping-rate-params.js';

/** Emulator-side facts about a session (table `checkout_extra`, keyed by session id). */
export interface SessionExtra {
  lineItems: Stripe.LineItem[];
  payment: PaymentSetup;
}

const MIN_EXPIRY = 30 * 60;
const MAX_EXPIRY = 24 * 3600;

function buildLineItems(ctx: EmulatorContext, req: ApiRequest, items: Params[]): Stripe.LineItem[] {
  return items.map((item, i) => {
    let price: Stripe.Price;
    const priceData = hash(item, 'price_data');
    if (typeof item.price === 'string') {
      price = getPrice(ctx, req.owner, item.price, `line_items[${i}][price]`);
      if (!price.active)
        throw errors.invalid(`The price specified is inactive. This field only accepts active prices.`, {
          param: `line_items[${i}][price]`,
        });
    } else if (priceData) {
      const productData = hash(priceData, 'product_data');
      const productId = str(priceData, 'product');
      const product = productId ? ctx.store.get<Stripe.Product>('product', req.owner, productId) : undefined;
      if (productId && !product)
        throw errors.notFound('product', productId, `line_items[${i}][price_data][product]`);
      if (!product && !productData) throw errors.missing(`line_items[${i}][price_data][product_data]`);
      const amount = typeof priceData.unit_amount === 'number' ? priceData.unit_amount : undefined;
      if (amount === undefined) throw errors.missing(`line_items[${i}][price_data][unit_amount]`);
      price = {
        id: newId('price', 24),
        object: 'price',
        active: false,
        billing_scheme: 'per_unit',
        created: ctx.clock.now(),
        currency: text(priceData, 'currency').toLowerCase(),
        custom_unit_amount: null,
        livemode: false,
        lookup_key: null,
        metadata: {},
        nickname: null,
        product: product?.id ?? newId('prod', 14),
        recurring: null,
        tax_behavior: 'unspecified',
        tiers_mode: null,
        transform_quantity: null,
        type: 'one_time',
        unit_amount: amount,
        unit_amount_decimal: String(amount) as unknown as Stripe.Price['unit_amount_decimal'],
      };
      // Ad-hoc products are named for the line's description.
      (price as Stripe.Price & { _productName?: string })._productName = productData
        ? text(productData, 'name')
        : product?.name;
    } else {
      throw errors.invalid('You must specify either `price` or `price_data` in each line item.', {
        param: `line_items[${i}]`,
      });
    }
    if (item.quantity === undefined) throw errors.missing(`line_items[${i}][quantity]`);
    const quantity = Number(item.quantity);
    if (quantity < 1)
      throw errors.invalid('Quantity must be at least 1.', { param: `line_items[${i}][quantity]` });
    if (price.type === 'recurring')
      throw errors.invalid('You must be in `subscription` mode to use recurring prices.', {
        param: `line_items[${i}][price]`,
      });
    const name =
      (price as Stripe.Price & { _productName?: string })._productName ??
      ctx.store.get<Stripe.Product>(
        'product',
        req.owner,
        typeof price.product === 'string' ? price.product : price.product.id,
      )?.name ??
      null;
    delete (price as Stripe.Price & { _productName?: string })._productName;
    const total = (price.unit_amount ?? 0) * quantity;
    return {
      id: newId('li'),
      object: 'item',
      adjustable_quantity: null,
      amount_discount: 0,
      amount_subtotal: total,
      amount_tax: 0,
      amount_total: total,
      currency: price.currency,
      description: name,
      metadata: {},
      price,
      quantity,
    };
  });
}

/** Stripe's limit on each `custom_text[…][message]`. */
export const CUSTOM_TEXT_MAX_LENGTH = 1200;
const CUSTOM_TEXT_FIELDS = ['after_submit', 'shipping_address', 'submit'] as const;

/**
 * `custom_text` as Stripe keeps it: each of its messages a string of at most 1200 characters
 * (refused as Stripe refuses a longer string), an omitted or empty one null.
 */
function customText(p: Params): Stripe.Checkout.Session.CustomText {
  const given = hash(p, 'custom_text') ?? {};
  const out: Stripe.Checkout.Session.CustomText = {
    after_submit: null,
    shipping_address: null,
    submit: null,
    terms_of_service_acceptance: null,
  };
  for (const field of CUSTOM_TEXT_FIELDS) {
    const part = hash(given, field);
    if (!part) continue;
    const message = str(part, 'message');
    if (message === undefined) throw errors.missing(`custom_text[${field}][message]`);
    if ([...message].length > CUSTOM_TEXT_MAX_LENGTH)
      throw errors.invalid(
        `Invalid string: ${message.slice(0, 20)}...; must be at most ${CUSTOM_TEXT_MAX_LENGTH} characters`,
        { param: `custom_text[${field}][message]` },
      );
    if (message) out[field] = { message };
  }
  return out;
}

/**
 * `shipping_options[]` as Stripe takes them: at most 5, each exactly one of `shipping_rate` (an
 * active rate of the same account, in the session's currency) or `shipping_rate_data` (a new rate,
 * stored only once every option is valid). Kept in the order sent.
 */
function shippingOptions(
  ctx: EmulatorContext,
  req: ApiRequest,
  currency: string,
): { options: Stripe.Checkout.Session.ShippingOption[]; created: Stripe.ShippingRate[] } {
  const raw = req.params.shipping_options;
  if (!Array.isArray(raw)) return { options: [], created: [] };
  if (raw.length > SHIPPING_OPTIONS_MAX)
    throw errors.invalid(
      `You may only specify up to ${SHIPPING_OPTIONS_MAX} shipping options; you passed ${raw.length}.`,
      { param: 'shipping_options' },
    );
  const created: Stripe.ShippingRate[] = [];
  const options = (raw as Params[]).map((option, i) => {
    const id = str(option, 'shipping_rate');
    const data = hash(option, 'shipping_rate_data');
    if (id && data)
      throw errors.invalid(
        'You may only specify one of these parameters: shipping_rate, shipping_rate_data.',
        {
          code: 'parameters_exclusive',
          param: `shipping_options[${i}][shipping_rate]`,
        },
      );
    let rate: Stripe.ShippingRate;
    if (id) {
      const param = `shipping_options[${i}][shipping_rate]`;
      rate = getShippingRate(ctx, req.owner, id, param);
      if (!rate.active)
        throw errors.invalid(
          'The shipping rate specified is inactive. This field only accepts active shipping rates.',
          {
            param,
          },
        );
      if (rate.fixed_amount?.currency !== currency)
        throw errors.invalid(
          `The shipping rate's currency (${rate.fixed_amount?.currency}) must match the Checkout Session's currency (${currency}).`,
          { param },
        );
    } else if (data) {
      rate = buildShippingRate(ctx, data, ['shipping_options', i, 'shipping_rate_data'], currency);
      created.push(rate);
    } else {
      throw errors.invalid(
        'You must specify either `shipping_rate` or `shipping_rate_data` in each shipping option.',
        {
          param: `shipping_options[${i}]`,
        },
      );
    }
    return { shipping_amount: rate.fixed_amount?.amount ?? 0, shipping_rate: rate.id };
  });
  return { options, created };
}

function createSession(ctx: EmulatorContext, req: ApiRequest): Stripe.Checkout.Session {
  const p = req.params;
  const mode = str(p, 'mode');
  if (!mode) throw errors.missing('mode');
  if (mode !== 'payment')
    throw errors.invalid('The emulator supports `mode=payment` only.', { param: 'mode' });
  const uiMode = str(p, 'ui_mode') ?? 'hosted_page';
  if (uiMode !== 'hosted_page')
    throw errors.invalid('The emulator supports `ui_mode=hosted_page` only.', { param: 'ui_mode' });
  const successUrl = str(p, 'success_url');
  if (!successUrl) throw errors.missing('success_url');
  for (const name of ['success_url', 'cancel_url']) {
    const v = str(p, name);
    if (v && !/^https?:\/\//.test(v))
      throw errors.invalid('Not a valid URL', { code: 'url_invalid', param: name });
  }
  if (req.owner) {
    const account = getAccount(ctx, req.owner);
    if (!account.charges_enabled) {
      throw errors.invalid(
        `The account ${account.id} cannot currently make charges: its card_payments capability is not active. Complete onboarding first.`,
        { param: 'account' },
      );
    }
  }
  const rawItems = p.line_items;
  if (!Array.isArray(rawItems) || !rawItems.length) throw errors.missing('line_items');
  const lineItems = buildLineItems(ctx, req, rawItems as Params[]);
  const currencies = new Set(lineItems.map((li) => li.currency));
  if (currencies.size > 1)
    throw errors.invalid('All line items must use the same currency.', { param: 'line_items' });
  const currency = lineItems[0].currency;
  const total = lineItems.reduce((s, li) => s + li.amount_total, 0);

  const pid = hash(p, 'payment_intent_data');
  const appFee = typeof pid?.application_fee_amount === 'number' ? pid.application_fee_amount : null;
  if (appFee !== null) {
    if (!req.owner && !hash(pid, 'transfer_data')) {
      throw errors.invalid(
        'Can only apply an application_fee_amount when the PaymentIntent is attempting a direct payment (using an OAuth key or Stripe-Account header) or destination payment (using `transfer_data[destination]`).',
        { param: 'payment_intent_data[application_fee_amount]' },
      );
    }
    if (appFee > total)
      throw errors.invalid('The application fee cannot exceed the amount.', {
        param: 'payment_intent_data[application_fee_amount]',
      });
  }
  const custom = customText(p);
  const shipping = shippingOptions(ctx, req, currency);
  const addressCollection = hash(p, 'shipping_address_collection');
  const allowedCountries = addressCollection?.allowed_countries;
  const now = ctx.clock.now();
  const expiresAt = typeof p.expires_at === 'number' ? p.expires_at : now + MAX_EXPIRY;
  // Stripe's two refusals, worded as Stripe words them (measured from the emulator's clock).
  if (expiresAt < now + MIN_EXPIRY)
    throw errors.invalid(
      'The `expires_at` timestamp must be at least 30 minutes from Checkout Session creation.',
      { param: 'expires_at' },
    );
  if (expiresAt > now + MAX_EXPIRY)
    throw errors.invalid(
      'The `expires_at` timestamp must be less than 24 hours from Checkout Session creation.',
      { param: 'expires_at' },
    );
  const id = newId('cs_test', 58);
  const session: Stripe.Checkout.Session = {
    id,
    object: 'checkout.session',
    adaptive_pricing: { enabled: false },
    after_expiration: null,
    allow_promotion_codes: null,
    allowed_payment_method_types: null,
    amount_subtotal: total,
    amount_total: total,
    automatic_tax: { enabled: false, liability: null, provider: null, status: null },
    billing_address_collection: null,
    cancel_url: str(p, 'cancel_url') ?? null,
    client_reference_id: str(p, 'client_reference_id') ?? null,
    client_secret: null,
    collected_information: null,
    consent: null,
    consent_collection: null,
    created: now,
    currency,
    currency_conversion: null,
    custom_fields: [],
    custom_text: custom,
    customer: null,
    customer_account: null,
    customer_creation: 'if_required',
    customer_details: null,
    customer_email: str(p, 'customer_email') ?? null,
    discounts: [],
    expires_at: expiresAt,
    integration_identifier: null,
    invoice: null,
    invoice_creation: {
      enabled: false,
      invoice_data: {
        account_tax_ids: null,
        custom_fields: null,
        description: null,
        footer: null,
        issuer: null,
        metadata: {},
        rendering_options: null,
      },
    },
    livemode: false,
    locale: str(p, 'locale') ?? null,
    managed_payments: null,
    metadata: mergeMetadata({}, p.metadata),
    mode: 'payment',
    origin_context: null,
    payment_intent: null,
    payment_link: null,
    payment_method_collection: 'if_required',
    payment_method_configuration_details: null,
    payment_method_options: {
      card: { request_three_d_secure: 'automatic' },
    },
    payment_method_types: currency === 'eur' ? ['card', ...EUR_METHODS] : ['card'],
    payment_status: 'unpaid',
    permissions: null,
    phone_number_collection: { enabled: false },
    recovered_from: null,
    saved_payment_method_options: null,
    setup_intent: null,
    shipping_address_collection: Array.isArray(allowedCountries)
      ? {
          allowed_countries:
            allowedCountries as Stripe.Checkout.Session.ShippingAddressCollection.AllowedCountry[],
        }
      : null,
    shipping_cost: null,
    shipping_options: shipping.options,
    status: 'open',
    submit_type: null,
    subscription: null,
    success_url: successUrl,
    tax_id_collection: { enabled: false, required: 'never' },
    total_details: { amount_discount: 0, amount_shipping: 0, amount_tax: 0 },
    ui_mode: 'hosted_page',
    url: `${ctx.publicUrl()}/c/pay/${id}`,
    wallet_options: null,
  };
  const extra: SessionExtra = {
    lineItems,
    payment: {
      amount: total,
      currency,
      applicationFeeAmount: appFee,
      description: str(pid ?? {}, 'description') ?? null,
      metadata: mergeMetadata({}, pid?.metadata),
      receiptEmail: str(pid ?? {}, 'receipt_email') ?? null,
      paymentMethodTypes: currency === 'eur' ? ['card', ...EUR_METHODS] : ['card'],
    },
  };
  for (const rate of shipping.created) storeShippingRate(ctx, req.owner, rate);
  ctx.store.insert('checkout_session', req.owner, id, session);
  ctx.store.insert('checkout_extra', req.owner, id, extra);
  return session;
}

function changeSession(
  ctx: EmulatorContext,
  owner: Owner,
  session: Stripe.Checkout.Session,
  type: string,
  change: (s: Stripe.Checkout.Session) => void,
): void {
  change(session);
  ctx.store.touch();
  ctx.events.emit(type, session, { account: owner });
}

function expireSession(ctx: EmulatorContext, owner: Owner, session: Stripe.Checkout.Session): void {
  changeSession(ctx, owner, session, 'checkout.session.expired', (s) => {
    s.status = 'expired';
    s.url = null;
  });
}

/** Sessions whose `expires_at` has passed expire, with their event, whatever looks at them. */
export function expireDue(ctx: EmulatorContext): void {
  const now = ctx.clock.now();
  for (const { owner, value } of ctx.store.entries<Stripe.Checkout.Session>('checkout_session')) {
    if (value.status === 'open' && value.expires_at <= now) expireSession(ctx, owner, value);
  }
}

function getSession(ctx: EmulatorContext, req: ApiRequest): Stripe.Checkout.Session {
  const session = ctx.store.get<Stripe.Checkout.Session>(
    'checkout_session',
    req.owner,
    req.pathParams.session,
  );
  if (!session) throw errors.notFound('checkout.session', req.pathParams.session, 'session');
  return session;
}

function lineItemsList(
  ctx: EmulatorContext,
  sessionId: string,
  owner: Owner,
  params: Params = {},
): Stripe.ApiList<Stripe.LineItem> {
  const extra = ctx.store.get<SessionExtra>('checkout_extra', owner, sessionId);
  // Line items are listed in the order they were given, not newest first.
  return listOf(
    structuredClone(extra?.lineItems ?? []),
    params,
    `/v1/checkout/sessions/${sessionId}/line_items`,
  );
}

export function registerCheckoutSessions(ctx: EmulatorContext): void {
  ctx.expandable('cs', 'checkout_session');
  ctx.expander('checkout.session', 'line_items', (obj, owner) => lineItemsList(ctx, String(obj.id), owner));
  ctx.onTick(() => expireDue(ctx));

  ctx.api('POST', '/v1/checkout/sessions', (req) => createSession(ctx, req));
  ctx.api('GET', '/v1/checkout/sessions/{session}', (req) => getSession(ctx, req));
  ctx.api('GET', '/v1/checkout/sessions', (req) => {
    const p = req.params;
    const items = ctx.store
      .list<Stripe.Checkout.Session>('checkout_session', req.owner)
      .filter((s) => !p.status || s.status === p.status)
      .filter((s) => !p.payment_intent || s.payment_intent === p.payment_intent);
    return listOf(items, p, '/v1/checkout/sessions');
  });
  ctx.api('GET', '/v1/checkout/sessions/{session}/line_items', (req) =>
    lineItemsList(ctx, getSession(ctx, req).id, req.owner, req.params),
  );
  ctx.api('POST', '/v1/checkout/sessions/{session}/expire', (req) => {
    const session = getSession(ctx, req);
    if (session.status !== 'open') {
      throw errors.invalid(
        `Only Checkout Sessions with a status in ["open"] can be expired. This Checkout Session has a status of "${session.status}".`,
        { param: 'session' },
      );
    }
    expireSession(ctx, req.owner, session);
    return session;
  });
}

/** What the shopper gave on the page: the chosen rate (`shr_…`) and the shipping address. */
export interface ShippingChoice {
  rate: string | null;
  details: Stripe.Checkout.Session.CollectedInformation.ShippingDetails | null;
}

/**
 * The shopper's shipping choice on the session, as Stripe records it when it is made:
 * `shipping_cost`, `total_details.amount_shipping`, `amount_total` (goods + shipping),
 * `collected_information.shipping_details`; the payment to come (and an intent not yet paid, or
 * waiting on a bank redirect the shopper left) takes the new total. A rate not among the session's
 * options counts as none. Every method records the choice before paying (pages/checkout.ts).
 */
export function applyShipping(
  ctx: EmulatorContext,
  owner: Owner,
  session: Stripe.Checkout.Session,
  choice: ShippingChoice,
): void {
  const option = session.shipping_options.find((o) => o.shipping_rate === choice.rate);
  const amount = option?.shipping_amount ?? 0;
  session.shipping_cost = option
    ? { amount_subtotal: amount, amount_tax: 0, amount_total: amount, shipping_rate: option.shipping_rate }
    : null;
  session.total_details = {
    ...(session.total_details ?? { amount_discount: 0, amount_tax: 0 }),
    amount_shipping: amount,
  };
  session.amount_total = (session.amount_subtotal ?? 0) + amount;
  if (choice.details)
    session.collected_information = {
      business_name: null,
      individual_name: null,
      shipping_details: choice.details,
    };
  const extra = ctx.store.get<SessionExtra>('checkout_extra', owner, session.id)!;
  extra.payment.amount = session.amount_total;
  const piId =
    typeof session.payment_intent === 'string' ? session.payment_intent : session.payment_intent?.id;
  const pi = piId ? ctx.store.get<Stripe.PaymentIntent>('payment_intent', owner, piId) : undefined;
  if (pi && (pi.status === 'requires_payment_method' || pi.status === 'requires_action'))
    pi.amount = session.amount_total;
  ctx.store.touch();
}

/** The session's payment intent, created (`payment_intent.created`) on the first attempt. */
export function ensurePaymentIntent(
  ctx: EmulatorContext,
  owner: Owner,
  session: Stripe.Checkout.Session,
  email: string,
): Stripe.PaymentIntent {
  const extra = ctx.store.get<SessionExtra>('checkout_extra', owner, session.id)!;
  let pi = session.payment_intent
    ? ctx.store.get<Stripe.PaymentIntent>(
        'payment_intent',
        owner,
        typeof session.payment_intent === 'string' ? session.payment_intent : session.payment_intent.id,
      )
    : undefined;
  if (!pi) {
    pi = createPaymentIntent(ctx, owner, {
      ...extra.payment,
      receiptEmail: extra.payment.receiptEmail ?? email,
    });
    session.payment_intent = pi.id;
    ctx.store.touch();
  }
  return pi;
}

/** `checkout.session.completed`: `paid` for cards and redirects, `unpaid` while a debit is processing. */
export function completeSession(
  ctx: EmulatorContext,
  owner: Owner,
  session: Stripe.Checkout.Session,
  email: string,
  name: string | null,
  paymentStatus: 'paid' | 'unpaid' = 'paid',
): Stripe.Event {
  session.status = 'complete';
  session.payment_status = paymentStatus;
  session.url = null;
  session.customer_details = {
    address: { city: null, country: null, line1: null, line2: null, postal_code: null, state: null },
    business_name: null,
    email,
    individual_name: null,
    name,
    phone: null,
    tax_exempt: 'none',
    tax_ids: [],
  };
  ctx.store.touch();
  return ctx.events.emit('checkout.session.completed', session, { account: owner });
}

export function successUrl(session: Stripe.Checkout.Session): string {
  return (session.success_url ?? '').replace(/\{CHECKOUT_SESSION_ID\}/g, session.id);
}
