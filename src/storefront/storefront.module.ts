import { Module } from '@nestjs/common';
import { CatalogModule } from '../catalog/catalog.module.js';
import { TenantsModule } from '../tenants/tenants.module.js';
import { CartService } from './cart.service.js';
import { CartPage } from './cart-page.js';
import { ShopLanguageController } from './shop-language.controller.js';
import { ShopPagesController } from './shop-pages.controller.js';
import { ShopPagesService } from './shop-pages.service.js';
import { StorefrontController } from './storefront.controller.js';

@Module({
  imports: [CatalogModule, TenantsModule],
  controllers: [StorefrontController, ShopLanguageController, ShopPagesController],
  providers: [CartService, ShopPagesService, CartPage],
  exports: [ShopPagesService, CartPage],
})
export class StorefrontModule {}
