import { Body, Controller, Get, Inject, Param, Post, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/app-config.js';
import { shopOrigin } from '../common/shop-url.js';
import { onRefusal } from '../web/form-page.js';
import { ShopPagesService } from '../storefront/shop-pages.service.js';
import { Merchant, MerchantArea, type MerchantContext } from '../tenants/merchant-context.js';
import { ShopPageForm, ShopPageQuery } from './dto/shop-page-forms.dto.js';
import { shopPageEditView, shopPagesListView } from './shop-pages-views.js';

/** The merchant's legal pages: a list, and one Markdown form per page with a preview of what is saved. */
@Controller('dashboard/pages')
export class ShopPagesDashboardController {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly pages: ShopPagesService,
  ) {}

  @Get()
  @MerchantArea()
  async list(@Merchant() merchant: MerchantContext, @Res() res: Response) {
    const lang = res.locals.lang as string;
    res.render(
      'pages/dashboard/shop-pages',
      shopPagesListView(lang, await this.pages.all(merchant.shop), this.publicUrl(merchant)),
    );
  }

  @Get(':kind')
  @MerchantArea()
  async edit(
    @Merchant() merchant: MerchantContext,
    @Param('kind') kind: string,
    @Query() { saved }: ShopPageQuery,
    @Res() res: Response,
  ) {
    const page = await this.pages.page(merchant.shop, kind);
    res.setHeader('Cache-Control', 'no-store');
    res.render(
      'pages/dashboard/shop-page-edit',
      shopPageEditView(
        res.locals.lang as string,
        page.kind,
        { body: page.body },
        page,
        {},
        saved === '1',
        this.publicUrl(merchant),
      ),
    );
  }

  @Post(':kind')
  @MerchantArea()
  async save(
    @Merchant() merchant: MerchantContext,
    @Param('kind') kind: string,
    @Body() form: ShopPageForm,
    @Res() res: Response,
  ) {
    onRefusal(res, {
      view: 'pages/dashboard/shop-page-edit',
      model: async (refusal) => {
        const page = await this.pages.page(merchant.shop, kind);
        return shopPageEditView(
          res.locals.lang as string,
          page.kind,
          { body: form.body ?? '' },
          page,
          refusal.fields,
          false,
          this.publicUrl(merchant),
        );
      },
    });
    await this.pages.save(merchant.shop, kind, form.body);
    res.redirect(303, `/dashboard/pages/${kind}?saved=1`);
  }

  private publicUrl(merchant: MerchantContext): string {
    return shopOrigin(this.config, merchant.shop.slug);
  }
}
