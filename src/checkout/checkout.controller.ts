import { Body, Controller, Get, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/app-config.js';
import { CartCookieStore } from '../storefront/cart-cookie-store.js';
import { CurrentShop } from '../tenants/host-routing.js';
import { languageOf, storefrontFrame } from '../storefront/storefront-frame.js';
import { t } from '../common/i18n.js';
import { SHOP_ROUTES_PREFIX } from '../tenants/host-routing.js';
import type { ShopContext } from '../tenants/shop-context.js';
import { CheckoutService, checkoutEmail } from './checkout.service.js';
import { CheckoutForm } from './dto/checkout-form.dto.js';
import { CheckoutSuccessQuery, OrderStatusQuery } from './dto/checkout-queries.dto.js';
import { UuidParam } from '../web/validation.pipe.js';
import { onRefusal } from '../web/form-page.js';
import { CartPage, writeShipTo } from '../storefront/cart-page.js';
import { isOrderOfCart, ShopperOrdersService, type ShopperOrderView } from './shopper-orders.service.js';

/** How often a "payment processing" page asks for its order's status (public/js/poll-status.js). */
const STATUS_POLL_MS = 3000;

/**
 * Checkout on the shop host: POST /checkout (cart → Stripe Checkout), the success and cancel
 * pages Stripe returns to, and the shopper's private order status page. The pages show what our
 * database says; none of them changes an order.
 */
@Controller(SHOP_ROUTES_PREFIX)
export class CheckoutController {
  private readonly cartStore: CartCookieStore;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly checkout: CheckoutService,
    private readonly orders: ShopperOrdersService,
    private readonly cartPage: CartPage,
  ) {
    this.cartStore = new CartCookieStore(config);
  }

  @Post('checkout')
  async start(
    @CurrentShop() shop: ShopContext,
    @Body() form: CheckoutForm,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    const values = { email: form.email ?? '', country: form.country ?? '' };
    // A refused email or destination: the cart again, with what was typed and why (cart kept).
    onRefusal(res, {
      view: 'pages/storefront/cart',
      model: (refusal) => this.cartPage.model(shop, req, res, { form: { values, errors: refusal.fields } }),
    });
    const country = (form.country ?? '').trim().toUpperCase();
    if (/^[A-Z]{2}$/.test(country)) writeShipTo(res, this.config, country);
    const { url } = await this.checkout.startCheckout(shop, {
      language: languageOf(res),
      cartId: this.cartStore.ensureCartId(req, res),
      ip: req.ip ?? 'unknown',
      lines: this.cartStore.read(shop, req),
      email: checkoutEmail(form.email),
      country: country || null,
    });
    res.redirect(303, url);
  }

  @Get('checkout/success')
  async success(
    @CurrentShop() shop: ShopContext,
    @Query() { session_id: sessionId }: CheckoutSuccessQuery,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    const view = await this.orders.bySession(shop, sessionId);
    let cart = this.cartStore.read(shop, req);
    if (view.paid && isOrderOfCart(view, this.cartStore.cartId(req), cart)) {
      this.cartStore.clear(res);
      cart = [];
    }
    const query = `session_id=${encodeURIComponent(sessionId ?? '')}`;
    this.render(res, shop, cart, view, `/checkout/success?${query}`, `/checkout/status?${query}`);
  }

  /**
   * The success page's status as JSON, polled by public/js/poll-status.js while the payment is
   * processing. The session must be an order of the shop this host belongs to: anything else is
   * a 404. Clears the cart cookie once paid, as the page itself does.
   */
  @Get('checkout/status')
  async successStatus(
    @CurrentShop() shop: ShopContext,
    @Query() { session_id: sessionId }: CheckoutSuccessQuery,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    res.setHeader('Cache-Control', 'no-store');
    const view = await this.orders.bySession(shop, sessionId);
    let cart = this.cartStore.read(shop, req);
    if (view.paid && isOrderOfCart(view, this.cartStore.cartId(req), cart)) {
      this.cartStore.clear(res);
      cart = [];
    }
    res.json(statusJson(view, cart));
  }

  /** Stripe's cancel link: back to the cart, untouched (its open session is reused on the next try). */
  @Get('checkout/cancel')
  cancel(@Res() res: Response) {
    res.redirect(303, '/cart?cancelled=1');
  }

  @Get('orders/:id')
  async status(
    @CurrentShop() shop: ShopContext,
    @Param('id', UuidParam) id: string,
    @Query() { t: token }: OrderStatusQuery,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    const view = await this.orders.byToken(shop, id, token);
    const pollUrl = `/orders/${view.id}/status?t=${encodeURIComponent(token ?? '')}`;
    this.render(res, shop, this.cartStore.read(shop, req), view, `/orders/${view.id}`, pollUrl);
  }

  /** The status page's JSON (same rules: this shop's order and its private token, else 404). */
  @Get('orders/:id/status')
  async statusJson(
    @CurrentShop() shop: ShopContext,
    @Param('id', UuidParam) id: string,
    @Query() { t: token }: OrderStatusQuery,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    res.setHeader('Cache-Control', 'no-store');
    const view = await this.orders.byToken(shop, id, token);
    res.json(statusJson(view, this.cartStore.read(shop, req)));
  }

  private render(
    res: Response,
    shop: ShopContext,
    cart: ReturnType<CartCookieStore['read']>,
    view: ShopperOrderView,
    path: string,
    pollUrl: string,
  ) {
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('Referrer-Policy', 'no-referrer');
    // The order's pages speak the language it was placed in, as its mails and Stripe's page did;
    // the switcher, which would change nothing here, is left out.
    res.locals.lang = view.language;
    delete res.locals.languages;
    res.render('pages/storefront/order-status', {
      ...storefrontFrame(this.config, shop, cart, {
        title: t(view.language, 'storefront.order.number', { number: view.number }),
        path,
        noindex: true,
        pollScript: view.processing,
      }),
      order: view,
      checkAgainUrl: path,
      poll: view.processing ? { url: pollUrl, intervalMs: STATUS_POLL_MS } : null,
    });
  }
}

/** The fields poll-status.js writes into the page (`data-poll-field`) and its stop condition. */
function statusJson(view: ShopperOrderView, cart: ReturnType<CartCookieStore['read']>) {
  const cartCount = cart.reduce((n, l) => n + l.quantity, 0);
  return {
    state: view.copy.state,
    heading: view.copy.heading,
    message: view.copy.message,
    settled: view.copy.settled,
    cartLabel: cartCount
      ? t(view.language, 'storefront.cartCount', { n: cartCount })
      : t(view.language, 'storefront.cartLink'),
  };
}
