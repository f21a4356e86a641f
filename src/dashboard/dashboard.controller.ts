import { Body, Controller, Get, Inject, Post, Query, Req, Res } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Request, Response } from 'express';
import type { DataSource } from 'typeorm';
import { Authenticated } from '../auth/guards.js';
import { onRefusal } from '../web/form-page.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/app-config.js';
import { paymentsStatus } from '../onboarding/account-status.js';
import { paymentsCard } from '../onboarding/payments-card.js';
import { COUNTRIES, CURRENCIES } from '../tenants/markets.js';
import { parseCountryList, shippingCountriesProblem } from '../tenants/shop-input.js';
import { shopOrigin } from '../common/shop-url.js';
import { SalesReportService } from '../orders/sales-report.service.js';
import { TenantService } from '../tenants/tenant.service.js';
import type { Shop } from '../tenants/entities/shop.entity.js';
import { NewShopForm, ShopSettingsForm } from './dto/shop-forms.dto.js';
import { getStartedSteps, GetStartedService } from './get-started.js';
import { SettingsQuery } from './dto/dashboard-queries.dto.js';
import { Merchant, MerchantArea, type MerchantContext } from '../tenants/merchant-context.js';

/**
 * The merchant's dashboard shell. The navigation (Payments, Products, Orders, Settings) is in
 * views/partials/dashboard-nav.hbs; later features add their pages under /dashboard/… with
 * @MerchantArea() and take the shop from @Merchant().
 */
@Controller('dashboard')
export class DashboardController {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly tenants: TenantService,
    private readonly salesReport: SalesReportService,
    private readonly getStarted: GetStartedService,
  ) {}

  @Get()
  @MerchantArea()
  async home(@Merchant() merchant: MerchantContext, @Res() res: Response) {
    const chart = await this.salesReport.last30Days(merchant.shop);
    const publicUrl = shopOrigin(this.config, merchant.shop.slug);
    const payments = paymentsStatus(await this.tenants.getOwnedShop(merchant.user.id, merchant.shop.id));
    // The payments card must be fresh: no cached copy after "Set up payments" or a return.
    res.setHeader('Cache-Control', 'no-store');
    res.render('pages/dashboard/home', {
      title: 'Dashboard',
      section: 'home',
      shop: { name: merchant.shop.name, publicUrl },
      payments: paymentsCard(payments, merchant.shop),
      chart,
      checklist: getStartedSteps(
        await this.getStarted.facts(merchant.shop, payments.chargesEnabled),
        publicUrl,
      ),
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
    // A list saved before Stripe's codes were checked (UK, EU…) is flagged now, not at the next
    // save only: checkout leaves those countries out until the merchant fixes them.
    const problem = shippingCountriesProblem(parseCountryList(shop.shippingCountries.join(' ')));
    res.render(
      'pages/dashboard/settings',
      settingsView(
        shop,
        settingsValues(shop),
        problem ? { shippingCountries: problem } : {},
        saved === '1',
        this.config,
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
      model: async (refusal) =>
        settingsView(
          await this.tenants.getOwnedShop(merchant.user.id, merchant.shop.id),
          form,
          refusal.fields,
          false,
          this.config,
        ),
    });
    await this.tenants.updateSettings(merchant.shop, form);
    res.redirect(303, '/dashboard/settings?saved=1');
  }

  /** For accounts without a shop (an admin made by the CLI, say): the shop part of sign-up. */
  @Get('shop/new')
  @Authenticated()
  async newShopPage(@Req() req: Request, @Res() res: Response) {
    if (await this.tenants.findOwnedShop(req.user!.id)) return res.redirect(303, '/dashboard');
    res.render('pages/dashboard/new-shop', newShopView({ country: 'FR', currency: 'eur' }, {}));
  }

  @Post('shop/new')
  @Authenticated()
  async createShop(@Req() req: Request, @Body() form: NewShopForm, @Res() res: Response) {
    if (await this.tenants.findOwnedShop(req.user!.id)) return res.redirect(303, '/dashboard');
    onRefusal(res, {
      view: 'pages/dashboard/new-shop',
      model: (refusal) => newShopView(form, refusal.fields),
    });
    await this.dataSource.transaction((manager) =>
      this.tenants.createShop(manager, req.user!.id, { ...form, name: form.shopName }),
    );
    res.redirect(303, '/dashboard');
  }
}

function settingsValues(shop: Shop): ShopSettingsForm {
  return {
    name: shop.name,
    description: shop.description,
    brandColour: shop.brandColour ?? '',
    logoPath: shop.logoPath ?? '',
    contactEmail: shop.contactEmail ?? '',
    statementDescriptorSuffix: shop.statementDescriptorSuffix ?? '',
    shipsPhysicalGoods: shop.shipsPhysicalGoods ? 'on' : undefined,
    shippingCountries: shop.shippingCountries.join(', '),
  };
}

function settingsView(
  shop: Shop,
  values: ShopSettingsForm,
  errors: Record<string, string>,
  saved: boolean,
  config: AppConfig,
) {
  return {
    title: 'Shop settings',
    section: 'settings',
    shop: {
      name: shop.name,
      slug: shop.slug,
      publicUrl: shopOrigin(config, shop.slug),
      currency: shop.currency.toUpperCase(),
      country: shop.country,
    },
    values,
    errors,
    saved,
  };
}

function newShopView(values: NewShopForm, errors: Record<string, string>) {
  return {
    title: 'Create your shop',
    values,
    errors,
    countries: COUNTRIES.map((c) => ({ ...c, selected: c.code === values.country })),
    currencies: CURRENCIES.map((c) => ({ ...c, selected: c.code === values.currency })),
  };
}
