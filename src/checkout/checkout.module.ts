import { Module } from '@nestjs/common';
import { MailModule } from '../mail/mail.module.js';
import { TenantsModule } from '../tenants/tenants.module.js';
import { CheckoutEventsHandler } from './checkout-events.handler.js';
import { CheckoutThrottle } from './checkout-throttle.js';
import { CheckoutController } from './checkout.controller.js';
import { CheckoutService } from './checkout.service.js';
import { OrderLifecycle } from './order-lifecycle.service.js';
import { ReconciliationService } from './reconciliation.service.js';
import { ShopperOrdersService } from './shopper-orders.service.js';

/**
 * The shopper's checkout and the order lifecycle: cart → order → Checkout Session (direct charge
 * on the shop's account, application fee), the checkout.session.* event handlers, stock holds,
 * reconciliation, success/cancel/status pages and the shopper's mails.
 */
@Module({
  imports: [TenantsModule, MailModule],
  controllers: [CheckoutController],
  providers: [
    CheckoutService,
    CheckoutThrottle,
    OrderLifecycle,
    CheckoutEventsHandler,
    ReconciliationService,
    ShopperOrdersService,
  ],
  exports: [OrderLifecycle, ReconciliationService, CheckoutService],
})
export class CheckoutModule {}
