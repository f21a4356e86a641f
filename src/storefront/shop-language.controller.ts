import { Body, Controller, HttpCode, Inject, Post, Res } from '@nestjs/common';
import type { Response } from 'express';
import { LANGUAGE_COOKIE } from '../common/i18n.js';
import { safeNextPath } from '../common/redirect.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/app-config.js';
import { LanguageForm } from '../platform/language.controller.js';
import { CurrentShop, SHOP_ROUTES_PREFIX } from '../tenants/host-routing.js';
import type { ShopContext } from '../tenants/shop-context.js';

/** A year: the choice outlives the visit, as a browser's language setting would. */
const SHOP_LANGUAGE_COOKIE_MAX_AGE_MS = 365 * 24 * 3600 * 1000;

/**
 * The storefront's no-JS language switcher (views/partials/layout/language-switcher.hbs, shown
 * when the shop offers two languages or more): a POST, CSRF-checked by the global guard, that
 * stores the choice in a host-only cookie (no Domain: it stays with this shop, and neither the
 * platform nor another shop reads it) and goes back to the page. A language the shop does not
 * offer is ignored.
 */
@Controller(SHOP_ROUTES_PREFIX)
export class ShopLanguageController {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  @Post('language')
  @HttpCode(303)
  choose(@CurrentShop() shop: ShopContext, @Body() form: LanguageForm, @Res() res: Response) {
    if (form.lang && shop.languages.includes(form.lang)) {
      res.cookie(LANGUAGE_COOKIE, form.lang, {
        maxAge: SHOP_LANGUAGE_COOKIE_MAX_AGE_MS,
        httpOnly: true,
        sameSite: 'lax',
        secure: this.config.secureCookies,
        path: '/',
      });
    }
    res.redirect(303, safeNextPath(form.next, '/'));
  }
}
