import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module.js';
import { AuthModule } from '../auth/auth.module.js';
import { MailModule } from '../mail/mail.module.js';
import { TenantsModule } from '../tenants/tenants.module.js';
import { MerchantOrdersController } from './merchant-orders.controller.js';
import { MoneyService } from './money.service.js';
import { OrderShopStats } from './order-shop-stats.js';
import { OrdersStripeEvents } from './orders.stripe-events.js';
import { OrderLifecycle } from './order-lifecycle.service.js';
import { OrdersService } from './orders.service.js';
import { SalesReportService } from './sales-report.service.js';
import { RefundsService } from './refunds.service.js';

/**
 * The order: its lifecycle (order-status.ts's pure state machine, applied by OrderLifecycle),
 * stock, timeline (order-timeline.ts) and mails, and everything after the sale: order pages,
 * fulfilment, refunds, disputes, balance and payouts.
 */
@Module({
  imports: [AuthModule, TenantsModule, MailModule, AuditModule],
  controllers: [MerchantOrdersController],
  providers: [
    OrdersService,
    RefundsService,
    MoneyService,
    OrdersStripeEvents,
    OrderShopStats,
    SalesReportService,
    OrderLifecycle,
  ],
  exports: [OrdersService, RefundsService, SalesReportService, OrderLifecycle],
})
export class OrdersModule {}
