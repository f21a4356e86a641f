import { Controller, Get, Inject, Post, Query, Req, Res, UseInterceptors } from '@nestjs/common';
import type { Request, Response } from 'express';
import { message, ValidationFailed } from '../common/domain-error.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/app-config.js';
import { shopOrigin } from '../common/shop-url.js';
import { ShopImageUploadInterceptor } from '../catalog/image-upload.interceptor.js';
import type { ReceivedFile } from '../catalog/catalog.service.js';
import { ShopImagesService, type ShopImageKind } from '../catalog/shop-images.service.js';
import { brandCss } from '../storefront/storefront-views.js';
import { TenantService } from '../tenants/tenant.service.js';
import { Merchant, MerchantArea, type MerchantContext } from '../tenants/merchant-context.js';
import { onRefusal } from '../web/form-page.js';
import { settingsValues, settingsView } from './dashboard-views.js';
import { BrandPreviewQuery } from './dto/dashboard-queries.dto.js';

/**
 * The shop's logo and banner on the settings page (uploaded through the product pictures'
 * pipeline, catalog/shop-images.service.ts), and the brand colour's preview stylesheet. The shop
 * is the session's own: no shop id is ever read from the request.
 */
@Controller('dashboard/settings')
@MerchantArea()
export class BrandingController {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly images: ShopImagesService,
    private readonly tenants: TenantService,
  ) {}

  /** Multipart, received by ShopImageUploadInterceptor after the guards (CSRF in the action URL). */
  @Post('logo')
  @UseInterceptors(ShopImageUploadInterceptor)
  uploadLogo(@Merchant() m: MerchantContext, @Req() req: Request, @Res() res: Response) {
    return this.upload(m, 'logo', req, res);
  }

  @Post('banner')
  @UseInterceptors(ShopImageUploadInterceptor)
  uploadBanner(@Merchant() m: MerchantContext, @Req() req: Request, @Res() res: Response) {
    return this.upload(m, 'banner', req, res);
  }

  @Post('logo/remove')
  removeLogo(@Merchant() m: MerchantContext, @Res() res: Response) {
    return this.remove(m, 'logo', res);
  }

  @Post('banner/remove')
  removeBanner(@Merchant() m: MerchantContext, @Res() res: Response) {
    return this.remove(m, 'banner', res);
  }

  private async upload(m: MerchantContext, kind: ShopImageKind, req: Request, res: Response) {
    this.settingsOnRefusal(m, kind, res);
    if (req.uploadProblem === 'too_large') throw new ValidationFailed({ image: this.images.tooLarge() });
    if (req.uploadProblem === 'too_many')
      throw new ValidationFailed({ image: message('images.errors.missing') });
    if (req.uploadProblem) throw new ValidationFailed({ image: message('images.errors.incomplete') });
    const files: ReceivedFile[] = Array.isArray(req.files) ? req.files : [];
    await this.images.upload(m.shop, kind, files);
    res.redirect(303, `/dashboard/settings?saved=${kind}Saved`);
  }

  private async remove(m: MerchantContext, kind: ShopImageKind, res: Response) {
    await this.images.remove(m.shop, kind);
    res.redirect(303, `/dashboard/settings?saved=${kind}Removed`);
  }

  /**
   * The preview of a brand colour on the settings page: the storefront's own variables
   * (storefront-views.ts brandCss) scoped to `.brand-preview`. A stylesheet, as the CSP forbids
   * inline styles; it depends on the query alone, so it may be cached.
   */
  @Get('brand-preview.css')
  preview(@Query() { colour }: BrandPreviewQuery, @Res() res: Response) {
    res.type('text/css').setHeader('Cache-Control', 'private, max-age=86400');
    res.send(colour ? brandCss({ brandColour: `#${colour}` }, '.brand-preview') : '');
  }

  /** A refused upload shows the settings page again, the message under that upload's form. */
  private settingsOnRefusal(m: MerchantContext, kind: ShopImageKind, res: Response): void {
    onRefusal(res, {
      view: 'pages/dashboard/settings',
      model: async (refusal) => {
        const shop = await this.tenants.getOwnedShop(m.user.id, m.shop.id);
        const { image, ...others } = refusal.fields;
        return settingsView(
          res.locals.lang as string,
          shop,
          settingsValues(shop),
          { ...others, ...(image ? { [kind]: image } : {}) },
          false,
          shopOrigin(this.config, shop.slug),
        );
      },
    });
  }
}
