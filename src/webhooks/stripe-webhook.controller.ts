import { Controller, Headers, HttpCode, Post, Req, type RawBodyRequest } from '@nestjs/common';
import type { Request } from 'express';
import { STRIPE_WEBHOOK_PATH } from './webhook-endpoints.types.js';
import { WebhookIntakeService } from './webhook-intake.service.js';

/** Stripe's deliveries. No session, no CSRF: the signature is the authentication. */
@Controller()
export class StripeWebhookController {
  constructor(private readonly intake: WebhookIntakeService) {}

  @Post(STRIPE_WEBHOOK_PATH)
  @HttpCode(200)
  async receive(
    @Req() req: RawBodyRequest<Request>,
    @Headers('stripe-signature') signature?: string,
  ): Promise<{ received: true }> {
    await this.intake.receive(req.rawBody, signature);
    return { received: true };
  }
}
