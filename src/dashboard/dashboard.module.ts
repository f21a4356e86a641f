import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { SalesReportModule } from '../orders/sales-report.module.js';
import { TenantsModule } from '../tenants/tenants.module.js';
import { DashboardController } from './dashboard.controller.js';
import { GetStartedService } from './get-started.js';
import { MerchantShopGuard } from './merchant-context.js';

@Module({
  imports: [AuthModule, TenantsModule, SalesReportModule],
  controllers: [DashboardController],
  providers: [MerchantShopGuard, GetStartedService],
  exports: [MerchantShopGuard],
})
export class DashboardModule {}
