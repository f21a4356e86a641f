import { Module } from '@nestjs/common';
import { MailModule } from '../mail/mail.module.js';
import { OrdersModule } from '../orders/orders.module.js';
import { TenantsModule } from '../tenants/tenants.module.js';
import { StorefrontModule } from '../storefront/storefront.module.js';
import { CheckoutStripeEvents } from './checkout.stripe-events.js';
import { CheckoutThrottle } from './checkout-throttle.js';
import { CheckoutController } from './checkout.controller.js';
import { CheckoutService } from './checkout.service.js';
import { ReconciliationService } from './reconciliation.service.js';
import { ShopperOrdersService } from './shopper-orders.service.js';

/**
 * The shopper's checkout: cart → pending order → Checkout Session (direct charge on the shop's
 * account, application fee), the checkout.session.* event handlers, reconciliation and the
 * success/cancel/status pages. The order itself (lifecycle, stock, mails, timeline) is in orders/.
 */
@Module({
  imports: [TenantsModule, MailModule, OrdersModule, StorefrontModule],
  controllers: [CheckoutController],
  providers: [
    CheckoutService,
    CheckoutThrottle,
    CheckoutStripeEvents,
    ReconciliationService,
    ShopperOrdersService,
  ],
  exports: [ReconciliationService, CheckoutService],
})
export class CheckoutModule {}
