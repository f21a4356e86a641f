import { Inject, Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/app-config.js';
import { StorefrontCollectionsCache } from '../catalog/storefront-collections-cache.js';
import { t } from '../common/i18n.js';
import { isShippingCountry } from '../tenants/markets.js';
import { ShippingZonesService } from '../tenants/shipping-zones.service.js';
import type { ShopContext } from '../tenants/shop-context.js';
import { CartCookieStore } from './cart-cookie-store.js';
import { CartService } from './cart.service.js';
import { ratesForCart } from '../orders/shipping-options.js';
import { formatMoney } from '../common/money.js';
import { intlLocale } from '../common/intl-locale.js';
import { languageOf, storefrontFrame } from './storefront-frame.js';
import { cartThumbnail, productCard } from './storefront-views.js';

/** The shopper's last "Deliver to" choice on this shop host (host-only, like the cart). */
export const SHIP_TO_COOKIE = 'ship_to';
const SHIP_TO_MAX_AGE_MS = 365 * 24 * 3600 * 1000;

/** What the checkout form sent, shown again (with its errors) when checkout refuses it. */
export interface CheckoutFormState {
  values?: { email?: string; country?: string };
  errors?: Record<string, string>;
}

const collators = new Map<string, { names: Intl.DisplayNames; collator: Intl.Collator }>();

/**
 * The "Deliver to" select: the countries of the shop's zones, named in `lang` by Intl and sorted
 * as `lang` sorts; `selected` preselected when it is one of them.
 */
export function destinationOptions(lang: string, codes: readonly string[], selected: string | null) {
  let namer = collators.get(lang);
  if (!namer) {
    namer = {
      names: new Intl.DisplayNames([lang], { type: 'region', fallback: 'code' }),
      collator: new Intl.Collator(lang),
    };
    collators.set(lang, namer);
  }
  const { names, collator } = namer;
  return [...new Set(codes)]
    .filter(isShippingCountry)
    .map((code) => ({ code, name: names.of(code) ?? code, selected: code === selected }))
    .sort((a, b) => collator.compare(a.name, b.name));
}

/** The default destination: the shopper's last choice, else the shop's own country, if shipped to. */
export function defaultDestination(
  codes: readonly string[],
  lastChoice: string | null | undefined,
  shopCountry: string,
): string | null {
  if (lastChoice && codes.includes(lastChoice)) return lastChoice;
  return codes.includes(shopCountry) ? shopCountry : null;
}

export function readShipTo(req: Request): string | null {
  const value = (req.cookies as Record<string, unknown> | undefined)?.[SHIP_TO_COOKIE];
  return typeof value === 'string' && /^[A-Z]{2}$/.test(value) ? value : null;
}

export function writeShipTo(res: Response, config: Pick<AppConfig, 'secureCookies'>, code: string): void {
  res.cookie(SHIP_TO_COOKIE, code, {
    httpOnly: true,
    sameSite: 'lax',
    secure: config.secureCookies,
    path: '/',
    maxAge: SHIP_TO_MAX_AGE_MS,
  });
}

/**
 * The cart page's model, for its GET and for the checkout form refused (the same page again with
 * the shopper's input and the errors).
 */
@Injectable()
export class CartPage {
  private readonly cartStore: CartCookieStore;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly carts: CartService,
    private readonly collections: StorefrontCollectionsCache,
    private readonly zones: ShippingZonesService,
  ) {
    this.cartStore = new CartCookieStore(config);
  }

  async model(
    shop: ShopContext,
    req: Request,
    res: Response,
    options: { cancelled?: boolean; form?: CheckoutFormState; country?: string } = {},
  ) {
    const lang = languageOf(res);
    const cart = this.cartStore.read(shop, req);
    const [view, collections, destinations] = await Promise.all([
      this.carts.view(shop, cart),
      this.collections.navigation(shop),
      this.zones.destinations(shop),
    ]);
    const values = options.form?.values ?? {};
    const errors = options.form?.errors ?? {};
    const chosen = options.country || values.country?.trim().toUpperCase() || readShipTo(req);
    const destinationList = destinations
      ? destinationOptions(lang, destinations, defaultDestination(destinations, chosen, shop.country))
      : null;
    return {
      ...storefrontFrame(
        this.config,
        shop,
        cart,
        { title: t(lang, 'storefront.cart.title'), path: '/cart', noindex: true },
        collections,
      ),
      // Two variants of one product are two lines: the quantity field's id must tell them apart.
      lines: view.lines.map((l) => ({
        ...l,
        lineKey: l.variantId ?? l.product.id,
        product: {
          ...productCard(l.product),
          // A variant's line links to that variant on the product page.
          ...(l.variantId ? { url: `/products/${l.product.id}?variant=${l.variantId}` } : {}),
        },
        thumbnail: cartThumbnail(l.product),
      })),
      count: view.count,
      total: view.total,
      currency: view.currency,
      canCheckout: shop.canCheckout,
      cancelled: options.cancelled ?? false,
      values,
      errors,
      destinations: destinationList,
      destinationChosen: destinationList?.some((o) => o.selected) ?? false,
      // Asked for (GET /cart?country=XX): what each rate costs this cart there.
      rates:
        options.country && destinationList && view.lines.length
          ? await this.ratesFor(shop, lang, options.country, view)
          : null,
    };
  }

  /** The rates of the zone shipping to `country`, priced for the cart as checkout will price them. */
  private async ratesFor(
    shop: ShopContext,
    lang: string,
    country: string,
    view: Awaited<ReturnType<CartService['view']>>,
  ) {
    const zones = await this.zones.zones(shop);
    const offered = !isShippingCountry(country)
      ? null
      : ratesForCart(zones, country, {
          currency: view.currency,
          lines: view.lines.map((l) => ({ unitAmount: l.product.priceAmount, quantity: l.quantity })),
          // Only the shipping amounts are shown: the fee plan plays no part in them.
          feePlan: { bps: 0, fixed: {} },
        });
    const country_ = destinationOptions(lang, [country], null)[0]?.name ?? country;
    if (!offered) return { country: country_, none: true, list: [] };
    return {
      country: country_,
      none: false,
      list: offered.map(({ rate, shipping }) => ({
        name: rate.name,
        price:
          shipping === 0 ? t(lang, 'shipping.free') : formatMoney(shipping, view.currency, intlLocale(lang)),
        delivery:
          rate.minDays === null || rate.maxDays === null
            ? ''
            : rate.maxDays === 0
              ? t(lang, 'shipping.sameDay')
              : rate.minDays === rate.maxDays
                ? t(lang, 'shipping.days', { count: rate.maxDays })
                : t(lang, 'shipping.daysRange', { min: rate.minDays, max: rate.maxDays }),
      })),
    };
  }
}
