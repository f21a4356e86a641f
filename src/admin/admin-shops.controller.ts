import { Body, Controller, Get, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { Role } from '../auth/guards.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/app-config.js';
import { shopOrigin } from '../common/shop-url.js';
import { CONFIRM_PAGE } from '../web/confirm-view.js';
import { onRefusal } from '../web/form-page.js';
import { UuidParam } from '../web/validation.pipe.js';
import { AdminShopsService } from './admin-shops.service.js';
import {
  feePlanConfirmView,
  resumeConfirmView,
  shopDetailView,
  shopListView,
  stripeFilter,
  suspendConfirmView,
  yesNo,
} from './admin-shops-views.js';
import { ADMIN_LAYOUT, renderAdmin, renderConfirm } from './admin-view.js';
import { FeePlanForm, ReasonForm, ShopDetailQuery, ShopListQuery } from './dto/admin-forms.dto.js';

@Controller('admin/shops')
@Role('admin')
export class AdminShopsController {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly shops: AdminShopsService,
  ) {}

  @Get()
  async list(@Req() req: Request, @Query() query: ShopListQuery, @Res() res: Response) {
    const result = await this.shops.search(req.user, {
      q: query.q,
      stripeStatus: stripeFilter(query),
      chargesEnabled: yesNo(query.charges),
      suspended: yesNo(query.suspended),
      page: query.page,
    });
    renderAdmin(res, 'shops', shopListView(res.locals.lang as string, result, query));
  }

  @Get(':shopId')
  async detail(
    @Req() req: Request,
    @Param('shopId', UuidParam) shopId: string,
    @Query() { done }: ShopDetailQuery,
    @Res() res: Response,
  ) {
    const detail = await this.shops.detail(req.user, shopId);
    renderAdmin(
      res,
      'shop',
      shopDetailView(res.locals.lang as string, detail, this.publicUrl(detail.shop.slug), { done }),
    );
  }

  @Post(':shopId/suspend')
  async suspend(
    @Req() req: Request,
    @Param('shopId') shopId: string,
    @Body() form: ReasonForm,
    @Res() res: Response,
  ) {
    const lang = res.locals.lang as string;
    const { shop } = await this.shops.detail(req.user, shopId);
    if (form.confirm !== 'yes') return renderConfirm(res, suspendConfirmView(lang, shop, form));
    onRefusal(res, {
      view: CONFIRM_PAGE,
      model: (refusal) => ({ layout: ADMIN_LAYOUT, ...suspendConfirmView(lang, shop, form, refusal.fields) }),
    });
    await this.shops.suspend(req.user, shop.id, form.reason);
    res.redirect(303, `/admin/shops/${shop.id}?done=suspended`);
  }

  @Post(':shopId/resume')
  async resume(
    @Req() req: Request,
    @Param('shopId') shopId: string,
    @Body() form: ReasonForm,
    @Res() res: Response,
  ) {
    const lang = res.locals.lang as string;
    const { shop } = await this.shops.detail(req.user, shopId);
    if (form.confirm !== 'yes') return renderConfirm(res, resumeConfirmView(lang, shop, form));
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
    const lang = res.locals.lang as string;
    const detail = await this.shops.detail(req.user, shopId);
    onRefusal(res, {
      view: 'pages/admin/shop',
      model: (refusal) => ({
        layout: ADMIN_LAYOUT,
        ...shopDetailView(lang, detail, this.publicUrl(detail.shop.slug), {
          feeForm: form,
          feeErrors: refusal.fields,
        }),
      }),
    });
    const next = this.shops.previewFeePlan(req.user, form);
    if (form.confirm !== 'yes') return renderConfirm(res, feePlanConfirmView(lang, detail, next, form));
    await this.shops.setFeePlan(req.user, detail.shop.id, form);
    res.redirect(303, `/admin/shops/${detail.shop.id}?done=fees`);
  }

  private publicUrl(slug: string): string {
    return shopOrigin(this.config, slug);
  }
}
