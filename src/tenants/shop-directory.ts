import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { NotFoundError } from '../common/domain-error.js';
import { Shop } from './entities/shop.entity.js';
import { stripeStatusSql, type StripeStatus } from './stripe-status.js';
import { isUuid } from '../common/uuid.js';

export interface ShopSearch {
  /** A substring of the name, the slug or the owner's email. */
  q?: string;
  stripeStatus?: StripeStatus;
  chargesEnabled?: boolean;
  suspended?: boolean;
  page?: number;
  pageSize?: number;
}

export interface ShopSearchPage {
  shops: Shop[];
  total: number;
  page: number;
  pageSize: number;
}

/**
 * Platform-wide reads over every shop (not tenant-scoped: for the admin back-office only, which
 * checks the role before calling). Rows come with their owner loaded.
 */
@Injectable()
export class ShopDirectory {
  constructor(@InjectRepository(Shop) private readonly shops: Repository<Shop>) {}

  async search(search: ShopSearch = {}): Promise<ShopSearchPage> {
    const pageSize = Math.min(Math.max(search.pageSize ?? 25, 1), 200);
    const page = Math.max(search.page ?? 1, 1);
    const qb = this.shops.createQueryBuilder('s').innerJoinAndSelect('s.owner', 'o');
    const q = search.q?.trim();
    if (q) {
      qb.andWhere(
        `(s.name ILIKE :q ESCAPE '\\' OR s.slug ILIKE :q ESCAPE '\\' OR o.email ILIKE :q ESCAPE '\\')`,
        {
          q: `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`,
        },
      );
    }
    if (search.stripeStatus) qb.andWhere(stripeStatusSql('s', search.stripeStatus));
    if (search.chargesEnabled !== undefined)
      qb.andWhere('s.stripe_charges_enabled = :ce', { ce: search.chargesEnabled });
    if (search.suspended !== undefined)
      qb.andWhere(search.suspended ? 's.suspended_at IS NOT NULL' : 's.suspended_at IS NULL');
    const [shops, total] = await qb
      .orderBy('s.created_at', 'DESC')
      .addOrderBy('s.id', 'ASC')
      .skip((page - 1) * pageSize)
      .take(pageSize)
      .getManyAndCount();
    return { shops, total, page, pageSize };
  }

  async get(shopId: string): Promise<Shop> {
    if (!isUuid(shopId)) throw new NotFoundError('shop_not_found');
    const shop = await this.shops.findOne({ where: { id: shopId }, relations: { owner: true } });
    if (!shop) throw new NotFoundError('shop_not_found');
    return shop;
  }

  async bySlug(slug: string): Promise<Shop | null> {
    return this.shops.findOne({ where: { slug } });
  }

  async byAccount(stripeAccountId: string): Promise<Shop | null> {
    return this.shops.findOne({ where: { stripeAccountId } });
  }

  /** Shop names by connected account, for labelling events. */
  async namesByAccount(
    accountIds: string[],
  ): Promise<Map<string, { id: string; name: string; slug: string }>> {
    const ids = [...new Set(accountIds)];
    if (!ids.length) return new Map();
    const rows = await this.shops
      .createQueryBuilder('s')
      .where('s.stripe_account_id IN (:...ids)', { ids })
      .getMany();
    return new Map(rows.map((s) => [s.stripeAccountId!, { id: s.id, name: s.name, slug: s.slug }]));
  }
}
