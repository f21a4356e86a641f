import { Body, Controller, Get, Inject, Param, Post, Query, Req, Res, UseInterceptors } from '@nestjs/common';
import type { Request, Response } from 'express';
import { message, ValidationFailed } from '../common/domain-error.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/app-config.js';
import { Merchant, MerchantArea, type MerchantContext } from '../tenants/merchant-context.js';
import { shopOrigin } from '../common/shop-url.js';
import { CatalogService, MAX_IMAGES_PER_PRODUCT, type ReceivedFile } from './catalog.service.js';
import { CollectionsService } from './collections.service.js';
import { ImageAltForm, ProductForm } from './dto/product-forms.dto.js';
import { ImageUploadInterceptor } from './image-upload.interceptor.js';
import { ProductEditQuery, ProductListQuery } from './dto/product-queries.dto.js';
import { UuidParam } from '../web/validation.pipe.js';
import { CONFIRM_PAGE } from '../web/confirm-view.js';
import { onRefusal } from '../web/form-page.js';
import { productToInput, type ProductFormInput } from './product-input.js';
import {
  archiveProductView,
  editProductView,
  newProductView,
  productListView,
  productNotice,
  type ProductFormContext,
} from './product-views.js';

/** The files ImageUploadInterceptor received, in the order the form sent them. */
function uploadsOf(req: Request): ReceivedFile[] {
  return Array.isArray(req.files) ? req.files : [];
}

/** The merchant's products, under /dashboard/products. The shop comes from the session only. */
@Controller('dashboard/products')
@MerchantArea()
export class MerchantProductsController {
  constructor(
    private readonly catalog: CatalogService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly collections: CollectionsService,
  ) {}

  @Get()
  async list(@Merchant() m: MerchantContext, @Query() query: ProductListQuery, @Res() res: Response) {
    const search = query.q ?? '';
    const result = await this.catalog.list(m.shop, { page: query.page ?? 1, search });
    res.render('pages/dashboard/products/list', productListView(res.locals.lang as string, result, search));
  }

  @Get('new')
  newPage(@Merchant() m: MerchantContext, @Res() res: Response) {
    res.render(
      'pages/dashboard/products/new',
      newProductView(this.formContext(m, res), { sortOrder: '0' }, {}),
    );
  }

  /** The new-product form, with its images (multipart, see ImageUploadInterceptor) and "publish". */
  @Post()
  @UseInterceptors(ImageUploadInterceptor)
  async create(
    @Merchant() m: MerchantContext,
    @Body() form: ProductForm,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    onRefusal(res, {
      view: 'pages/dashboard/products/new',
      model: (refusal) => newProductView(this.formContext(m, res), form, refusal.fields),
    });
    this.refuseUploadProblem(req);
    const publish = form.publish === '1';
    const product = await this.catalog.createWithImages(m.shop, form, uploadsOf(req), publish);
    res.redirect(303, `/dashboard/products/${product.id}?${publish ? 'done=published' : 'created=1'}`);
  }

  @Get(':id')
  async editPage(
    @Merchant() m: MerchantContext,
    @Param('id', UuidParam) id: string,
    @Query() { done, created }: ProductEditQuery,
    @Res() res: Response,
  ) {
    const found = await this.catalog.get(m.shop, id);
    const values = productToInput(found.product, m.shop.currency);
    res.render('pages/dashboard/products/edit', {
      ...editProductView(
        this.formContext(m, res),
        found,
        values,
        {},
        productNotice(res.locals.lang as string, done, Boolean(created)),
      ),
      // The collections fieldset (views/partials/collections/product-fieldset.hbs).
      productCollections: await this.collections.membership(m.shop, found.product.id),
    });
  }

  @Post(':id')
  async update(
    @Merchant() m: MerchantContext,
    @Param('id') id: string,
    @Body() form: ProductForm,
    @Res() res: Response,
  ) {
    this.editPageOnRefusal(m, id, res, form);
    await this.catalog.update(m.shop, id, form);
    res.redirect(303, `/dashboard/products/${id}?done=saved`);
  }

  @Post(':id/publish')
  async publish(@Merchant() m: MerchantContext, @Param('id') id: string, @Res() res: Response) {
    this.editPageOnRefusal(m, id, res);
    await this.catalog.setPublished(m.shop, id, true);
    res.redirect(303, `/dashboard/products/${id}?done=published`);
  }

  @Post(':id/unpublish')
  async unpublish(@Merchant() m: MerchantContext, @Param('id') id: string, @Res() res: Response) {
    await this.catalog.setPublished(m.shop, id, false);
    res.redirect(303, `/dashboard/products/${id}?done=unpublished`);
  }

  @Get(':id/archive')
  async archivePage(
    @Merchant() m: MerchantContext,
    @Param('id', UuidParam) id: string,
    @Res() res: Response,
  ) {
    const { product } = await this.catalog.get(m.shop, id);
    res.render(CONFIRM_PAGE, archiveProductView(res.locals.lang as string, product));
  }

  @Post(':id/archive')
  async archive(@Merchant() m: MerchantContext, @Param('id') id: string, @Res() res: Response) {
    await this.catalog.archive(m.shop, id);
    res.redirect(303, `/dashboard/products/${id}?done=archived`);
  }

  /** Multipart, received by ImageUploadInterceptor after the guards (see there). */
  @Post(':id/images')
  @UseInterceptors(ImageUploadInterceptor)
  async uploadImage(
    @Merchant() m: MerchantContext,
    @Param('id') id: string,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    this.editPageOnRefusal(m, id, res);
    this.refuseUploadProblem(req);
    await this.catalog.addImages(m.shop, id, uploadsOf(req));
    res.redirect(303, `/dashboard/products/${id}?done=image`);
  }

  @Post(':id/images/:imageId/alt')
  async setImageAlt(
    @Merchant() m: MerchantContext,
    @Param('id') id: string,
    @Param('imageId') imageId: string,
    @Body() form: ImageAltForm,
    @Res() res: Response,
  ) {
    this.editPageOnRefusal(m, id, res);
    await this.catalog.setImageAlt(m.shop, id, imageId, form.alt ?? '');
    res.redirect(303, `/dashboard/products/${id}?done=image`);
  }

  @Post(':id/images/:imageId/up')
  async moveImageUp(
    @Merchant() m: MerchantContext,
    @Param('id') id: string,
    @Param('imageId') imageId: string,
    @Res() res: Response,
  ) {
    await this.catalog.moveImage(m.shop, id, imageId, -1);
    res.redirect(303, `/dashboard/products/${id}?done=image`);
  }

  @Post(':id/images/:imageId/down')
  async moveImageDown(
    @Merchant() m: MerchantContext,
    @Param('id') id: string,
    @Param('imageId') imageId: string,
    @Res() res: Response,
  ) {
    await this.catalog.moveImage(m.shop, id, imageId, 1);
    res.redirect(303, `/dashboard/products/${id}?done=image`);
  }

  @Post(':id/images/:imageId/main')
  async makeMain(
    @Merchant() m: MerchantContext,
    @Param('id') id: string,
    @Param('imageId') imageId: string,
    @Res() res: Response,
  ) {
    await this.catalog.makeMainImage(m.shop, id, imageId);
    res.redirect(303, `/dashboard/products/${id}?done=image`);
  }

  @Post(':id/images/:imageId/delete')
  async removeImage(
    @Merchant() m: MerchantContext,
    @Param('id') id: string,
    @Param('imageId') imageId: string,
    @Res() res: Response,
  ) {
    this.editPageOnRefusal(m, id, res);
    await this.catalog.removeImage(m.shop, id, imageId);
    res.redirect(303, `/dashboard/products/${id}?done=image-removed`);
  }

  /** An upload the interceptor could not receive whole is refused with the form shown again. */
  private refuseUploadProblem(req: Request): void {
    if (req.uploadProblem === 'too_large') throw new ValidationFailed({ image: this.catalog.tooLarge() });
    if (req.uploadProblem === 'too_many')
      throw new ValidationFailed({
        image: message('images.errors.tooMany', { count: MAX_IMAGES_PER_PRODUCT }),
      });
    if (req.uploadProblem) throw new ValidationFailed({ image: message('images.errors.incomplete') });
  }

  /** A refused change shows the edit page again (422), with the typed input kept if any. */
  private editPageOnRefusal(m: MerchantContext, id: string, res: Response, form?: ProductFormInput): void {
    onRefusal(res, {
      view: 'pages/dashboard/products/edit',
      model: async (refusal) => {
        const found = await this.catalog.get(m.shop, id);
        const values = form ?? productToInput(found.product, m.shop.currency);
        return {
          ...editProductView(this.formContext(m, res), found, values, refusal.fields),
          // The collections fieldset shows after a refusal too.
          productCollections: await this.collections.membership(m.shop, found.product.id),
        };
      },
    });
  }

  private formContext(m: MerchantContext, res: Response): ProductFormContext {
    return {
      lang: res.locals.lang as string,
      currency: m.shop.currency,
      maxUploadBytes: this.config.uploads.maxBytes,
      shopOrigin: shopOrigin(this.config, m.shop.slug),
    };
  }
}
