import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Shop } from './entities/shop.entity.js';
import { FeePlanService } from './fee-plan.service.js';
import { HostRouting } from './host-routing.js';
import { ShopDirectory } from './shop-directory.js';
import { ShopStatsRegistry } from './shop-stats.js';
import { TenantService } from './tenant.service.js';

@Module({
  imports: [TypeOrmModule.forFeature([Shop])],
  providers: [TenantService, HostRouting, FeePlanService, ShopDirectory, ShopStatsRegistry],
  exports: [TenantService, HostRouting, FeePlanService, ShopDirectory, ShopStatsRegistry],
})
export class TenantsModule {}
