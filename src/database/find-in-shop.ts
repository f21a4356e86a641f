import type { EntityManager, FindOptionsWhere } from 'typeorm';
import { isUuid } from '../common/uuid.js';

/** A row that belongs to one shop. */
export interface ShopOwned {
  id: string;
  shopId: string;
}

/** An entity class of shop-owned rows that names its own not-found error (a static `notFound`). */
export interface ShopOwnedEntity<E extends ShopOwned> {
  new (...args: never[]): E;
  notFound(): Error;
}

/**
 * The one way to look a shop's row up by an id that came from outside (a URL, a form): the id's
 * form is checked, the shop is always part of the WHERE (another shop's id is simply not found),
 * and a miss throws the entity's own not-found error. `lock` takes the row FOR UPDATE until the
 * caller's transaction ends; `where` narrows further (e.g. the refund's order).
 */
export async function findInShop<E extends ShopOwned>(
  manager: EntityManager,
  entity: ShopOwnedEntity<E>,
  shop: { readonly id: string },
  id: string,
  options: { lock?: boolean; where?: FindOptionsWhere<E> } = {},
): Promise<E> {
  if (!isUuid(id)) throw entity.notFound();
  const found = await manager.findOne(entity, {
    where: { ...options.where, id, shopId: shop.id } as FindOptionsWhere<E>,
    ...(options.lock ? { lock: { mode: 'pessimistic_write' as const } } : {}),
  });
  if (!found) throw entity.notFound();
  return found;
}

/**
 * A lookup WITHOUT a shop, named so it stands out in review: only for Stripe's word (a webhook
 * names an object by a Stripe id, or by the id we put in its metadata, not by shop). The caller
 * checks the row's account against the event's before acting. An array of clauses is an OR; a
 * clause whose `id` is not of our ids' form matches nothing (never a database error).
 */
export async function findAcrossShops<E extends ShopOwned>(
  manager: EntityManager,
  entity: ShopOwnedEntity<E>,
  where: FindOptionsWhere<E> | Array<FindOptionsWhere<E>>,
  options: { lock?: boolean } = {},
): Promise<E | null> {
  const clauses = (Array.isArray(where) ? where : [where]).filter(
    (clause) => typeof clause.id !== 'string' || isUuid(clause.id),
  );
  if (!clauses.length) return null;
  return manager.findOne(entity, {
    where: clauses.length === 1 ? clauses[0] : clauses,
    ...(options.lock ? { lock: { mode: 'pessimistic_write' as const } } : {}),
  });
}
