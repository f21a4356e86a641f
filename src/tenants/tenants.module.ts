import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuthModule } from '../auth/auth.module.js';
import { Shop } from './entities/shop.entity.js';
import { SignUpController } from './sign-up.controller.js';
import { SignUpService } from './sign-up.service.js';
import { FeePlanService } from './fee-plan.service.js';
import { HostRouting } from './host-routing.js';
import { MerchantShopGuard } from './merchant-context.js';
import { ShopDirectory } from './shop-directory.js';
import { ShopExtensions } from './shop-extensions.js';
import { TenantService } from './tenant.service.js';
import { MailModule } from '../mail/mail.module.js';
import { ShopOwnerMail } from './shop-owner-mail.js';
import { ShippingZonesService } from './shipping-zones.service.js';

/** What other modules use of tenants. */
const EXPORTED = [
  TenantService,
  HostRouting,
  FeePlanService,
  ShopDirectory,
  ShopExtensions,
  MerchantShopGuard,
  ShopOwnerMail,
  SignUpService,
  ShippingZonesService,
];

/** Shops: host routing, the merchant guard and context, fee plans, and sign-up's shop. */
@Module({
  imports: [TypeOrmModule.forFeature([Shop]), DiscoveryModule, AuthModule, MailModule],
  controllers: [SignUpController],
  providers: EXPORTED,
  exports: EXPORTED,
})
export class TenantsModule {}
