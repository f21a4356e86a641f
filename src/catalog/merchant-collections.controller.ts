import { Body, Controller, Get, Inject, Param, Post, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/app-config.js';
import { shopOrigin } from '../common/shop-url.js';
import { Merchant, MerchantArea, type MerchantContext } from '../tenants/merchant-context.js';
import { UuidParam } from '../web/validation.pipe.js';
import { onRefusal } from '../web/form-page.js';
import { CONFIRM_PAGE } from '../web/confirm-view.js';
import { CollectionsService } from './collections.service.js';
import {
  CollectionEditQuery,
  CollectionForm,
  CollectionListQuery,
  CollectionProductForm,
  ProductCollectionsForm,
} from './dto/collection-forms.dto.js';
import {
  collectionListView,
  collectionToInput,
  deleteCollectionView,
  editCollectionView,
  newCollectionView,
} from './collection-views.js';
import type { CollectionFormInput } from './collection-input.js';

/** The merchant's collections, under /dashboard/collections. The shop comes from the session only. */
@Controller('dashboard/collections')
@MerchantArea()
export class MerchantCollectionsController {
  constructor(
    private readonly collections: CollectionsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get()
  async list(@Merchant() m: MerchantContext, @Query() query: CollectionListQuery, @Res() res: Response) {
    const list = await this.collections.list(m.shop);
    res.render(
      'pages/dashboard/collections/list',
      collectionListView(lang(res), list, this.origin(m), query.done),
    );
  }

  @Get('new')
  newPage(@Res() res: Response) {
    res.render('pages/dashboard/collections/new', newCollectionView(lang(res), {}, {}));
  }

  @Post()
  async create(@Merchant() m: MerchantContext, @Body() form: CollectionForm, @Res() res: Response) {
    onRefusal(res, {
      view: 'pages/dashboard/collections/new',
      model: (refusal) => newCollectionView(lang(res), form, refusal.fields),
    });
    const collection = await this.collections.create(m.shop, form);
    res.redirect(303, `/dashboard/collections/${collection.id}?done=created`);
  }

  @Get(':id')
  async editPage(
    @Merchant() m: MerchantContext,
    @Param('id', UuidParam) id: string,
    @Query() query: CollectionEditQuery,
    @Res() res: Response,
  ) {
    const collection = await this.collections.get(m.shop, id);
    const search = query.q ?? '';
    res.render(
      'pages/dashboard/collections/edit',
      editCollectionView(lang(res), this.origin(m), collection, await this.collections.products(m.shop, id), {
        values: collectionToInput(collection),
        errors: {},
        done: query.done,
        search,
        candidates: await this.collections.candidates(m.shop, id, search),
      }),
    );
  }

  @Post(':id')
  async update(
    @Merchant() m: MerchantContext,
    @Param('id') id: string,
    @Body() form: CollectionForm,
    @Res() res: Response,
  ) {
    this.editPageOnRefusal(m, id, res, form);
    await this.collections.update(m.shop, id, form);
    res.redirect(303, `/dashboard/collections/${id}?done=saved`);
  }

  @Get(':id/delete')
  async deletePage(@Merchant() m: MerchantContext, @Param('id', UuidParam) id: string, @Res() res: Response) {
    const collection = await this.collections.get(m.shop, id);
    res.render(CONFIRM_PAGE, deleteCollectionView(lang(res), collection));
  }

  @Post(':id/delete')
  async delete(@Merchant() m: MerchantContext, @Param('id') id: string, @Res() res: Response) {
    await this.collections.delete(m.shop, id);
    res.redirect(303, '/dashboard/collections?done=deleted');
  }

  @Post(':id/products')
  async addProduct(
    @Merchant() m: MerchantContext,
    @Param('id') id: string,
    @Body() form: CollectionProductForm,
    @Res() res: Response,
  ) {
    await this.collections.addProduct(m.shop, id, form.productId ?? '');
    res.redirect(303, `/dashboard/collections/${id}?done=products`);
  }

  @Post(':id/products/:productId/up')
  async moveUp(
    @Merchant() m: MerchantContext,
    @Param('id') id: string,
    @Param('productId') productId: string,
    @Res() res: Response,
  ) {
    await this.collections.moveProduct(m.shop, id, productId, -1);
    res.redirect(303, `/dashboard/collections/${id}?done=products`);
  }

  @Post(':id/products/:productId/down')
  async moveDown(
    @Merchant() m: MerchantContext,
    @Param('id') id: string,
    @Param('productId') productId: string,
    @Res() res: Response,
  ) {
    await this.collections.moveProduct(m.shop, id, productId, 1);
    res.redirect(303, `/dashboard/collections/${id}?done=products`);
  }

  @Post(':id/products/:productId/remove')
  async remove(
    @Merchant() m: MerchantContext,
    @Param('id') id: string,
    @Param('productId') productId: string,
    @Res() res: Response,
  ) {
    await this.collections.removeProduct(m.shop, id, productId);
    res.redirect(303, `/dashboard/collections/${id}?done=products`);
  }

  private editPageOnRefusal(m: MerchantContext, id: string, res: Response, form: CollectionFormInput) {
    onRefusal(res, {
      view: 'pages/dashboard/collections/edit',
      model: async (refusal) => {
        const collection = await this.collections.get(m.shop, id);
        return editCollectionView(
          lang(res),
          this.origin(m),
          collection,
          await this.collections.products(m.shop, id),
          { values: form, errors: refusal.fields },
        );
      },
    });
  }

  private origin(m: MerchantContext): string {
    return shopOrigin(this.config, m.shop.slug);
  }
}

/**
 * The product page's collections fieldset (views/partials/collections/product-fieldset.hbs) posts
 * here: a route of its own, so the product form and its controller stay as they are.
 */
@Controller('dashboard/products')
@MerchantArea()
export class MerchantProductCollectionsController {
  constructor(private readonly collections: CollectionsService) {}

  @Post(':id/collections')
  async set(
    @Merchant() m: MerchantContext,
    @Param('id') id: string,
    @Body() form: ProductCollectionsForm,
    @Res() res: Response,
  ) {
    const ids = form.collectionIds === undefined ? [] : [form.collectionIds].flat();
    await this.collections.setProductCollections(m.shop, id, ids);
    res.redirect(303, `/dashboard/products/${id}?done=saved`);
  }
}

const lang = (res: Response) => res.locals.lang as string;
