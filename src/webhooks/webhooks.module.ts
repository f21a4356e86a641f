import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { StripeEventHandlerRegistry } from './stripe-event-handler.registry.js';
import { StripeEventProcessor } from './stripe-event.processor.js';
import { StripeEventQueue } from './stripe-event.queue.js';
import { StripeWebhookController } from './stripe-webhook.controller.js';
import { WebhookEndpointsService } from './webhook-endpoints.service.js';
import { WebhookEventsService } from './webhook-events.service.js';
import { WebhookIntakeService } from './webhook-intake.service.js';
import { WebhookSecretsService } from './webhook-secrets.service.js';

/**
 * Stripe events in: `POST /webhooks/stripe` → inbox → `stripe-event` jobs → the handlers other
 * modules declare with `@StripeEventHandler(type)`. Exports the inbox service (admin: list,
 * attempts, replay) and the endpoint setup.
 */
@Module({
  imports: [DiscoveryModule],
  controllers: [StripeWebhookController],
  providers: [
    StripeEventHandlerRegistry,
    StripeEventQueue,
    StripeEventProcessor,
    WebhookSecretsService,
    WebhookIntakeService,
    WebhookEventsService,
    WebhookEndpointsService,
  ],
  exports: [WebhookEventsService, WebhookEndpointsService],
})
export class WebhooksModule {}
