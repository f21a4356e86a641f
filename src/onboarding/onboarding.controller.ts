import { Controller, Get, Post, Res } from '@nestjs/common';
import { DASHBOARD_LAYOUT } from '../web/views.js';
import type { Response } from 'express';
import { Merchant, MerchantArea, type MerchantContext } from '../tenants/merchant-context.js';
import { OnboardingService } from './onboarding.service.js';
import { paymentsCard } from './payments-card.js';
import { t } from '../common/i18n.js';

/**
 * The merchant's side of Connect onboarding, all on the platform host behind @MerchantArea():
 * the shop is the session user's, never one named in the URL. Every answer is `no-store`: the
 * redirects carry single-use Stripe links, and the pages show a status that must be fresh.
 */
@Controller('dashboard/payments')
@MerchantArea()
export class OnboardingController {
  constructor(private readonly onboarding: OnboardingService) {}

  @Get()
  async page(@Merchant() m: MerchantContext, @Res() res: Response) {
    const status = await this.onboarding.currentStatus(m.shop, m.user);
    res.setHeader('Cache-Control', 'no-store');
    res.render('pages/dashboard/payments', {
      title: t(res.locals.lang as string, 'onboarding.page.title'),
      layout: DASHBOARD_LAYOUT,
      section: 'payments',
      shop: { name: m.shop.name },
      payments: paymentsCard(res.locals.lang as string, status, m.shop),
    });
  }

  @Post('setup')
  async setup(@Merchant() m: MerchantContext, @Res() res: Response) {
    redirectToStripe(res, await this.onboarding.startOnboarding(m.shop, m.user));
  }

  /** Stripe's refresh_url: the link was used or expired. */
  @Get('refresh')
  async refresh(@Merchant() m: MerchantContext, @Res() res: Response) {
    redirectToStripe(res, await this.onboarding.refreshLink(m.shop, m.user));
  }

  /** Stripe's return_url: the merchant left Stripe's pages, finished or not. */
  @Get('return')
  async returned(@Merchant() m: MerchantContext, @Res() res: Response) {
    const status = await this.onboarding.syncFromStripe(m.shop, m.user);
    res.setHeader('Cache-Control', 'no-store');
    res.render('pages/dashboard/payments', {
      title: t(res.locals.lang as string, 'onboarding.page.title'),
      layout: DASHBOARD_LAYOUT,
      section: 'payments',
      shop: { name: m.shop.name },
      returned: true,
      payments: paymentsCard(res.locals.lang as string, status, m.shop),
    });
  }

  @Post('stripe-dashboard')
  async stripeDashboard(@Merchant() m: MerchantContext, @Res() res: Response) {
    redirectToStripe(res, await this.onboarding.dashboardUrl(m.shop, m.user));
  }
}

/** The only place a Stripe link leaves the server: a 303 that nothing may cache. */
function redirectToStripe(res: Response, url: string): void {
  res.setHeader('Cache-Control', 'no-store');
  res.redirect(303, url);
}
