import { Body, Controller, Get, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/app-config.js';
import { CartCookieStore } from '../storefront/cart-cookie-store.js';
import { CurrentShop } from '../storefront/storefront.controller.js';
import { storefrontFrame } from '../storefront/storefront-frame.js';
import { SHOP_ROUTES_PREFIX } from '../tenants/host-routing.js';
import type { ShopContext } from '../tenants/shop-context.js';
import { CheckoutService, checkoutEmail } from './checkout.service.js';
import { CheckoutForm } from './dto/checkout-form.dto.js';
import { CheckoutSuccessQuery, OrderStatusQuery } from './dto/checkout-queries.dto.js';
import { UuidParam } from '../web/validation.pipe.js';
import { isOrderOfCart, ShopperOrdersService, type ShopperOrderView } from './shopper-orders.service.js';

/** Seconds between reloads of the "payment processing" page (a meta refresh: CSP allows no script). */
const PROCESSING_REFRESH_SECONDS = 3;

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
    const { url } = await this.checkout.startCheckout(shop, {
      cartId: this.cartStore.ensureCartId(req, res),
      ip: req.ip ?? 'unknown',
      lines: this.cartStore.read(shop, req),
      email: checkoutEmail(form.email),
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
    this.render(res, shop, cart, view, `/checkout/success?session_id=${encodeURIComponent(sessionId ?? '')}`);
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
    this.render(res, shop, this.cartStore.read(shop, req), view, `/orders/${view.id}`);
  }

  private render(
    res: Response,
    shop: ShopContext,
    cart: ReturnType<CartCookieStore['read']>,
    view: ShopperOrderView,
    path: string,
  ) {
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.render('pages/storefront/order-status', {
      ...storefrontFrame(this.config, shop, cart, {
        title: `Order #${view.number}`,
        path,
        noindex: true,
        refreshSeconds: view.processing ? PROCESSING_REFRESH_SECONDS : undefined,
      }),
      order: view,
    });
  }
}
