import { shopperForm } from '../harness/app-client.ts';
import type { Scenario } from './scenario.ts';

/** `home`: the storefront home of the 10,000-product shop, app against the baseline. */
export const home: Scenario = {
  name: 'home',
  run: async ({ bench, shopHost }) => ({
    rows: await bench.paired('storefront home', {
      app: { path: '/', headers: { host: shopHost('big') } },
      baseline: { path: '/', headers: { host: shopHost('big') } },
      expect: 200,
    }),
  }),
};

/** `product`: a product page of the big shop. */
export const product: Scenario = {
  name: 'product',
  run: async ({ bench, shopHost, bigProduct }) => ({
    rows: [
      await bench.single(
        'product page',
        { path: `/products/${bigProduct}`, headers: { host: shopHost('big') } },
        200,
      ),
    ],
  }),
};

/** `cart`: the add-to-cart form post, with a shopper's CSRF cookie and token. */
export const cart: Scenario = {
  name: 'cart',
  run: async ({ bench, appPort, shopHost, cartProduct }) => {
    const form = await shopperForm(appPort, shopHost('cart'), cartProduct);
    return {
      rows: [
        await bench.single(
          'add-to-cart POST',
          {
            method: 'POST',
            path: '/cart/add',
            headers: form.headers,
            body: new URLSearchParams({
              productId: cartProduct,
              quantity: '1',
              _csrf: form.token,
            }).toString(),
          },
          303,
        ),
      ],
    };
  },
};
