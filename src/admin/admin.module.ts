import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module.js';
import { AuthModule } from '../auth/auth.module.js';
import { TenantsModule } from '../tenants/tenants.module.js';
import { WebhooksModule } from '../webhooks/webhooks.module.js';
import { AdminAuditController } from './admin-audit.controller.js';
import { AdminEventsController } from './admin-events.controller.js';
import { AdminEventsService } from './admin-events.service.js';
import { AdminRevenueController } from './admin-revenue.controller.js';
import { AdminRevenueService } from './admin-revenue.service.js';
import { AdminShopsController } from './admin-shops.controller.js';
import { AdminShopsService } from './admin-shops.service.js';
import { AdminUsersController } from './admin-users.controller.js';
import { AdminUsersService } from './admin-users.service.js';
import { AdminController } from './admin.controller.js';

/**
 * The back-office on the platform host under /admin: admins only, everyone else gets a 404 (the
 * route guard, and again each service method). It owns no data: it composes tenants, auth,
 * webhooks and the audit log, and reads orders for the revenue report.
 */
@Module({
  imports: [AuthModule, TenantsModule, WebhooksModule, AuditModule],
  controllers: [
    AdminController,
    AdminShopsController,
    AdminEventsController,
    AdminUsersController,
    AdminAuditController,
    AdminRevenueController,
  ],
  providers: [AdminShopsService, AdminEventsService, AdminUsersService, AdminRevenueService],
})
export class AdminModule {}
