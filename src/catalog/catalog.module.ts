import { Module } from '@nestjs/common';
import { TenantsModule } from '../tenants/tenants.module.js';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { CatalogSyncService } from './catalog-sync.service.js';
import { CatalogStripeEvents } from './catalog.stripe-events.js';
import { CatalogShopStats } from './catalog-shop-stats.js';
import { CatalogService } from './catalog.service.js';
import { FILE_STORAGE, LocalFileStorage } from './file-storage.js';
import { S3FileStorage } from './s3-file-storage.js';
import { ImageUploadInterceptor, ShopImageUploadInterceptor } from './image-upload.interceptor.js';
import { ShopImagesService } from './shop-images.service.js';
import { ImageBackfill } from './image-backfill.service.js';
import { MerchantProductsController } from './merchant-products.controller.js';
import { StorefrontCatalogService } from './storefront-catalog.service.js';
import { CollectionsService } from './collections.service.js';
import { StorefrontCollectionsCache } from './storefront-collections-cache.js';
import {
  MerchantCollectionsController,
  MerchantProductCollectionsController,
} from './merchant-collections.controller.js';
import { MerchantVariantsController } from './merchant-variants.controller.js';
import { VariantsService } from './variants.service.js';

/**
 * Products: merchant CRUD (/dashboard/products), collections (/dashboard/collections), their Stripe Product/Price on the shop's
 * connected account (the `catalog-sync` job), and the storefront's lean read side (exported).
 */
@Module({
  imports: [TenantsModule],
  controllers: [
    MerchantProductsController,
    MerchantCollectionsController,
    MerchantProductCollectionsController,
    MerchantVariantsController,
  ],
  providers: [
    CatalogService,
    CatalogShopStats,
    CatalogSyncService,
    CatalogStripeEvents,
    StorefrontCatalogService,
    CollectionsService,
    StorefrontCollectionsCache,
    VariantsService,
    ImageUploadInterceptor,
    ShopImageUploadInterceptor,
    ShopImagesService,
    ImageBackfill,
    {
      provide: FILE_STORAGE,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) =>
        config.uploads.storage === 's3'
          ? new S3FileStorage(config.uploads.s3!)
          : new LocalFileStorage(config.uploads.dir),
    },
  ],
  exports: [
    CatalogService,
    StorefrontCatalogService,
    StorefrontCollectionsCache,
    VariantsService,
    ShopImagesService,
    ShopImageUploadInterceptor,
    FILE_STORAGE,
  ],
})
export class CatalogModule {}
