import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { OrdersModule } from '../orders/orders.module.js';
import { TenantsModule } from '../tenants/tenants.module.js';
import { DashboardController } from './dashboard.controller.js';
import { GetStartedService } from './get-started.js';
import { StorefrontModule } from '../storefront/storefront.module.js';
import { ShopPagesDashboardController } from './shop-pages.controller.js';

@Module({
  imports: [AuthModule, TenantsModule, OrdersModule, StorefrontModule],
  controllers: [DashboardController, ShopPagesDashboardController],
  providers: [GetStartedService],
})
export class DashboardModule {}
