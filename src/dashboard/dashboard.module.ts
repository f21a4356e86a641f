import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { OrdersModule } from '../orders/orders.module.js';
import { CatalogModule } from '../catalog/catalog.module.js';
import { TenantsModule } from '../tenants/tenants.module.js';
import { BrandingController } from './branding.controller.js';
import { DashboardController } from './dashboard.controller.js';
import { GetStartedService } from './get-started.js';
import { StorefrontModule } from '../storefront/storefront.module.js';
import { ShopPagesDashboardController } from './shop-pages.controller.js';
import { ShippingDashboardController } from './shipping.controller.js';

@Module({
  imports: [AuthModule, TenantsModule, OrdersModule, CatalogModule, StorefrontModule],
  controllers: [
    DashboardController,
    BrandingController,
    ShopPagesDashboardController,
    ShippingDashboardController,
  ],
  providers: [GetStartedService],
})
export class DashboardModule {}
