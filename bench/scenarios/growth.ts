import { merchantSession } from '../harness/app-client.ts';
import { send } from '../harness/http.ts';
import { setShopCount } from '../harness/seed.ts';
import { log } from '../harness/util.ts';
import type { Scenario } from './scenario.ts';

/** `products-growth`: the storefront home as the catalog grows. */
export const productsGrowth: Scenario = {
  name: 'products-growth',
  run: async ({ bench, shopHost }) => {
    log('growth runs: products');
    return {
      growth: [
        await bench.growth(
          'home: 10 → 10,000 products',
          { label: '10 products', path: '/', headers: { host: shopHost('small') } },
          { label: '10,000 products', path: '/', headers: { host: shopHost('big') } },
        ),
        // The 10-product home shows 10 cards, the 10,000-product one a full page of 24: this pair
        // (the 24-product shop is one full page) isolates catalog size from page size.
        await bench.growth(
          'home: 24 → 10,000 products (a full page each)',
          { label: '24 products', path: '/', headers: { host: shopHost('cart') } },
          { label: '10,000 products', path: '/', headers: { host: shopHost('big') } },
        ),
      ],
    };
  },
};

/** `shops-growth`: the same storefront home with 10, then 10,000 shops on the platform. */
export const shopsGrowth: Scenario = {
  name: 'shops-growth',
  run: async ({ bench, db, shopHost }) => {
    log('growth runs: shops');
    const growth = [
      await bench.growth(
        'home: 10 → 10,000 shops',
        {
          label: '10 shops',
          path: '/',
          headers: { host: shopHost('small') },
          before: () => setShopCount(db, 10),
        },
        {
          label: '10,000 shops',
          path: '/',
          headers: { host: shopHost('small') },
          before: () => setShopCount(db, 10_000),
        },
      ),
    ];
    await setShopCount(db, 10);
    return { growth };
  },
};

/** `orders-growth`: the dashboard orders list of a 100-order and a 100,000-order shop. */
export const ordersGrowth: Scenario = {
  name: 'orders-growth',
  run: async ({ bench, appPort, shops }) => {
    log('growth runs: orders');
    const big = await merchantSession(appPort, shops.get('orders-big')!);
    const small = await merchantSession(appPort, shops.get('orders-small')!);
    const list = await send(appPort, `localhost:${appPort}`, 'GET', '/dashboard/orders', { cookie: small });
    if (list.status !== 200) {
      return {
        growth: [
          {
            name: 'orders list: 100 → 100,000 orders',
            small: '100 orders',
            large: '100,000 orders',
            available: false,
            note: `not available yet (GET /dashboard/orders answers ${list.status})`,
          },
        ],
      };
    }
    return {
      growth: [
        await bench.growth(
          'orders list: 100 → 100,000 orders',
          {
            label: '100 orders',
            path: '/dashboard/orders',
            headers: { host: `localhost:${appPort}`, cookie: small },
          },
          {
            label: '100,000 orders',
            path: '/dashboard/orders',
            headers: { host: `localhost:${appPort}`, cookie: big },
          },
        ),
      ],
    };
  },
};
