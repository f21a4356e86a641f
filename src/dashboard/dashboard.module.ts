import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { OrdersModule } from '../orders/orders.module.js';
import { CatalogModule } from '../catalog/catalog.module.js';
import { TenantsModule } from '../tenants/tenants.module.js';
import { DashboardController } from './dashboard.controller.js';
import { GetStartedService } from './get-started.js';

@Module({
  imports: [AuthModule, TenantsModule, OrdersModule, CatalogModule],
  controllers: [DashboardController],
  providers: [GetStartedService],
})
export class DashboardModule {}
