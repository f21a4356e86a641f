import { Inject, Injectable, Logger } from '@nestjs/common';
import type Stripe from 'stripe';
import { DataSource } from 'typeorm';
import { STRIPE } from '../stripe/stripe.module.js';
import { StripeEventQueue } from './stripe-event.queue.js';
import { InvalidWebhookSignature, WebhookInboxUnavailable, WebhooksNotConfigured } from './webhook-errors.js';
import { SIGNATURE_TOLERANCE_SECONDS } from './webhook-endpoints.types.js';
import { WebhookSecretsService, type WebhookSecret } from './webhook-secrets.service.js';

export interface Receipt {
  eventId: string;
  /** True when the inbox already had this event: nothing was written. */
  duplicate: boolean;
}

/**
 * Takes a delivery from Stripe: verifies its signature before anything else, then stores the
 * event once by id together with its processing job, in one transaction. Never runs handlers:
 * Stripe gets its 2xx as soon as the event is safe in the inbox.
 */
@Injectable()
export class WebhookIntakeService {
  private readonly logger = new Logger(WebhookIntakeService.name);

  constructor(
    @Inject(STRIPE) private readonly stripe: Stripe,
    private readonly secrets: WebhookSecretsService,
    private readonly queue: StripeEventQueue,
    private readonly db: DataSource,
  ) {}

  async receive(rawBody: Buffer | undefined, signature: string | undefined): Promise<Receipt> {
    if (!signature) throw new InvalidWebhookSignature('no Stripe-Signature header');
    if (!rawBody?.length) throw new InvalidWebhookSignature('no raw JSON body');
    const { event, endpoint } = await this.verify(rawBody, signature);
    if (typeof event.id !== 'string' || !event.id.startsWith('evt_') || typeof event.type !== 'string') {
      throw new InvalidWebhookSignature('signed body is not an event');
    }
    try {
      const duplicate = await this.store(event, rawBody);
      this.logger.log({ eventId: event.id, type: event.type, endpoint, duplicate }, 'stripe event received');
      return { eventId: event.id, duplicate };
    } catch (err) {
      this.logger.error({ err, eventId: event.id }, 'could not store stripe event');
      throw new WebhookInboxUnavailable();
    }
  }

  private async verify(
    rawBody: Buffer,
    signature: string,
  ): Promise<{ event: Stripe.Event; endpoint: string }> {
    let secrets = await this.loadSecrets();
    let result = this.tryEach(rawBody, signature, secrets);
    // A miss with secrets read a while ago may mean the endpoints were just re-registered.
    if (!result.event && this.secrets.cacheAgeMs() >= 1000) {
      secrets = await this.loadSecrets(0);
      result = this.tryEach(rawBody, signature, secrets);
    }
    return this.orFail(result, secrets);
  }

  private async loadSecrets(maxAgeMs?: number): Promise<WebhookSecret[]> {
    try {
      return await this.secrets.secrets(maxAgeMs);
    } catch (err) {
      this.logger.error({ err }, 'could not load webhook secrets');
      throw new WebhookInboxUnavailable();
    }
  }

  private orFail(
    result: { event?: Stripe.Event; endpoint?: string; error?: string },
    secrets: WebhookSecret[],
  ): { event: Stripe.Event; endpoint: string } {
    if (result.event && result.endpoint) return { event: result.event, endpoint: result.endpoint };
    if (!secrets.length) throw new WebhooksNotConfigured();
    this.logger.warn({ reason: result.error }, 'rejected webhook delivery');
    throw new InvalidWebhookSignature(result.error ?? 'no matching signature');
  }

  private tryEach(
    rawBody: Buffer,
    signature: string,
    secrets: WebhookSecret[],
  ): { event?: Stripe.Event; endpoint?: string; error?: string } {
    let error: string | undefined;
    for (const { endpoint, secret } of secrets) {
      try {
        // Accepts any one valid v1 among several (a secret roll signs with both secrets).
        const event = this.stripe.webhooks.constructEvent(
          rawBody,
          signature,
          secret,
          SIGNATURE_TOLERANCE_SECONDS,
        );
        return { event, endpoint };
      } catch (err) {
        error = err instanceof Error ? err.message : String(err);
      }
    }
    return { error };
  }

  /** Returns true when the event was already in the inbox. */
  private async store(event: Stripe.Event, rawBody: Buffer): Promise<boolean> {
    return this.db.transaction(async (manager) => {
      const inserted = await manager.query<unknown[]>(
        `INSERT INTO stripe_event (id, type, account, livemode, api_version, created, payload)
         VALUES ($1, $2, $3, $4, $5, to_timestamp($6), $7::jsonb)
         ON CONFLICT (id) DO NOTHING
         RETURNING id`,
        [
          event.id,
          event.type,
          event.account ?? null,
          event.livemode === true,
          event.api_version ?? null,
          event.created,
          rawBody.toString('utf8'),
        ],
      );
      if (!inserted.length) return true;
      await this.queue.enqueue(event.id, manager);
      return false;
    });
  }
}
