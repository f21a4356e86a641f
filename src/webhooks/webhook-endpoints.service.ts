import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import type Stripe from 'stripe';
import { DataSource } from 'typeorm';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { PlatformSetting } from '../database/platform-setting.entity.js';
import { STRIPE } from '../stripe/stripe.module.js';
import { DECLARED_EVENT_TYPES } from './stripe-event-handler.decorator.js';
import { StripeEventHandlerRegistry } from './stripe-event-handler.registry.js';
import {
  STRIPE_WEBHOOK_PATH,
  WEBHOOK_ENDPOINT_KINDS,
  WEBHOOK_ENDPOINTS_SETTING,
  type StoredWebhookEndpoint,
  type StoredWebhookEndpoints,
  type WebhookEndpointKind,
} from './webhook-endpoints.types.js';
import { WebhookSecretsService } from './webhook-secrets.service.js';

// Same in every process of the app, distinct from the migration lock.
const ENDPOINTS_LOCK = 727_002;
const FIRST_RETRY_MS = 2_000;
const MAX_RETRY_MS = 60_000;

type EnabledEvent = Stripe.WebhookEndpointCreateParams.EnabledEvent;

/** The events an endpoint subscribes to: those some handler takes, or all while there are none. */
export function enabledEvents(types: Iterable<string> = DECLARED_EVENT_TYPES): EnabledEvent[] {
  const list = [...new Set(types)].sort() as EnabledEvent[];
  return list.length ? list : ['*'];
}

export function webhookUrl(config: AppConfig): string {
  return `${config.appUrl}${STRIPE_WEBHOOK_PATH}`;
}

/**
 * The app's two webhook endpoints. Offline, they are registered on the emulator once (under an
 * advisory lock, kept in platform_setting with their secrets) and reused by every later boot
 * and every other process; a stored endpoint the emulator no longer knows is recreated. With
 * real keys they are set up by `npm run stripe:webhooks` and their secrets come from the env;
 * the boot only warns when those are missing.
 */
@Injectable()
export class WebhookEndpointsService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(WebhookEndpointsService.name);
  private retryTimer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(STRIPE) private readonly stripe: Stripe,
    private readonly db: DataSource,
    private readonly registry: StripeEventHandlerRegistry,
    private readonly secrets: WebhookSecretsService,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.offline) {
      const missing = [
        !this.config.stripe.webhookSecret && 'STRIPE_WEBHOOK_SECRET',
        !this.config.stripe.connectWebhookSecret && 'STRIPE_CONNECT_WEBHOOK_SECRET',
      ].filter(Boolean);
      if (missing.length) {
        this.logger.warn(
          `Stripe webhooks are not configured: ${missing.join(' and ')} unset, so events signed for ` +
            `that endpoint are refused. Run \`npm run stripe:webhooks\` to create the endpoints and get the secrets.`,
        );
      }
      return;
    }
    if (!this.config.webhooks.setupEndpoints) {
      this.logger.warn('WEBHOOK_ENDPOINT_SETUP=false: webhook endpoints are not registered on the emulator');
      return;
    }
    // In the background: the app must come up even while the emulator is not (yet) running.
    this.setUpInBackground(FIRST_RETRY_MS);
  }

  onApplicationShutdown(): void {
    this.stopped = true;
    clearTimeout(this.retryTimer);
  }

  private setUpInBackground(nextDelayMs: number): void {
    this.ensureOfflineEndpoints().then(
      (endpoints) =>
        this.logger.log(
          `Webhook endpoints on the emulator: platform ${endpoints.platform.id}, connect ${endpoints.connect.id}`,
        ),
      (err: unknown) => {
        if (this.stopped) return;
        this.logger.warn(
          `Stripe webhooks are not configured yet: could not register the endpoints on the emulator at ` +
            `${this.config.stripe.apiUrl} (${err instanceof Error ? err.message : String(err)}); ` +
            `retrying in ${Math.round(nextDelayMs / 1000)} s`,
        );
        this.retryTimer = setTimeout(
          () => this.setUpInBackground(Math.min(nextDelayMs * 2, MAX_RETRY_MS)),
          nextDelayMs,
        );
        this.retryTimer.unref();
      },
    );
  }

  /** Offline only: makes sure both endpoints exist on the emulator and returns them. */
  async ensureOfflineEndpoints(): Promise<StoredWebhookEndpoints> {
    if (!this.config.offline) throw new Error('ensureOfflineEndpoints is for offline mode');
    const events = enabledEvents([...DECLARED_EVENT_TYPES, ...this.registry.handledTypes()]);
    const url = webhookUrl(this.config);
    const result = await this.db.transaction(async (manager) => {
      // One process registers; the others wait here and then find the stored endpoints.
      await manager.query('SELECT pg_advisory_xact_lock($1)', [ENDPOINTS_LOCK]);
      const row = await manager.findOneBy(PlatformSetting, { key: WEBHOOK_ENDPOINTS_SETTING });
      const stored = (row?.value ?? {}) as Partial<StoredWebhookEndpoints>;
      const next = {} as StoredWebhookEndpoints;
      let changed = !row;
      for (const kind of WEBHOOK_ENDPOINT_KINDS) {
        const kept = await this.check(stored[kind], url, events);
        next[kind] = kept ?? (await this.create(kind, url, events));
        if (!kept) changed = true;
      }
      if (changed) await manager.save(PlatformSetting, { key: WEBHOOK_ENDPOINTS_SETTING, value: next });
      return next;
    });
    this.secrets.invalidate();
    return result;
  }

  /** The stored endpoint if the emulator still has it (its URL and events brought up to date). */
  private async check(
    stored: StoredWebhookEndpoint | undefined,
    url: string,
    events: EnabledEvent[],
  ): Promise<StoredWebhookEndpoint | undefined> {
    if (!stored?.id || !stored.secret) return undefined;
    let endpoint: Stripe.WebhookEndpoint;
    try {
      endpoint = await this.stripe.webhookEndpoints.retrieve(stored.id);
    } catch (err) {
      if ((err as { code?: string }).code === 'resource_missing') return undefined;
      throw err;
    }
    const sameEvents = [...endpoint.enabled_events].sort().join() === events.join();
    if (endpoint.url !== url || !sameEvents || endpoint.status !== 'enabled') {
      await this.stripe.webhookEndpoints.update(stored.id, { url, enabled_events: events, disabled: false });
    }
    return stored;
  }

  private async create(
    kind: WebhookEndpointKind,
    url: string,
    events: EnabledEvent[],
  ): Promise<StoredWebhookEndpoint> {
    const endpoint = await this.stripe.webhookEndpoints.create({
      url,
      enabled_events: events,
      connect: kind === 'connect',
      description: `Comptoir ${kind} events`,
      metadata: { comptoir_endpoint: kind },
    });
    if (!endpoint.secret) throw new Error(`the ${kind} endpoint came back without a secret`);
    this.logger.log(`Registered the ${kind} webhook endpoint ${endpoint.id} → ${url}`);
    return { id: endpoint.id, secret: endpoint.secret };
  }
}
