import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { AuthUser } from '../auth/auth-user.js';
import { assertRole } from '../auth/guards.js';
import { AuditEntry } from './entities/audit-entry.entity.js';

export interface AuditRecord {
  action: string;
  targetType: string;
  targetId: string;
  shopId?: string | null;
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
  reason?: string | null;
}

export interface AuditFilter {
  action?: string;
  /** A substring of the actor's email. */
  actor?: string;
  shopId?: string;
  /** Inclusive bounds (UTC). */
  from?: Date;
  to?: Date;
  page?: number;
  pageSize?: number;
}

export interface AuditPage {
  entries: AuditEntry[];
  total: number;
  page: number;
  pageSize: number;
}

/**
 * The audit log. Invariant: an entry is written through the SAME EntityManager (transaction) as
 * the change it describes, so a change without its entry, or an entry for a change that rolled
 * back, cannot exist. Pass the caller's `manager`; without one the entry is written on its own
 * (only for actions that change nothing else in the database).
 */
@Injectable()
export class AuditService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async record(actor: AuthUser | null, entry: AuditRecord, manager?: EntityManager): Promise<AuditEntry> {
    const repo = (manager ?? this.db.manager).getRepository(AuditEntry);
    return repo.save(
      repo.create({
        actorUserId: actor?.id ?? null,
        actorEmail: actor?.email ?? null,
        action: entry.action,
        targetType: entry.targetType,
        targetId: entry.targetId,
        shopId: entry.shopId ?? null,
        before: entry.before ?? null,
        after: entry.after ?? null,
        reason: entry.reason ?? null,
      }),
    );
  }

  /** Admins only: the log, newest first. */
  async list(actor: AuthUser | undefined, filter: AuditFilter = {}): Promise<AuditPage> {
    assertRole(actor, 'admin');
    const pageSize = Math.min(Math.max(filter.pageSize ?? 50, 1), 200);
    const page = Math.max(filter.page ?? 1, 1);
    const qb = this.db.getRepository(AuditEntry).createQueryBuilder('a');
    if (filter.action) qb.andWhere('a.action = :action', { action: filter.action });
    if (filter.actor)
      qb.andWhere(`a.actor_email ILIKE :actor ESCAPE '\\'`, { actor: `%${escapeLike(filter.actor)}%` });
    if (filter.shopId) qb.andWhere('a.shop_id = :shopId', { shopId: filter.shopId });
    if (filter.from) qb.andWhere('a.at >= :from', { from: filter.from });
    if (filter.to) qb.andWhere('a.at <= :to', { to: filter.to });
    const [entries, total] = await qb
      .orderBy('a.at', 'DESC')
      .addOrderBy('a.id', 'DESC')
      .skip((page - 1) * pageSize)
      .take(pageSize)
      .getManyAndCount();
    return { entries, total, page, pageSize };
  }

  /** The distinct actions seen so far, for the filter's select. */
  async actions(actor: AuthUser | undefined): Promise<string[]> {
    assertRole(actor, 'admin');
    const rows = await this.db.query<Array<{ action: string }>>(
      'SELECT DISTINCT action FROM audit_entry ORDER BY action',
    );
    return rows.map((r) => r.action);
  }
}

/** Makes `%`, `_` and `\` in user input literal inside an ILIKE pattern. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}
