import type { EntityManager } from 'typeorm';
import { findAcrossShops, findInShop } from './find-in-shop.js';

class WidgetNotFound extends Error {}

class Widget {
  id!: string;
  shopId!: string;
  orderId!: string;
  static notFound(): Error {
    return new WidgetNotFound('no such widget');
  }
}

const SHOP = { id: '11111111-1111-4111-8111-111111111111' };
const ID = '22222222-2222-4222-8222-222222222222';

/** A manager that records each findOne and answers with `row`. */
function fakeManager(row: Widget | null) {
  const calls: Array<{ where: Record<string, unknown>; lock?: unknown }> = [];
  const manager = {
    findOne: async (_entity: unknown, options: { where: Record<string, unknown>; lock?: unknown }) => {
      calls.push(options);
      return row;
    },
  } as unknown as EntityManager;
  return { manager, calls };
}

describe('findInShop', () => {
  it('always puts the shop in the WHERE, with any narrowing, and locks only when asked', async () => {
    const row = Object.assign(new Widget(), { id: ID, shopId: SHOP.id });
    const { manager, calls } = fakeManager(row);
    await expect(findInShop(manager, Widget, SHOP, ID)).resolves.toBe(row);
    await findInShop(manager, Widget, SHOP, ID, { lock: true, where: { orderId: 'o' } });
    expect(calls[0]).toEqual({ where: { id: ID, shopId: SHOP.id } });
    expect(calls[1]).toEqual({
      where: { orderId: 'o', id: ID, shopId: SHOP.id },
      lock: { mode: 'pessimistic_write' },
    });
  });

  it('a narrowing cannot replace the shop or the id', async () => {
    const { manager, calls } = fakeManager(null);
    await expect(
      findInShop(manager, Widget, SHOP, ID, { where: { shopId: 'other', id: 'other' } }),
    ).rejects.toBeInstanceOf(WidgetNotFound);
    expect(calls[0].where).toEqual({ id: ID, shopId: SHOP.id });
  });

  it("throws the entity's not-found error for a miss, and for a malformed id without a query", async () => {
    const { manager, calls } = fakeManager(null);
    await expect(findInShop(manager, Widget, SHOP, ID)).rejects.toBeInstanceOf(WidgetNotFound);
    await expect(findInShop(manager, Widget, SHOP, '-'.repeat(36))).rejects.toBeInstanceOf(WidgetNotFound);
    await expect(findInShop(manager, Widget, SHOP, "x' OR '1'='1")).rejects.toBeInstanceOf(WidgetNotFound);
    expect(calls).toHaveLength(1);
  });
});

describe('findAcrossShops', () => {
  it('looks up without a shop (the caller checks the account), and a malformed id is null', async () => {
    const { manager, calls } = fakeManager(null);
    await expect(findAcrossShops(manager, Widget, { id: 'not-a-uuid' })).resolves.toBeNull();
    await findAcrossShops(manager, Widget, { id: ID }, { lock: true });
    expect(calls).toEqual([{ where: { id: ID }, lock: { mode: 'pessimistic_write' } }]);
  });

  it('an array of clauses is an OR; one with a malformed id is dropped, none left is null', async () => {
    const { manager, calls } = fakeManager(null);
    await expect(findAcrossShops(manager, Widget, [])).resolves.toBeNull();
    await findAcrossShops(manager, Widget, [{ orderId: 'ch_1' }, { id: 'nope' }, { id: ID }]);
    expect(calls).toEqual([{ where: [{ orderId: 'ch_1' }, { id: ID }] }]);
  });
});
