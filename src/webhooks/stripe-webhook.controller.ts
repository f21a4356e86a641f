import { Controller, Headers, HttpCode, Post, Req } from '@nestjs/common';
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
    @Req() req: Request,
    @Headers('stripe-signature') signature?: string,
  ): Promise<{ received: true }> {
    // The raw bytes, read by the request pipeline (never parsed: the signature covers the bytes).
    await this.intake.receive(Buffer.isBuffer(req.body) ? req.body : undefined, signature);
    return { received: true };
  }
}
