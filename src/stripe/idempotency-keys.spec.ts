import {
  checkoutSessionKey,
  connectedAccountKey,
  newKey,
  priceOffKey,
  productSyncKey,
  refundKey,
} from './idempotency-keys.js';

const ID = '0b6a2c3e-8f1d-4c5e-9a7b-1234567890ab';

describe('idempotency keys', () => {
  // A retried refund or session create across a deploy must send the key the old code sent,
  // or Stripe makes a second one: these strings are what main sent before the keys moved here.
  it('keeps the exact strings of every existing purpose', () => {
    expect(connectedAccountKey(ID, 2)).toBe(`comptoir:shop:${ID}:account:2`);
    expect(checkoutSessionKey(ID)).toBe(`comptoir-checkout-session-${ID}`);
    expect(refundKey(ID)).toBe(`refund:${ID}`);
    expect(productSyncKey(ID, 3, 'product')).toBe(`comptoir:product:${ID}:v3:product`);
    expect(productSyncKey(ID, 3, 'product-update')).toBe(`comptoir:product:${ID}:v3:product-update`);
    expect(productSyncKey(ID, 3, 'price-1250')).toBe(`comptoir:product:${ID}:v3:price-1250`);
    expect(priceOffKey(ID, 3, 'price_123')).toBe(`comptoir:product:${ID}:v3:price-off:price_123`);
  });

  it('builds new purposes as comptoir:<object>:<id>:<purpose>', () => {
    expect(newKey('payout', ID, 'retry')).toBe(`comptoir:payout:${ID}:retry`);
  });
});
