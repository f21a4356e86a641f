import { Controller, createParamDecorator, Get, Render, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import type { ShopContext } from '../tenants/shop-context.js';
import { SHOP_ROUTES_PREFIX } from '../tenants/host-routing.js';

/** The shop of this shop-host request, resolved once by HostRouting. */
export const CurrentShop = createParamDecorator(
  (_data: unknown, ctx: ExecutionContext): ShopContext => ctx.switchToHttp().getRequest<Request>().shop!,
);

/**
 * Shopper pages. Routes here answer on `<slug>.<APP_DOMAIN>` only: HostRouting rewrites shop-host
 * URLs under SHOP_ROUTES_PREFIX and refuses that prefix on the platform host.
 * A placeholder home page until the catalog lands.
 */
@Controller(SHOP_ROUTES_PREFIX)
export class StorefrontController {
  @Get()
  @Render('pages/storefront/home')
  home(@CurrentShop() shop: ShopContext) {
    return { layout: 'layouts/storefront', title: shop.name, siteName: shop.name, shop: { name: shop.name } };
  }
}
