import { createHash } from 'node:crypto';
import type Stripe from 'stripe';
import type { Order } from '../orders/entities/order.entity.js';
import type { OrderItem } from '../orders/entities/order-item.entity.js';
import type { PaymentTransition } from '../orders/order-status.js';
import { offerOption } from '../orders/shipping-options.js';
import { t } from '../common/i18n.js';
import { shopPagePath } from '../storefront/shop-pages.js';

/** A cart line priced at checkout: what the order item copies. */
export interface PricedLine {
  productId: string;
  variantId: string;
  name: string;
  unitAmount: number;
  quantity: number;
  stripePriceId: string;
  /** null = unlimited. */
  stock: number | null;
}

/**
 * Identifies "the same cart": its lines (product, quantity, unit amount, Price) in a stable
 * order, and the email given. The same fingerprint reuses the open session; any change (a
 * quantity, a price edit, another email) makes a new one.
 */
export function cartFingerprint(
  lines: readonly PricedLine[],
  email: string | null,
  shipping: unknown = null,
): string {
  const canonical = [...lines]
    .sort((a, b) => a.productId.localeCompare(b.productId) || a.variantId.localeCompare(b.variantId))
    .map((l) => [l.productId, l.variantId, l.quantity, l.unitAmount, l.stripePriceId]);
  return createHash('sha256')
    .update(
      JSON.stringify(shipping === null ? { lines: canonical, email } : { lines: canonical, email, shipping }),
    )
    .digest('hex');
}

export interface SessionShopSettings {
  statementDescriptorSuffix: string | null;
  shipsPhysicalGoods: boolean;
  /** Kinds of its legal pages that have a body: with terms of sale, Checkout mentions them. */
  publishedPages?: readonly string[];
}

/** Stripe's window for `expires_at`, counted from ITS clock when it creates the session. */
export const STRIPE_MIN_EXPIRY_SECONDS = 30 * 60;
export const STRIPE_MAX_EXPIRY_SECONDS = 24 * 3600;
/**
 * Kept clear of both ends of that window: clock skew between us and Stripe, the request's
 * latency, and a retry of the same (idempotent) request a little later all shift Stripe's "now".
 */
export const EXPIRY_MARGIN_SECONDS = 60;

/**
 * When an order's session expires: CHECKOUT_EXPIRES_MINUTES after `now`, held inside Stripe's
 * window by the margin at both ends, so 30 (the minimum) and 1440 (the maximum) both work.
 */
export function checkoutExpiresAt(now: Date, expiresMinutes: number): Date {
  const nowSeconds = Math.ceil(now.getTime() / 1000);
  const lifetime = Math.min(
    Math.max(expiresMinutes * 60, STRIPE_MIN_EXPIRY_SECONDS + EXPIRY_MARGIN_SECONDS),
    STRIPE_MAX_EXPIRY_SECONDS - EXPIRY_MARGIN_SECONDS,
  );
  return new Date((nowSeconds + lifetime) * 1000);
}

/**
 * The Checkout Session's parameters, derived only from the stored order and the shop's settings,
 * so that a retry with the same idempotency key sends exactly the same request.
 */
export function checkoutSessionParams(
  order: Pick<
    Order,
    | 'id'
    | 'shopId'
    | 'number'
    | 'currency'
    | 'applicationFeeAmount'
    | 'customerEmail'
    | 'checkoutExpiresAt'
    | 'language'
    | 'shippingCountry'
    | 'shippingOffer'
  >,
  items: ReadonlyArray<Pick<OrderItem, 'stripePriceId' | 'quantity'>>,
  shop: SessionShopSettings,
  shopOrigin: string,
): Stripe.Checkout.SessionCreateParams {
  const metadata = { order_id: order.id, shop_id: order.shopId, order_number: String(order.number) };
  return {
    mode: 'payment',
    line_items: items.map((i) => ({ price: i.stripePriceId!, quantity: i.quantity })),
    payment_intent_data: {
      application_fee_amount: order.applicationFeeAmount,
      metadata,
      ...(shop.statementDescriptorSuffix
        ? { statement_descriptor_suffix: shop.statementDescriptorSuffix }
        : {}),
    },
    client_reference_id: order.id,
    metadata,
    locale: checkoutLocale(order.language),
    ...(order.customerEmail ? { customer_email: order.customerEmail } : {}),
    ...shippingParams(order),
    ...termsText(order.language, shop, shopOrigin),
    expires_at: Math.floor(order.checkoutExpiresAt!.getTime() / 1000),
    success_url: `${shopOrigin}/checkout/success?session_id={CHECKOUT_SESSION_ID}`,
    cancel_url: `${shopOrigin}/checkout/cancel`,
  };
}

/**
 * The stored destination and offer as the session's shipping: the address is collected in that
 * country only, and its rates are the options (none when the zone has no rate: free shipping).
 */
export function shippingParams(
  order: Pick<Order, 'currency' | 'shippingCountry' | 'shippingOffer'>,
): Pick<Stripe.Checkout.SessionCreateParams, 'shipping_address_collection' | 'shipping_options'> {
  if (!order.shippingCountry) return {};
  const offer = order.shippingOffer ?? [];
  return {
    shipping_address_collection: { allowed_countries: [order.shippingCountry] },
    ...(offer.length ? { shipping_options: offer.map((o) => offerOption(o, order.currency)) } : {}),
  };
}

/** Stripe's limit on each `custom_text` message. */
export const CUSTOM_TEXT_MAX_LENGTH = 1200;

/**
 * With terms of sale, a line by the Pay button names them and their URL, in the order's language
 * (`custom_text.submit`: `terms_of_service_acceptance` needs a terms URL set in the account's
 * Stripe settings, which a connected account does not have).
 */
export function termsText(
  language: string,
  shop: Pick<SessionShopSettings, 'publishedPages'>,
  shopOrigin: string,
): Pick<Stripe.Checkout.SessionCreateParams, 'custom_text'> {
  if (!shop.publishedPages?.includes('terms')) return {};
  const text = t(language, 'shopPages.checkoutTerms', { url: `${shopOrigin}${shopPagePath('terms')}` });
  return { custom_text: { submit: { message: text.slice(0, CUSTOM_TEXT_MAX_LENGTH) } } };
}

type SdkCheckoutLocale = Stripe.Checkout.SessionCreateParams.Locale;
/** The SDK's union without its open `OtherString` member: exactly the locales Stripe lists. */
type ListedLocale = SdkCheckoutLocale extends infer L
  ? L extends string
    ? string extends L
      ? never
      : L
    : never
  : never;
type StripeLocale = Exclude<ListedLocale, 'auto'>;

/**
 * Our catalog languages that Stripe's Checkout speaks, as the SDK's types name them (a code
 * missing from the SDK's union fails to compile here). Add a language here when its catalog is
 * added and Stripe lists it; until then its shoppers get `auto` (Stripe follows the browser).
 */
const CHECKOUT_LOCALES: Readonly<Record<string, StripeLocale>> = { en: 'en', fr: 'fr' };

/** The Checkout Session's `locale` for the order's language: Stripe's own, else `auto`. */
export function checkoutLocale(language: string): SdkCheckoutLocale {
  return CHECKOUT_LOCALES[language] ?? 'auto';
}

/** What an event says happened to the session. */
export function transitionsForEvent(type: string, session: Stripe.Checkout.Session): PaymentTransition[] {
  switch (type) {
    case 'checkout.session.completed': {
      const status = session.payment_status;
      // A status this code does not know moves nothing (reconciliation looks again later).
      if (status !== 'paid' && status !== 'unpaid' && status !== 'no_payment_required') return [];
      return [
        { kind: 'session_completed', paymentStatus: status as 'paid' | 'unpaid' | 'no_payment_required' },
      ];
    }
    case 'checkout.session.async_payment_succeeded':
      return [{ kind: 'async_payment_succeeded' }];
    case 'checkout.session.async_payment_failed':
      return [{ kind: 'async_payment_failed' }];
    case 'checkout.session.expired':
      return [{ kind: 'session_expired' }];
    default:
      return [];
  }
}

/**
 * The events that a session's present state implies, for reconciliation (a session retrieved
 * with `expand[]=payment_intent`): applied in order through the same state machine, so those
 * already applied are no-ops. A delayed payment that failed leaves the session `complete` and
 * `unpaid`; only its payment intent tells (back to `requires_payment_method`, or `canceled`).
 */
export function transitionsFromSession(session: Stripe.Checkout.Session): PaymentTransition[] {
  if (session.status === 'expired') return [{ kind: 'session_expired' }];
  if (session.status !== 'complete') return [];
  if (session.payment_status !== 'unpaid') {
    return [{ kind: 'session_completed', paymentStatus: 'paid' }, { kind: 'async_payment_succeeded' }];
  }
  const pi = session.payment_intent;
  const piStatus = pi && typeof pi === 'object' ? pi.status : undefined;
  const failed = piStatus === 'requires_payment_method' || piStatus === 'canceled';
  return [
    { kind: 'session_completed', paymentStatus: 'unpaid' },
    ...(failed ? [{ kind: 'async_payment_failed' } as const] : []),
  ];
}
