import { Module } from '@nestjs/common';
import { CatalogModule } from '../catalog/catalog.module.js';
import { CartService } from './cart.service.js';
import { StorefrontController } from './storefront.controller.js';

@Module({ imports: [CatalogModule], controllers: [StorefrontController], providers: [CartService] })
export class StorefrontModule {}
