import type pg from 'pg';
import type { BenchShop } from '../harness/seed.ts';
import { log } from '../harness/util.ts';
import type { Scenario } from './scenario.ts';

/**
 * The same few products renamed in the 10-product and the 10,000-product shop, so a search term
 * matches as many products (a page's worth at most) in both; and a collection of every product
 * of each shop. Idempotent: the two scenarios may run in one process, in either order.
 */
const MATCHING = 8;
const TERM = 'stoneware';

async function prepare(db: pg.Client, shops: BenchShop[]): Promise<void> {
  for (const shop of shops) {
    await db.query(
      `UPDATE product SET name = 'Stoneware mug ' || sort_order
        WHERE shop_id = $1 AND sort_order <= $2 AND name NOT LIKE 'Stoneware%'`,
      [shop.id, MATCHING],
    );
    await db.query(
      `INSERT INTO collection (shop_id, title, handle, description)
       VALUES ($1, 'Everything', 'everything', 'Every product of the shop.')
       ON CONFLICT (shop_id, handle) DO NOTHING`,
      [shop.id],
    );
    await db.query(
      `INSERT INTO collection_product (shop_id, collection_id, product_id, position)
       SELECT p.shop_id, c.id, p.id, row_number() OVER (ORDER BY p.sort_order, p.id)
         FROM product p JOIN collection c ON c.shop_id = p.shop_id AND c.handle = 'everything'
        WHERE p.shop_id = $1
       ON CONFLICT DO NOTHING`,
      [shop.id],
    );
  }
  await db.query('ANALYZE product');
  await db.query('ANALYZE collection_product');
}

/** `search-growth`: a search matching 8 products, in a 10- then a 10,000-product shop. */
export const searchGrowth: Scenario = {
  name: 'search-growth',
  run: async ({ bench, db, shops, shopHost }) => {
    log('growth runs: search');
    await prepare(db, [shops.get('small')!, shops.get('big')!]);
    const path = `/search?q=${TERM}`;
    return {
      growth: [
        await bench.growth(
          `search (${MATCHING} matches): 10 → 10,000 products`,
          { label: '10 products', path, headers: { host: shopHost('small') } },
          { label: '10,000 products', path, headers: { host: shopHost('big') } },
        ),
        // A misspelt word: no full-text match, the trigram fallback.
        await bench.growth(
          `search, misspelt (${MATCHING} matches): 10 → 10,000 products`,
          { label: '10 products', path: '/search?q=stonware', headers: { host: shopHost('small') } },
          { label: '10,000 products', path: '/search?q=stonware', headers: { host: shopHost('big') } },
        ),
      ],
    };
  },
};

/** `collection-growth`: a collection of every product, in a 10- then a 10,000-product shop. */
export const collectionGrowth: Scenario = {
  name: 'collection-growth',
  run: async ({ bench, db, shops, shopHost }) => {
    log('growth runs: collection');
    await prepare(db, [shops.get('small')!, shops.get('big')!, shops.get('cart')!]);
    const path = '/collections/everything';
    return {
      growth: [
        await bench.growth(
          'collection: 10 → 10,000 products',
          { label: '10 products', path, headers: { host: shopHost('small') } },
          { label: '10,000 products', path, headers: { host: shopHost('big') } },
        ),
        // As for the home: the 24-product collection is one full page, like the large one's.
        await bench.growth(
          'collection: 24 → 10,000 products (a full page each)',
          { label: '24 products', path, headers: { host: shopHost('cart') } },
          { label: '10,000 products', path, headers: { host: shopHost('big') } },
        ),
      ],
    };
  },
};
