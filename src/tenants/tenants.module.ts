import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuthModule } from '../auth/auth.module.js';
import { Shop } from './entities/shop.entity.js';
import { SignUpController } from './sign-up.controller.js';
import { SignUpService } from './sign-up.service.js';
import { FeePlanService } from './fee-plan.service.js';
import { HostRouting } from './host-routing.js';
import { MerchantShopGuard } from './merchant-context.js';
import { ShopDirectory } from './shop-directory.js';
import { ShopStatsRegistry } from './shop-stats.js';
import { TenantService } from './tenant.service.js';

/** Shops: host routing, the merchant guard and context, fee plans, and sign-up's shop. */
@Module({
  imports: [TypeOrmModule.forFeature([Shop]), AuthModule],
  controllers: [SignUpController],
  providers: [
    TenantService,
    HostRouting,
    FeePlanService,
    ShopDirectory,
    ShopStatsRegistry,
    MerchantShopGuard,
    SignUpService,
  ],
  exports: [TenantService, HostRouting, FeePlanService, ShopDirectory, ShopStatsRegistry, MerchantShopGuard],
})
export class TenantsModule {}
