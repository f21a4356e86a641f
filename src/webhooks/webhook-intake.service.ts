import { Inject, Injectable, Logger } from '@nestjs/common';
import type Stripe from 'stripe';
import { DataSource } from 'typeorm';
import { GroupCommit } from '../database/group-commit.js';
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
  /** Concurrent deliveries share a transaction (see `store`). */
  private readonly inbox = new GroupCommit<Delivery, boolean>((batch) => this.storeBatch(batch), {
    maxBatch: 200,
    concurrency: 2,
  });

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

  /**
   * Stores the event and its job, answering true when the inbox already had it. Concurrent
   * deliveries share a transaction (group commit): under a burst the per-event cost is a share
   * of one multi-row INSERT, one bulk job insert and one COMMIT, instead of four round trips.
   * Each caller still answers Stripe only after its own event is committed.
   */
  private store(event: Stripe.Event, rawBody: Buffer): Promise<boolean> {
    return this.inbox.submit({ event, payload: rawBody.toString('utf8') });
  }

  private async storeBatch(batch: Delivery[]): Promise<boolean[]> {
    return this.db.transaction(async (manager) => {
      const inserted = await manager.query<Array<{ id: string }>>(
        `INSERT INTO stripe_event (id, type, account, livemode, api_version, created, payload)
         SELECT e.id, e.type, e.account, e.livemode, e.api_version, to_timestamp(e.created), e.payload
           FROM unnest($1::text[], $2::text[], $3::text[], $4::boolean[], $5::text[], $6::bigint[], $7::jsonb[])
             AS e(id, type, account, livemode, api_version, created, payload)
         ON CONFLICT (id) DO NOTHING
         RETURNING id`,
        [
          batch.map((d) => d.event.id),
          batch.map((d) => d.event.type),
          batch.map((d) => d.event.account ?? null),
          batch.map((d) => d.event.livemode === true),
          batch.map((d) => d.event.api_version ?? null),
          batch.map((d) => d.event.created),
          batch.map((d) => d.payload),
        ],
      );
      const fresh = new Set(inserted.map((r) => r.id));
      await this.queue.enqueueMany([...fresh], manager);
      // The same event twice in one batch: the first delivery stored it, the second is a duplicate.
      return batch.map((d) => !fresh.delete(d.event.id));
    });
  }
}

interface Delivery {
  event: Stripe.Event;
  payload: string;
}
