import { Body, Controller, Get, Inject, Post, Query, Req, Res } from '@nestjs/common';
import { DASHBOARD_LAYOUT } from '../web/views.js';
import type { Request, Response } from 'express';
import { Authenticated } from '../auth/guards.js';
import { onRefusal } from '../web/form-page.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/app-config.js';
import { paymentsStatus } from '../onboarding/account-status.js';
import { paymentsCard } from '../onboarding/payments-card.js';
import { shopOrigin } from '../common/shop-url.js';
import { SalesReportService } from '../orders/sales-report.service.js';
import { TenantService } from '../tenants/tenant.service.js';
import { SignUpService } from '../tenants/sign-up.service.js';
import { newShopView, settingsValues, settingsView } from './dashboard-views.js';
import { NewShopForm, ShopSettingsForm } from './dto/shop-forms.dto.js';
import { getStartedSteps, GetStartedService } from './get-started.js';
import { SettingsQuery } from './dto/dashboard-queries.dto.js';
import { t } from '../common/i18n.js';
import { VariantsService } from '../catalog/variants.service.js';
import { lowStockView } from '../catalog/variant-views.js';
import { Merchant, MerchantArea, type MerchantContext } from '../tenants/merchant-context.js';

/**
 * The merchant's dashboard shell. Its pages use views/layouts/dashboard.hbs (the navigation and
 * the suspension banner: view models set `layout: DASHBOARD_LAYOUT`); later features add their
 * pages under /dashboard/… with @MerchantArea() and take the shop from @Merchant().
 */
@Controller('dashboard')
export class DashboardController {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly tenants: TenantService,
    private readonly signUps: SignUpService,
    private readonly variants: VariantsService,
    private readonly salesReport: SalesReportService,
    private readonly getStarted: GetStartedService,
  ) {}

  @Get()
  @MerchantArea()
  async home(@Merchant() merchant: MerchantContext, @Res() res: Response) {
    const lang = res.locals.lang as string;
    const chart = await this.salesReport.last30Days(merchant.shop, lang);
    const publicUrl = shopOrigin(this.config, merchant.shop.slug);
    const payments = paymentsStatus(await this.tenants.getOwnedShop(merchant.user.id, merchant.shop.id));
    // The payments card must be fresh: no cached copy after "Set up payments" or a return.
    res.setHeader('Cache-Control', 'no-store');
    res.render('pages/dashboard/home', {
      title: t(lang, 'dashboard.home.title'),
      layout: DASHBOARD_LAYOUT,
      section: 'home',
      shop: { name: merchant.shop.name, publicUrl },
      payments: paymentsCard(lang, payments, merchant.shop),
      chart,
      checklist: getStartedSteps(
        lang,
        await this.getStarted.facts(merchant.shop, payments.chargesEnabled),
        publicUrl,
      ),
      lowStock: lowStockView(await this.variants.lowStock(merchant.shop)),
    });
  }

  @Get('settings')
  @MerchantArea()
  async settingsPage(
    @Merchant() merchant: MerchantContext,
    @Query() { saved }: SettingsQuery,
    @Res() res: Response,
  ) {
    const shop = await this.tenants.getOwnedShop(merchant.user.id, merchant.shop.id);
    res.render(
      'pages/dashboard/settings',
      settingsView(
        res.locals.lang as string,
        shop,
        settingsValues(shop),
        {},
        saved,
        shopOrigin(this.config, shop.slug),
      ),
    );
  }

  @Post('settings')
  @MerchantArea()
  async saveSettings(
    @Merchant() merchant: MerchantContext,
    @Body() form: ShopSettingsForm,
    @Res() res: Response,
  ) {
    onRefusal(res, {
      view: 'pages/dashboard/settings',
      model: async (refusal) => {
        const shop = await this.tenants.getOwnedShop(merchant.user.id, merchant.shop.id);
        return settingsView(
          res.locals.lang as string,
          shop,
          form,
          refusal.fields,
          false,
          shopOrigin(this.config, shop.slug),
        );
      },
    });
    await this.tenants.updateSettings(merchant.shop, form);
    res.redirect(303, '/dashboard/settings?saved=1');
  }

  /** For accounts without a shop (an admin made by the CLI, say): the shop part of sign-up. */
  @Get('shop/new')
  @Authenticated()
  async newShopPage(@Req() req: Request, @Res() res: Response) {
    if (await this.tenants.findOwnedShop(req.user!.id)) return res.redirect(303, '/dashboard');
    res.render(
      'pages/dashboard/new-shop',
      newShopView(res.locals.lang as string, { country: 'FR', currency: 'eur' }, {}),
    );
  }

  @Post('shop/new')
  @Authenticated()
  async createShop(@Req() req: Request, @Body() form: NewShopForm, @Res() res: Response) {
    if (await this.tenants.findOwnedShop(req.user!.id)) return res.redirect(303, '/dashboard');
    onRefusal(res, {
      view: 'pages/dashboard/new-shop',
      model: (refusal) => newShopView(res.locals.lang as string, form, refusal.fields),
    });
    await this.signUps.openShop(req.user!.id, form);
    res.redirect(303, '/dashboard');
  }
}
