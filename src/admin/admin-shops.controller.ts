import { Body, Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { Role } from '../auth/guards.js';
import { ValidationFailed } from '../common/domain-error.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/app-config.js';
import { Inject } from '@nestjs/common';
import { formatFixedFees } from '../tenants/fee-plan.service.js';
import { shopOrigin } from '../common/shop-url.js';
import { STRIPE_STATUSES, stripeStatusOf, type StripeStatus } from '../tenants/stripe-status.js';
import { AdminShopsService } from './admin-shops.service.js';
import {
  confirmView,
  describeOverride,
  describePlan,
  moneyStat,
  pager,
  renderAdmin,
  stat,
  when,
} from './admin-view.js';
import { FeePlanForm, ReasonForm, ShopDetailQuery, ShopListQuery } from './dto/admin-forms.dto.js';
import { UuidParam } from '../web/validation.pipe.js';

const yesNo = (v: string | undefined) => (v === 'yes' ? true : v === 'no' ? false : undefined);
const NOTICES: Record<string, string> = {
  suspended: 'The shop is suspended: its storefront is unavailable.',
  resumed: 'The shop is open again.',
  fees: 'The fee plan is saved. It applies to orders made from now on.',
};

@Controller('admin/shops')
@Role('admin')
export class AdminShopsController {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly shops: AdminShopsService,
  ) {}

  @Get()
  async list(@Req() req: Request, @Query() query: ShopListQuery, @Res() res: Response) {
    const stripe = STRIPE_STATUSES.includes(query.stripe as StripeStatus)
      ? (query.stripe as StripeStatus)
      : undefined;
    const result = await this.shops.search(req.user, {
      q: query.q,
      stripeStatus: stripe,
      chargesEnabled: yesNo(query.charges),
      suspended: yesNo(query.suspended),
      page: query.page,
    });
    renderAdmin(res, 'shops', {
      title: 'Shops',
      filters: {
        q: query.q ?? '',
        stripe: stripe ?? '',
        charges: query.charges ?? '',
        suspended: query.suspended ?? '',
      },
      stripeStatuses: STRIPE_STATUSES.map((s) => ({ value: s, label: s.replace('_', ' ') })),
      shops: result.shops.map((s) => ({
        id: s.id,
        name: s.name,
        slug: s.slug,
        ownerEmail: s.owner?.email ?? '',
        stripeStatus: stripeStatusOf(s).replace('_', ' '),
        chargesEnabled: s.stripeChargesEnabled,
        suspended: s.suspendedAt !== null,
        createdAt: when(s.createdAt),
      })),
      pager: pager('/admin/shops', { ...query }, result.page, result.pageSize, result.total),
    });
  }

  @Get(':shopId')
  async detail(
    @Req() req: Request,
    @Param('shopId', UuidParam) shopId: string,
    @Query() { done }: ShopDetailQuery,
    @Res() res: Response,
  ) {
    renderAdmin(res, 'shop', await this.detailView(req, shopId, done));
  }

  @Post(':shopId/suspend')
  async suspend(
    @Req() req: Request,
    @Param('shopId') shopId: string,
    @Body() form: ReasonForm,
    @Res() res: Response,
  ) {
    const { shop } = await this.shops.detail(req.user, shopId);
    const view = (errors?: Record<string, string>) =>
      confirmView(
        {
          title: `Suspend ${shop.name}`,
          message: `${shop.slug}'s storefront will show "unavailable" and take no orders, and its owner sees the reason on their dashboard.`,
          action: `/admin/shops/${shop.id}/suspend`,
          button: 'Suspend the shop',
          danger: true,
          cancelHref: `/admin/shops/${shop.id}`,
          inputs: [
            {
              name: 'reason',
              label: 'Reason (shown to the merchant)',
              value: form.reason ?? '',
              multiline: true,
            },
          ],
        },
        errors,
      );
    if (form.confirm !== 'yes') return renderAdmin(res, 'confirm', view());
    try {
      await this.shops.suspend(req.user, shop.id, form.reason);
    } catch (err) {
      if (!(err instanceof ValidationFailed)) throw err;
      return renderAdmin(res, 'confirm', view(err.fields), 422);
    }
    res.redirect(303, `/admin/shops/${shop.id}?done=suspended`);
  }

  @Post(':shopId/resume')
  async resume(
    @Req() req: Request,
    @Param('shopId') shopId: string,
    @Body() form: ReasonForm,
    @Res() res: Response,
  ) {
    const { shop } = await this.shops.detail(req.user, shopId);
    if (form.confirm !== 'yes') {
      return renderAdmin(
        res,
        'confirm',
        confirmView({
          title: `Resume ${shop.name}`,
          message: `${shop.slug}'s storefront opens again and the dashboard banner disappears.`,
          action: `/admin/shops/${shop.id}/resume`,
          button: 'Resume the shop',
          cancelHref: `/admin/shops/${shop.id}`,
          summary: [{ label: 'Suspended because', value: shop.suspendedReason ?? '(not suspended)' }],
          inputs: [{ name: 'reason', label: 'Note (optional)', value: form.reason ?? '', multiline: true }],
        }),
      );
    }
    await this.shops.resume(req.user, shop.id, form.reason);
    res.redirect(303, `/admin/shops/${shop.id}?done=resumed`);
  }

  @Post(':shopId/fee-plan')
  async feePlan(
    @Req() req: Request,
    @Param('shopId') shopId: string,
    @Body() form: FeePlanForm,
    @Res() res: Response,
  ) {
    const detail = await this.shops.detail(req.user, shopId);
    const { shop } = detail;
    const inputs = [
      { name: 'bps', label: 'Percentage in basis points (blank = platform default)', value: form.bps ?? '' },
      {
        name: 'fixed',
        label: 'Fixed fee per currency, minor units (blank = platform default)',
        value: form.fixed ?? '',
        hint: 'e.g. eur:25, usd:30',
      },
    ];
    let next;
    try {
      next = this.shops.previewFeePlan(req.user, form);
    } catch (err) {
      if (!(err instanceof ValidationFailed)) throw err;
      return renderAdmin(
        res,
        'shop',
        {
          ...(await this.detailView(req, shopId)),
          feeForm: { bps: form.bps ?? '', fixed: form.fixed ?? '' },
          feeErrors: err.fields,
        },
        422,
      );
    }
    if (form.confirm !== 'yes') {
      return renderAdmin(
        res,
        'confirm',
        confirmView({
          title: `Change the fee plan of ${shop.name}`,
          message: 'The new plan applies to orders made from now on; existing orders keep their fee.',
          action: `/admin/shops/${shop.id}/fee-plan`,
          button: 'Save the fee plan',
          cancelHref: `/admin/shops/${shop.id}`,
          summary: [
            { label: 'Override now', value: describeOverride(shop.feeBps, shop.feeFixed) },
            { label: 'Override after', value: describeOverride(next.feeBps, next.feeFixed) },
            { label: 'Effective now', value: describePlan(detail.effectivePlan) },
          ],
          inputs,
        }),
      );
    }
    await this.shops.setFeePlan(req.user, shop.id, form);
    res.redirect(303, `/admin/shops/${shop.id}?done=fees`);
  }

  private async detailView(req: Request, shopId: string, done?: string) {
    const { shop, effectivePlan, platformPlan, stats } = await this.shops.detail(req.user, shopId);
    const requirements = shop.stripeRequirements;
    return {
      title: shop.name,
      notice: done ? NOTICES[done] : undefined,
      shop: {
        id: shop.id,
        name: shop.name,
        slug: shop.slug,
        publicUrl: shopOrigin(this.config, shop.slug),
        currency: shop.currency.toUpperCase(),
        country: shop.country,
        createdAt: when(shop.createdAt),
        ownerEmail: shop.owner?.email ?? '',
        ownerId: shop.ownerUserId,
        suspended: shop.suspendedAt !== null,
        suspendedAt: when(shop.suspendedAt),
        suspendedReason: shop.suspendedReason,
      },
      stripe: {
        accountId: shop.stripeAccountId,
        status: stripeStatusOf(shop).replace('_', ' '),
        detailsSubmitted: shop.stripeDetailsSubmitted,
        chargesEnabled: shop.stripeChargesEnabled,
        payoutsEnabled: shop.stripePayoutsEnabled,
        syncedAt: when(shop.stripeSyncedAt),
        disconnectedAt: when(shop.stripeDisconnectedAt),
        currentlyDue: requirements?.currently_due ?? [],
        pastDue: requirements?.past_due ?? [],
        disabledReason: requirements?.disabled_reason ?? null,
      },
      stats: {
        products: stat(stats.products),
        orders: stat(stats.orders),
        sales: moneyStat(stats.sales),
        fees: moneyStat(stats.fees),
      },
      fees: {
        effective: describePlan(effectivePlan),
        platform: describePlan(platformPlan),
        override: describeOverride(shop.feeBps, shop.feeFixed),
        hasOverride: shop.feeBps !== null || shop.feeFixed !== null,
      },
      feeForm: {
        bps: shop.feeBps === null ? '' : String(shop.feeBps),
        fixed: formatFixedFees(shop.feeFixed),
      },
      feeErrors: {},
    };
  }
}
