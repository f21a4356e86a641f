import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { message, NotFoundError, ValidationFailed } from '../common/domain-error.js';
import type { ShopContext } from '../tenants/shop-context.js';
import { TenantService } from '../tenants/tenant.service.js';
import { Shop } from '../tenants/entities/shop.entity.js';
import { ShopPage } from './entities/shop-page.entity.js';
import { isShopPageKind, SHOP_PAGE_KINDS, SHOP_PAGE_MAX_LENGTH, type ShopPageKind } from './shop-pages.js';

export interface ShopPageText {
  kind: ShopPageKind;
  body: string;
  updatedAt: Date | null;
}

/**
 * A shop's legal pages (legal notice, terms of sale, returns, privacy, contact). Every read and
 * write names the shop. A save keeps `shop.published_pages` (the kinds with a body, which every
 * storefront page links) in step in the same transaction, under the shop row's lock so that two
 * saves of different pages cannot each miss the other's, then clears the shop cache.
 */
@Injectable()
export class ShopPagesService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly tenants: TenantService,
  ) {}

  /** Every kind, in footer order, with its body ('' when never written). */
  async all(shop: ShopContext): Promise<ShopPageText[]> {
    const rows = await this.db.getRepository(ShopPage).find({ where: { shopId: shop.id } });
    return SHOP_PAGE_KINDS.map((kind) => {
      const row = rows.find((r) => r.kind === kind);
      return { kind, body: row?.body ?? '', updatedAt: row?.updatedAt ?? null };
    });
  }

  /** One page; an unknown kind is "not found". */
  async page(shop: ShopContext, kind: string): Promise<ShopPageText> {
    if (!isShopPageKind(kind)) throw new NotFoundError();
    const row = await this.db.getRepository(ShopPage).findOne({ where: { shopId: shop.id, kind } });
    return { kind, body: row?.body ?? '', updatedAt: row?.updatedAt ?? null };
  }

  /** A published page (non-empty body): the storefront shows no other. */
  async published(shop: ShopContext, kind: string): Promise<ShopPageText> {
    const page = await this.page(shop, kind);
    if (!page.body.trim()) throw new NotFoundError();
    return page;
  }

  async save(shop: ShopContext, kind: string, input: string | undefined): Promise<void> {
    if (!isShopPageKind(kind)) throw new NotFoundError();
    const body = normaliseBody(input);
    const length = [...body].length;
    if (length > SHOP_PAGE_MAX_LENGTH)
      throw new ValidationFailed({
        body: message('shopPages.errors.tooLong', { max: SHOP_PAGE_MAX_LENGTH, length }),
      });
    await this.db.transaction(async (manager) => {
      const locked = await manager
        .getRepository(Shop)
        .findOne({ where: { id: shop.id }, lock: { mode: 'pessimistic_write' } });
      if (!locked) throw new NotFoundError('shop_not_found');
      await manager.query(
        `INSERT INTO shop_page (shop_id, kind, body, updated_at) VALUES ($1, $2, $3, now())
         ON CONFLICT (shop_id, kind) DO UPDATE SET body = EXCLUDED.body, updated_at = now()`,
        [shop.id, kind, body],
      );
      await manager.query(
        `UPDATE shop SET published_pages = ARRAY(
           SELECT kind FROM shop_page WHERE shop_id = $1 AND body ~ '\\S' ORDER BY kind)
         WHERE id = $1`,
        [shop.id],
      );
    });
    this.tenants.invalidate(shop.slug);
  }
}

/** Line ends as a textarea sends them (CRLF) become LF; trailing blanks go. */
export function normaliseBody(input: string | undefined): string {
  return (input ?? '').replace(/\r\n?/g, '\n').trimEnd();
}
