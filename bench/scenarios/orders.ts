import { merchantSession, notAvailable } from '../harness/app-client.ts';
import { send } from '../harness/http.ts';
import type { Shot } from '../harness/types.ts';
import type { Scenario } from './scenario.ts';

/** `orders`: the dashboard orders list of the 100,000-order shop, logged in as its merchant. */
export const orders: Scenario = {
  name: 'orders',
  run: async ({ bench, appPort, shops, shopHost, want }) => {
    const probe = await merchantSession(appPort, shops.get('orders-big')!);
    const list = await send(appPort, `localhost:${appPort}`, 'GET', '/dashboard/orders', { cookie: probe });
    if (list.status !== 200) {
      return {
        rows: [
          notAvailable(
            'dashboard orders list',
            `GET /dashboard/orders answers ${list.status} on this branch`,
          ),
        ],
      };
    }
    const dashboard: Shot = {
      path: '/dashboard/orders',
      headers: { host: `localhost:${appPort}`, cookie: probe },
    };
    // With the home in the run, each repetition measures both, so the goal's ratio is a median
    // of same-repetition ratios (the machine's load moves both alike), like app ÷ baseline.
    return {
      rows: [
        want('home')
          ? await bench.againstReference('dashboard orders list', dashboard, {
              path: '/',
              headers: { host: shopHost('big') },
            })
          : await bench.single('dashboard orders list', dashboard, 200),
      ],
    };
  },
};
