import { CartCookieCodec } from './cart-cookie.js';

describe('CartCookieCodec', () => {
  const codec = new CartCookieCodec('a-secret-of-at-least-thirty-two-chars!!');
  const shopA = '11111111-1111-4111-8111-111111111111';
  const shopB = '22222222-2222-4222-8222-222222222222';
  const line = { productId: '33333333-3333-4333-8333-333333333333', quantity: 2 };

  it('round-trips a cart for its own shop only', () => {
    const value = codec.encode(shopA, [line]);
    expect(codec.decode(shopA, value)).toEqual([line]);
    expect(codec.decode(shopB, value)).toEqual([]);
  });

  it('reads tampered, foreign-key or malformed values as an empty cart', () => {
    const [payload, mac] = codec.encode(shopA, [line]).split('.');
    const edited = Buffer.from(JSON.stringify({ s: shopA, l: [[line.productId, 99]] })).toString('base64url');
    expect(codec.decode(shopA, `${edited}.${mac}`)).toEqual([]);
    expect(
      codec.decode(shopA, new CartCookieCodec('another-secret-another-secret-xx').encode(shopA, [line])),
    ).toEqual([]);
    for (const junk of [undefined, '', 'abc', `${payload}.`, `.${mac}`, 42])
      expect(codec.decode(shopA, junk)).toEqual([]);
  });

  it('drops out-of-range quantities', () => {
    const value = codec.encode(shopA, [
      line,
      { productId: 'x', quantity: 0 },
      { productId: 'y', quantity: 100 },
    ]);
    expect(codec.decode(shopA, value)).toEqual([line]);
  });

  it('keeps a line’s variant; a cart written before variants reads as before (default variants)', () => {
    const variant = { ...line, variantId: '44444444-4444-4444-8444-444444444444' };
    expect(codec.decode(shopA, codec.encode(shopA, [line, variant]))).toEqual([line, variant]);
    // The old format: [productId, quantity] only.
    const old = Buffer.from(JSON.stringify({ s: shopA, l: [[line.productId, 2]] })).toString('base64url');
    const signed = codec.encode(shopA, [line]);
    expect(signed.split('.')[0]).toBe(old);
  });
});
