import { countOf } from '../web/plural.js';
import { Body, Controller, Get, Inject, Param, Post, Query, Req, Res, UseInterceptors } from '@nestjs/common';
import type { Request, Response } from 'express';
import { ValidationFailed } from '../common/domain-error.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/app-config.js';
import { Merchant, MerchantArea, type MerchantContext } from '../tenants/merchant-context.js';
import { shopOrigin } from '../common/shop-url.js';
import { CatalogService, type ProductWithImages } from './catalog.service.js';
import { ProductForm } from './dto/product-forms.dto.js';
import { ImageUploadInterceptor } from './image-upload.interceptor.js';
import { ProductEditQuery, ProductListQuery } from './dto/product-queries.dto.js';
import { UuidParam } from '../web/validation.pipe.js';
import type { ProductSyncState } from './entities/product.entity.js';
import { moneyInputExample } from '../common/money-input.js';
import { productToInput, type ProductFormInput } from './product-input.js';

const SYNC_LABELS: Record<ProductSyncState, string> = {
  pending: 'Syncing with Stripe…',
  synced: 'On Stripe',
  failed: 'Stripe sync failed (retrying)',
  waiting_for_account: 'Waiting for payments setup',
};

/** The merchant's products, under /dashboard/products. The shop comes from the session only. */
@Controller('dashboard/products')
@MerchantArea()
export class MerchantProductsController {
  constructor(
    private readonly catalog: CatalogService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get()
  async list(@Merchant() m: MerchantContext, @Query() query: ProductListQuery, @Res() res: Response) {
    const search = query.q ?? '';
    const result = await this.catalog.list(m.shop, { page: query.page ?? 1, search });
    const link = (p: number) =>
      `/dashboard/products?page=${p}${search ? `&q=${encodeURIComponent(search)}` : ''}`;
    res.render('pages/dashboard/products/list', {
      title: 'Products',
      section: 'products',
      search,
      totalText: countOf(result.total, 'product'),
      page: result.page,
      pages: result.pages,
      prevHref: result.page > 1 ? link(result.page - 1) : null,
      nextHref: result.page < result.pages ? link(result.page + 1) : null,
      products: result.items.map(({ product, mainImagePath }) => ({
        id: product.id,
        name: product.name,
        priceAmount: product.priceAmount,
        currency: product.currency,
        stockLabel: product.stock === null ? 'Unlimited' : String(product.stock),
        sortOrder: product.sortOrder,
        archived: product.archivedAt !== null,
        published: product.published,
        syncState: product.syncState,
        syncLabel: SYNC_LABELS[product.syncState],
        syncError: product.syncError,
        imageUrl: mainImagePath ? `/uploads/${mainImagePath}` : null,
      })),
    });
  }

  @Get('new')
  newPage(@Merchant() m: MerchantContext, @Res() res: Response) {
    res.render('pages/dashboard/products/new', this.formView(m, { sortOrder: '0' }, {}));
  }

  @Post()
  async create(@Merchant() m: MerchantContext, @Body() form: ProductForm, @Res() res: Response) {
    try {
      const product = await this.catalog.create(m.shop, form);
      res.redirect(303, `/dashboard/products/${product.id}?created=1`);
    } catch (err) {
      if (!(err instanceof ValidationFailed)) throw err;
      res.status(422).render('pages/dashboard/products/new', this.formView(m, form, err.fields));
    }
  }

  @Get(':id')
  async editPage(
    @Merchant() m: MerchantContext,
    @Param('id', UuidParam) id: string,
    @Query() { done, created }: ProductEditQuery,
    @Res() res: Response,
  ) {
    const found = await this.catalog.get(m.shop, id);
    const notice = created ? 'Product created. Add an image, then publish it.' : noticeFor(done);
    res.render(
      'pages/dashboard/products/edit',
      this.editView(m, found, productToInput(found.product, m.shop.currency), {}, notice),
    );
  }

  @Post(':id')
  async update(
    @Merchant() m: MerchantContext,
    @Param('id') id: string,
    @Body() form: ProductForm,
    @Res() res: Response,
  ) {
    await this.orRerender(m, id, res, form, async () => {
      await this.catalog.update(m.shop, id, form);
      res.redirect(303, `/dashboard/products/${id}?done=saved`);
    });
  }

  @Post(':id/publish')
  async publish(@Merchant() m: MerchantContext, @Param('id') id: string, @Res() res: Response) {
    await this.orRerender(m, id, res, undefined, async () => {
      await this.catalog.setPublished(m.shop, id, true);
      res.redirect(303, `/dashboard/products/${id}?done=published`);
    });
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
    res.render('pages/dashboard/products/archive', {
      title: `Archive ${product.name}`,
      section: 'products',
      product: { id: product.id, name: product.name, archived: product.archivedAt !== null },
    });
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
    await this.orRerender(m, id, res, undefined, async () => {
      if (req.uploadProblem === 'too_large') throw new ValidationFailed({ image: this.catalog.tooLarge() });
      if (req.uploadProblem)
        throw new ValidationFailed({ image: 'The upload did not arrive whole. Please try again.' });
      await this.catalog.addImage(m.shop, id, req.file);
      res.redirect(303, `/dashboard/products/${id}?done=image`);
    });
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
    await this.orRerender(m, id, res, undefined, async () => {
      await this.catalog.removeImage(m.shop, id, imageId);
      res.redirect(303, `/dashboard/products/${id}?done=image-removed`);
    });
  }

  /** Runs `action`; a ValidationFailed re-renders the edit page (422) with the typed input kept. */
  private async orRerender(
    m: MerchantContext,
    id: string,
    res: Response,
    form: ProductFormInput | undefined,
    action: () => Promise<void>,
  ): Promise<void> {
    try {
      await action();
    } catch (err) {
      if (!(err instanceof ValidationFailed)) throw err;
      const found = await this.catalog.get(m.shop, id);
      const values = form ?? productToInput(found.product, m.shop.currency);
      res.status(422).render('pages/dashboard/products/edit', this.editView(m, found, values, err.fields));
    }
  }

  private formView(m: MerchantContext, values: ProductFormInput, errors: Record<string, string>) {
    return {
      title: 'New product',
      section: 'products',
      values,
      errors,
      priceLabel: `Price (${m.shop.currency.toUpperCase()})`,
      priceHint: `For example ${moneyInputExample(m.shop.currency)}.`,
      maxUploadMb: Math.round((this.config.uploads.maxBytes / (1024 * 1024)) * 10) / 10,
    };
  }

  private editView(
    m: MerchantContext,
    { product, images }: ProductWithImages,
    values: ProductFormInput,
    errors: Record<string, string>,
    notice?: string,
  ) {
    return {
      ...this.formView(m, values, errors),
      title: product.name,
      notice,
      product: {
        id: product.id,
        name: product.name,
        published: product.published,
        archived: product.archivedAt !== null,
        syncLabel: SYNC_LABELS[product.syncState],
        syncError: product.syncError,
        publicUrl: product.published
          ? `${shopOrigin(this.config, m.shop.slug)}/products/${product.id}`
          : null,
      },
      images: images.map((i, index) => ({ id: i.id, url: `/uploads/${i.path}`, main: index === 0 })),
    };
  }
}

function noticeFor(done: string | undefined): string | undefined {
  const notices: Record<string, string> = {
    saved: 'Changes saved.',
    published: 'Published: shoppers can see it now.',
    unpublished: 'Unpublished: hidden from your shop.',
    archived: 'Archived.',
    image: 'Images updated.',
    'image-removed': 'Image removed.',
  };
  return done ? notices[done] : undefined;
}
