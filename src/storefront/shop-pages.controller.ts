import { Controller, Get, Inject, Param, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/app-config.js';
import { t } from '../common/i18n.js';
import type { ShopContext } from '../tenants/shop-context.js';
import { CurrentShop, SHOP_ROUTES_PREFIX } from '../tenants/host-routing.js';
import { CartCookieStore } from './cart-cookie-store.js';
import { languageOf, storefrontFrame } from './storefront-frame.js';
import { ShopPagesService } from './shop-pages.service.js';
import { renderShopPage, shopPagePath, shopPageTitleKey } from './shop-pages.js';

/** A shop's legal pages on its host, at `/pages/<kind>`; an empty or unknown page is a 404. */
@Controller(SHOP_ROUTES_PREFIX)
export class ShopPagesController {
  private readonly cartStore: CartCookieStore;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly pages: ShopPagesService,
  ) {
    this.cartStore = new CartCookieStore(config);
  }

  @Get('pages/:kind')
  async show(
    @CurrentShop() shop: ShopContext,
    @Param('kind') kind: string,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    const page = await this.pages.published(shop, kind);
    const title = t(languageOf(res), shopPageTitleKey(page.kind));
    res.render('pages/storefront/shop-page', {
      ...storefrontFrame(this.config, shop, this.cartStore.read(shop, req), {
        title,
        path: shopPagePath(page.kind),
      }),
      page: { title, html: renderShopPage(page.body) },
    });
  }
}
