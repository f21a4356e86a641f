import { Injectable } from '@nestjs/common';
import { DataSource, In, type EntityManager, type FindOptionsWhere } from 'typeorm';
import { message, NotFoundError } from '../common/domain-error.js';
import { StripeEventAttempt } from './entities/stripe-event-attempt.entity.js';
import { StripeEvent, type StripeEventStatus } from './entities/stripe-event.entity.js';
import { StripeEventQueue } from './stripe-event.queue.js';

export interface StripeEventFilter {
  status?: StripeEventStatus;
  type?: string;
  account?: string;
  limit?: number;
  /** Rows to skip, for pagination. */
  offset?: number;
}

/** The inbox as the admin back-office sees it: list, attempts, replay. Platform-wide, not per shop. */
@Injectable()
export class WebhookEventsService {
  constructor(
    private readonly db: DataSource,
    private readonly queue: StripeEventQueue,
  ) {}

  list(filter: StripeEventFilter = {}): Promise<StripeEvent[]> {
    return this.db.getRepository(StripeEvent).find({
      where: whereOf(filter),
      order: { receivedAt: 'DESC', id: 'ASC' },
      take: Math.min(filter.limit ?? 50, 500),
      skip: filter.offset ?? 0,
    });
  }

  count(filter: StripeEventFilter = {}): Promise<number> {
    return this.db.getRepository(StripeEvent).count({ where: whereOf(filter) });
  }

  /** How many events are in each of `statuses` (zero included). */
  async countByStatus(statuses: StripeEventStatus[]): Promise<Record<string, number>> {
    const rows = await this.db
      .getRepository(StripeEvent)
      .createQueryBuilder('e')
      .select('e.status', 'status')
      .addSelect('count(*)::int', 'n')
      .where({ status: In(statuses) })
      .groupBy('e.status')
      .getRawMany<{ status: string; n: number }>();
    const counts: Record<string, number> = Object.fromEntries(statuses.map((s) => [s, 0]));
    for (const row of rows) counts[row.status] = Number(row.n);
    return counts;
  }

  async get(eventId: string): Promise<StripeEvent> {
    const event = await this.db.getRepository(StripeEvent).findOneBy({ id: eventId });
    if (!event) throw new NotFoundError('stripe_event_not_found', message('errors.webhooks.eventNotFound'));
    return event;
  }

  attempts(eventId: string): Promise<StripeEventAttempt[]> {
    return this.db
      .getRepository(StripeEventAttempt)
      .find({ where: { eventId }, order: { startedAt: 'ASC' } });
  }

  /**
   * Processes a stored event again, with a fresh attempt budget. Safe on any status: handlers are
   * idempotent and claim their effects per object, so a processed event changes nothing and a
   * dead one is applied once.
   */
  async replay(eventId: string, outer?: EntityManager): Promise<StripeEvent> {
    // With `outer`, the replay joins the caller's transaction (the admin writes its audit entry
    // in it); the job is enqueued in that same transaction.
    const run = <T>(work: (manager: EntityManager) => Promise<T>) =>
      outer ? work(outer) : this.db.transaction(work);
    return run(async (manager) => {
      const row = await manager.findOne(StripeEvent, {
        where: { id: eventId },
        lock: { mode: 'pessimistic_write' },
      });
      if (!row) throw new NotFoundError('stripe_event_not_found', message('errors.webhooks.eventNotFound'));
      await manager.update(StripeEvent, eventId, { status: 'received', attempts: 0, reason: null });
      await this.queue.enqueue(eventId, manager);
      return row;
    });
  }
}

function whereOf(filter: StripeEventFilter): FindOptionsWhere<StripeEvent> {
  return {
    ...(filter.status ? { status: filter.status } : {}),
    ...(filter.type ? { type: filter.type } : {}),
    ...(filter.account ? { account: filter.account } : {}),
  };
}
