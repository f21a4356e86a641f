import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Shop } from './entities/shop.entity.js';
import { HostRouting } from './host-routing.js';
import { TenantService } from './tenant.service.js';

@Module({
  imports: [TypeOrmModule.forFeature([Shop])],
  providers: [TenantService, HostRouting],
  exports: [TenantService, HostRouting],
})
export class TenantsModule {}
