import { pageText, shopperForm } from '../harness/app-client.ts';
import { cookieHeader, cookiesOf, send } from '../harness/http.ts';
import { log } from '../harness/util.ts';
import type { Scenario } from './scenario.ts';

/**
 * `checkout`: the cart of the `cart` shop posted to Checkout; each request makes a pending order
 * and a Checkout Session on the emulator (the shop's account is onboarded there beforehand).
 */
export const checkout: Scenario = {
  name: 'checkout',
  run: async ({ bench, appPort, shopHost, cartProduct }) => {
    const form = await shopperForm(appPort, shopHost('cart'), cartProduct);
    const added = await send(
      appPort,
      shopHost('cart'),
      'POST',
      '/cart/add',
      form.headers,
      new URLSearchParams({ productId: cartProduct, quantity: '1', _csrf: form.token }).toString(),
    );
    const cookies = new Map([...form.cookies, ...cookiesOf(added)]);
    const headers = { ...form.headers, cookie: cookieHeader(cookies) };
    const body = new URLSearchParams({ _csrf: form.token }).toString();
    const probe = await send(appPort, shopHost('cart'), 'POST', '/checkout', headers, body);
    const available = probe.status === 303;
    if (!available) log(`checkout probe answered ${probe.status}: ${pageText(probe.body)}`);
    const row = await bench.single(
      'checkout POST',
      { method: 'POST', path: '/checkout', headers, body },
      probe.status,
    );
    row.available = available;
    if (!available) row.note = `not available yet (POST /checkout answers ${probe.status} on this branch)`;
    else row.note = 'each request makes a pending order and a Checkout Session on the emulator';
    return { rows: [row] };
  },
};
