import { Module } from '@nestjs/common';
import { CatalogModule } from '../catalog/catalog.module.js';
import { CartService } from './cart.service.js';
import { ShopLanguageController } from './shop-language.controller.js';
import { StorefrontController } from './storefront.controller.js';

@Module({
  imports: [CatalogModule],
  controllers: [StorefrontController, ShopLanguageController],
  providers: [CartService],
})
export class StorefrontModule {}
