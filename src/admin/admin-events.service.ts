import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { AuthUser } from '../auth/auth-user.js';
import { assertRole } from '../auth/guards.js';
import { isUuid } from '../common/uuid.js';
import { ShopDirectory } from '../tenants/shop-directory.js';
import type { StripeEventAttempt } from '../webhooks/entities/stripe-event-attempt.entity.js';
import {
  STRIPE_EVENT_STATUSES,
  type StripeEvent,
  type StripeEventStatus,
} from '../webhooks/entities/stripe-event.entity.js';
import { WebhookEventsService } from '../webhooks/webhook-events.service.js';
import { NothingSelected, TooManySelected } from './admin.errors.js';

export const MAX_REPLAY_BATCH = 100;

export interface AdminEventSearch {
  type?: string;
  status?: string;
  /** A connected account id (`acct_…`), a shop id or a shop slug. */
  shop?: string;
  page?: number;
}

export interface EventShopLabel {
  id: string;
  name: string;
  slug: string;
}

/**
 * The webhook inbox for admins: list, detail, replay. A replay resets the event and enqueues its
 * job in the same transaction as its audit entry (one entry per replayed event, with the status
 * it had), so the log never shows a replay that did not happen.
 */
@Injectable()
export class AdminEventsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly events: WebhookEventsService,
    private readonly shops: ShopDirectory,
    private readonly audit: AuditService,
  ) {}

  async search(actor: AuthUser | undefined, search: AdminEventSearch, pageSize = 50) {
    assertRole(actor, 'admin');
    const page = Math.max(search.page ?? 1, 1);
    const status = STRIPE_EVENT_STATUSES.includes(search.status as StripeEventStatus)
      ? (search.status as StripeEventStatus)
      : undefined;
    const account = await this.accountFor(search.shop);
    if (account === null)
      return { events: [], shopsByAccount: new Map<string, EventShopLabel>(), total: 0, page, pageSize };
    const filter = { status, type: search.type?.trim() || undefined, account };
    const [events, total] = await Promise.all([
      this.events.list({ ...filter, limit: pageSize, offset: (page - 1) * pageSize }),
      this.events.count(filter),
    ]);
    const shopsByAccount = await this.shops.namesByAccount(
      events.flatMap((e) => (e.account ? [e.account] : [])),
    );
    return { events, shopsByAccount, total, page, pageSize };
  }

  async detail(
    actor: AuthUser | undefined,
    eventId: string,
  ): Promise<{ event: StripeEvent; attempts: StripeEventAttempt[]; shop: EventShopLabel | null }> {
    assertRole(actor, 'admin');
    const event = await this.events.get(eventId);
    const attempts = await this.events.attempts(event.id);
    const shop = event.account
      ? ((await this.shops.namesByAccount([event.account])).get(event.account) ?? null)
      : null;
    return { event, attempts, shop };
  }

  /** Dead and quarantined counts, for the admin home. */
  async needingAttention(actor: AuthUser | undefined): Promise<Record<string, number>> {
    assertRole(actor, 'admin');
    return this.events.countByStatus(['dead', 'quarantined', 'failed']);
  }

  /** Loads the events to replay (for the confirmation step); unknown ids are not found. */
  async forReplay(actor: AuthUser | undefined, eventIds: string[]): Promise<StripeEvent[]> {
    assertRole(actor, 'admin');
    const ids = uniqueIds(eventIds);
    return Promise.all(ids.map((id) => this.events.get(id)));
  }

  async replay(actor: AuthUser | undefined, eventIds: string[]): Promise<number> {
    assertRole(actor, 'admin');
    const ids = uniqueIds(eventIds);
    await this.db.transaction(async (manager) => {
      for (const id of ids) {
        const before = await this.events.replay(id, manager);
        const shop = before.account ? await this.shops.byAccount(before.account) : null;
        await this.audit.record(
          actor,
          {
            action: 'event.replay',
            targetType: 'stripe_event',
            targetId: id,
            shopId: shop?.id ?? null,
            before: { status: before.status, attempts: before.attempts, type: before.type },
            after: { status: 'received', attempts: 0, type: before.type },
          },
          manager,
        );
      }
    });
    return ids.length;
  }

  /** undefined: no shop filter; null: a filter no event can match (a shop without an account). */
  private async accountFor(shop: string | undefined): Promise<string | undefined | null> {
    const value = shop?.trim();
    if (!value) return undefined;
    if (value.startsWith('acct_')) return value;
    const found = isUuid(value)
      ? await this.shops.get(value).catch(() => null)
      : await this.shops.bySlug(value.toLowerCase());
    return found?.stripeAccountId ?? null;
  }
}

function uniqueIds(eventIds: string[]): string[] {
  const ids = [...new Set(eventIds.map((id) => id.trim()).filter(Boolean))];
  if (!ids.length) throw new NothingSelected('event');
  if (ids.length > MAX_REPLAY_BATCH) throw new TooManySelected(MAX_REPLAY_BATCH);
  return ids;
}
