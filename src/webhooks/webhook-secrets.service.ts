import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { PlatformSetting } from '../database/platform-setting.entity.js';
import {
  WEBHOOK_ENDPOINTS_SETTING,
  type StoredWebhookEndpoints,
  type WebhookEndpointKind,
} from './webhook-endpoints.types.js';

export interface WebhookSecret {
  endpoint: WebhookEndpointKind;
  secret: string;
}

// Secrets change only when endpoints are (re)created; a verification miss re-reads them.
const CACHE_MS = 60_000;

/**
 * The signing secrets a delivery may be signed with: the ones in the config (real Stripe, or a
 * test), plus, offline, those of the endpoints registered on the emulator (platform_setting).
 */
@Injectable()
export class WebhookSecretsService {
  private cache: { at: number; secrets: WebhookSecret[] } | undefined;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly db: DataSource,
  ) {}

  /** `maxAgeMs: 0` forces a fresh read. */
  async secrets(maxAgeMs = CACHE_MS): Promise<WebhookSecret[]> {
    if (this.cache && Date.now() - this.cache.at <= maxAgeMs) return this.cache.secrets;
    const secrets: WebhookSecret[] = [];
    const { webhookSecret, connectWebhookSecret } = this.config.stripe;
    if (connectWebhookSecret) secrets.push({ endpoint: 'connect', secret: connectWebhookSecret });
    if (webhookSecret) secrets.push({ endpoint: 'platform', secret: webhookSecret });
    if (this.config.offline) {
      const row = await this.db.getRepository(PlatformSetting).findOneBy({ key: WEBHOOK_ENDPOINTS_SETTING });
      const stored = row?.value as Partial<StoredWebhookEndpoints> | undefined;
      if (stored?.connect?.secret) secrets.push({ endpoint: 'connect', secret: stored.connect.secret });
      if (stored?.platform?.secret) secrets.push({ endpoint: 'platform', secret: stored.platform.secret });
    }
    this.cache = { at: Date.now(), secrets };
    return secrets;
  }

  cacheAgeMs(): number {
    return this.cache ? Date.now() - this.cache.at : Infinity;
  }

  invalidate(): void {
    this.cache = undefined;
  }
}
