import { ProductVariant } from '../../src/catalog/entities/product-variant.entity.js';
import { Product } from '../../src/catalog/entities/product.entity.js';
import { OutboxMail } from '../../src/mail/entities/outbox-mail.entity.js';
import { OrderItem } from '../../src/orders/entities/order-item.entity.js';
import { Order } from '../../src/orders/entities/order.entity.js';
import { OrderStatus } from '../../src/orders/order-status.js';
import { createMerchant, loginAgent, type LoggedInAgent } from '../factories/accounts.js';
import { createProduct, shopContext } from '../factories/catalog.js';
import { RefundsService } from '../../src/orders/refunds.service.js';
import { toAuthUser } from '../../src/auth/auth-user.js';
import type { UserRole } from '../../src/auth/entities/user.entity.js';
import {
  CARD,
  expectStatus,
  orderBySession,
  payOnEmulator,
  sellingShop,
  sessionIdOf,
  Shopper,
  waitForStatus,
  type SellingShop,
} from '../factories/checkout.js';
import type { TestEmulator } from '../support/emulator.js';
import { eventually } from '../support/eventually.js';
import { stripeApp } from '../support/stripe-app.js';
import type { TestApp } from '../support/test-app.js';

describe('Variants: options, a variant per combination, stock and Stripe per variant', () => {
  let s: TestEmulator;
  let t: TestApp;
  beforeAll(async () => {
    ({ emu: s, t } = await stripeApp());
  }, 60_000);

  const variantsOf = (productId: string) =>
    t.db.getRepository(ProductVariant).find({
      where: { productId },
      order: { position: 'ASC' },
    });
  const current = async (productId: string) => (await variantsOf(productId)).filter((v) => !v.archivedAt);
  const byTitle = async (productId: string) =>
    new Map((await current(productId)).map((v) => [v.optionValues.join(' / '), v]));

  /** Every current variant synced: its own Price with today's amount. */
  const synced = (productId: string) =>
    eventually(async () => {
      const p = await t.db.getRepository(Product).findOneByOrFail({ id: productId });
      const vs = await current(productId);
      const ready = vs.every((v) => !v.active || (v.stripePriceId && v.stripePriceAmount === v.priceAmount));
      return p.syncState === 'synced' && ready && vs;
    }, 20_000);

  /** The table form as the page posts it, with `patch` per variant title. */
  const tableForm = async (
    a: LoggedInAgent,
    productId: string,
    patch: Record<
      string,
      Partial<{
        price: string;
        stock: string;
        sku: string;
        compareAt: string;
        active: boolean;
        image: string;
      }>
    >,
  ) => {
    const vs = await current(productId);
    const body = new URLSearchParams({ _csrf: a.csrf });
    for (const v of vs) {
      const p = patch[v.optionValues.join(' / ')] ?? {};
      body.append('variantId', v.id);
      body.append('price', p.price ?? (v.priceAmount / 100).toFixed(2));
      body.append('compareAt', p.compareAt ?? '');
      body.append('stock', p.stock ?? (v.stock === null ? '' : String(v.stock)));
      body.append('sku', p.sku ?? v.sku ?? '');
      body.append('weight', '');
      body.append('image', p.image ?? v.imageId ?? '');
      if (p.active ?? v.active) body.append('active', v.id);
    }
    return a.agent
      .post(`/dashboard/products/${productId}/variants`)
      .set('Host', t.config.appHost)
      .type('form')
      .send(body.toString());
  };

  let shop: SellingShop;
  let merchant: LoggedInAgent;
  let mug: Product;
  let paidOrderId: string;
  beforeAll(async () => {
    shop = await sellingShop(t, s, { products: [{ name: 'Mug', price: '12.00', stock: '5' }] });
    mug = shop.products[0];
    merchant = await loginAgent(t, shop);
  }, 60_000);

  it('makes 2 × 3 variants from two options, edits them in one table, each its own Stripe Product and Price', async () => {
    const page = await merchant.get(`/dashboard/products/${mug.id}/variants`).expect(200);
    expect(page.text).toContain('Options and variants');
    await merchant
      .post(`/dashboard/products/${mug.id}/variants/options`, {
        option1Name: 'Colour',
        option1Values: 'Blue, Red',
        option2Name: 'Size',
        option2Values: 'Small\nMedium\nLarge',
      })
      .expect(303);
    const made = await byTitle(mug.id);
    expect([...made.keys()]).toEqual([
      'Blue / Small',
      'Blue / Medium',
      'Blue / Large',
      'Red / Small',
      'Red / Medium',
      'Red / Large',
    ]);
    // The default variant is archived (orders keep pointing at it); new ones start counted at 0.
    expect((await variantsOf(mug.id)).filter((v) => v.archivedAt).map((v) => v.optionValues)).toEqual([[]]);
    expect([...made.values()].map((v) => [v.priceAmount, v.stock])).toEqual(Array(6).fill([1200, 0]));
    // Each combination is on Stripe before some are switched off below.
    await synced(mug.id);

    // A bad row re-renders the table with what was typed and a message on that cell.
    const bad = await tableForm(merchant, mug.id, { 'Blue / Large': { price: 'abc', stock: '7' } });
    expect(bad.status).toBe(422);
    expect(bad.text).toContain("value='abc'");
    expect(bad.text).toContain(`id='price-${made.get('Blue / Large')!.id}-error'`);

    const [mugImage] = await t.db.query<Array<{ id: string }>>(
      'SELECT id FROM product_image WHERE product_id = $1',
      [mug.id],
    );
    expectStatus(
      await tableForm(merchant, mug.id, {
        'Blue / Small': { stock: '3', sku: 'MUG-BS' },
        'Blue / Large': { price: '15.00', stock: '1', sku: 'MUG-BL', compareAt: '18.00', image: mugImage.id },
        'Red / Large': { stock: '2' },
        'Red / Small': { active: false },
      }),
      303,
    );
    // The same SKU twice in the shop is refused.
    const other = await createProduct(t, shop.shop.id, { name: 'Plate', publish: true });
    const [plate] = await current(other.id);
    const taken = await merchant
      .post(`/dashboard/products/${other.id}/variants`, {
        variantId: plate.id,
        price: '3.00',
        stock: '',
        sku: 'MUG-BS',
        weight: '',
        active: plate.id,
      })
      .expect(422);
    expect(taken.text).toContain('Another variant of the shop has this SKU.');

    const vs = new Map((await synced(mug.id)).map((v) => [v.optionValues.join(' / '), v]));
    const row = await t.db.getRepository(Product).findOneByOrFail({ id: mug.id });
    // The product row shows the summary: lowest price of what is for sale, total stock.
    expect([row.priceAmount, row.stock]).toEqual([1200, 6]);
    const bl = vs.get('Blue / Large')!;
    expect([bl.priceAmount, bl.compareAtAmount, bl.stock, bl.sku, bl.imageId]).toEqual([
      1500,
      1800,
      1,
      'MUG-BL',
      mugImage.id,
    ]);
    const stripeProduct = await s.stripe.products.retrieve(
      bl.stripeProductId!,
      {},
      { stripeAccount: shop.account },
    );
    expect(stripeProduct).toMatchObject({ name: 'Mug — Blue / Large', active: true });
    const price = await s.stripe.prices.retrieve(bl.stripePriceId!, {}, { stripeAccount: shop.account });
    expect(price).toMatchObject({
      unit_amount: 1500,
      currency: 'eur',
      active: true,
      product: bl.stripeProductId,
    });
    const ids = [...vs.values()].map((v) => v.stripeProductId);
    expect(new Set(ids).size).toBe(6);
    // Switched off: its Stripe Product and Price are deactivated.
    const rs = vs.get('Red / Small')!;
    expect(rs.stripePriceId).toBeNull();
    expect(
      (await s.stripe.products.retrieve(rs.stripeProductId!, {}, { stripeAccount: shop.account })).active,
    ).toBe(false);

    // A price change makes a new Price and deactivates the old one.
    expectStatus(await tableForm(merchant, mug.id, { 'Blue / Large': { price: '16.00' } }), 303);
    const after = await eventually(async () => {
      const v = (await byTitle(mug.id)).get('Blue / Large')!;
      return v.stripePriceAmount === 1600 && v;
    });
    expect(after.stripeProductId).toBe(bl.stripeProductId);
    expect(
      (await s.stripe.prices.retrieve(bl.stripePriceId!, {}, { stripeAccount: shop.account })).active,
    ).toBe(false);
    await synced(mug.id);
  }, 90_000);

  it('lets the shopper pick each option without script, shows the variant, marks sold-out combinations', async () => {
    const vs = await byTitle(mug.id);
    const shopper = new Shopper(t, shop.shop.slug);
    const plain = await shopper.get(`/products/${mug.id}`).expect(200);
    expect(plain.text).toContain("name='option1'");
    expect(plain.text).not.toContain("name='variantId'");
    // Blue / Medium has none left; with nothing chosen yet, no value has every combination sold out.
    const picked = await shopper.get(`/products/${mug.id}?option1=Blue&option2=Large`).expect(303);
    expect(picked.headers.location).toBe(`/products/${mug.id}?variant=${vs.get('Blue / Large')!.id}`);
    const page = await shopper.get(picked.headers.location).expect(200);
    expect(page.text).toContain('Blue / Large');
    expect(page.text).toContain('€16.00');
    expect(page.text).toContain(`name='variantId' value='${vs.get('Blue / Large')!.id}'`);
    // With Blue chosen, Medium (0 left) is marked sold out; Small (3 left) is not.
    expect(page.text).toMatch(/<option value='Medium'>Medium — sold out<\/option>/);
    expect(page.text).toMatch(/<option value='Small'>Small<\/option>/);
    const soldOut = await shopper
      .get(`/products/${mug.id}?variant=${vs.get('Blue / Medium')!.id}`)
      .expect(200);
    expect(soldOut.text).toContain('This combination is sold out.');
    expect(soldOut.text).not.toContain("action='/cart/add'");
    // A switched-off variant is not for sale: not found.
    await shopper.get(`/products/${mug.id}?variant=${vs.get('Red / Small')!.id}`).expect(404);
    // Without a variant, a product with options cannot be added.
    expectStatus(await shopper.post('/cart/add', { productId: mug.id, quantity: '1' }), 422);
  });

  it('sells two variants in one cart: Checkout, the order and the receipt name them; stock moves per variant', async () => {
    const vs = await byTitle(mug.id);
    const bs = vs.get('Blue / Small')!;
    const rl = vs.get('Red / Large')!;
    const shopper = new Shopper(t, shop.shop.slug);
    for (const [v, q] of [
      [bs, 2],
      [rl, 1],
    ] as const) {
      expectStatus(
        await shopper.post('/cart/add', { productId: mug.id, variantId: v.id, quantity: String(q) }),
        303,
      );
    }
    // More than a variant has is refused (Red / Large has 2; the cart wants 3).
    expectStatus(
      await shopper.post('/cart/add', { productId: mug.id, variantId: rl.id, quantity: '2' }),
      422,
    );
    const cart = await shopper.get('/cart').expect(200);
    expect(cart.text).toContain('Mug — Blue / Small');
    expect(cart.text).toContain('Mug — Red / Large');
    const url = await shopper.checkout('variants@example.com');
    const checkoutPage = await (await fetch(url)).text();
    expect(checkoutPage).toContain('Mug — Blue / Small × 2');
    expect(checkoutPage).toContain('Mug — Red / Large × 1');
    const order = await orderBySession(t, sessionIdOf(url));
    expect(order.totalAmount).toBe(2 * 1200 + 1200);
    const stock = async () =>
      new Map((await current(mug.id)).map((v) => [v.optionValues.join(' / '), v.stock]));
    let left = await stock();
    expect([left.get('Blue / Small'), left.get('Red / Large'), left.get('Blue / Large')]).toEqual([1, 1, 1]);
    expect((await t.db.getRepository(Product).findOneByOrFail({ id: mug.id })).stock).toBe(3);
    const items = await t.db.getRepository(OrderItem).find({ where: { orderId: order.id } });
    expect(items.map((i) => [i.name, i.variantId, i.quantity]).sort()).toEqual(
      [
        ['Mug — Blue / Small', bs.id, 2],
        ['Mug — Red / Large', rl.id, 1],
      ].sort(),
    );
    const paid = await payOnEmulator(url, CARD('4242424242424242', 'variants@example.com'));
    expect(paid.status).toBe(303);
    await waitForStatus(t, order.id, OrderStatus.Paid);
    const receipt = await eventually(() =>
      t.db.getRepository(OutboxMail).findOneBy({ to: 'variants@example.com' }),
    );
    expect(receipt.text).toContain('2 × Mug — Blue / Small');
    expect(receipt.text).toContain('1 × Mug — Red / Large');
    const orderPage = await merchant.get(`/dashboard/orders/${order.id}`).expect(200);
    expect(orderPage.text).toContain('Mug — Blue / Small');
    left = await stock();
    expect([left.get('Blue / Small'), left.get('Red / Large')]).toEqual([1, 1]);
    paidOrderId = order.id;
  }, 60_000);

  it('refunds one line and puts its unit back in its variant’s stock, never more than was sold', async () => {
    const items = await t.db.getRepository(OrderItem).find({ where: { orderId: paidOrderId } });
    const small = items.find((i) => i.name === 'Mug — Blue / Small')!;
    const stockOf = async (id: string) =>
      (await t.db.getRepository(ProductVariant).findOneByOrFail({ id })).stock;
    const before = await stockOf(small.variantId!);
    const page = await merchant.get(`/dashboard/orders/${paidOrderId}`).expect(200);
    expect(page.text).toContain(`value='${small.id}:1'`);
    expect(page.text).toContain('Put 2 × Mug — Blue / Small back in stock');
    await merchant
      .post(`/dashboard/orders/${paidOrderId}/refunds`, { amount: '12.00', restock: `${small.id}:1` })
      .expect(303);
    expect(await stockOf(small.variantId!)).toBe(before! + 1);
    const shown = await merchant.get(`/dashboard/orders/${paidOrderId}`).expect(200);
    expect(shown.text).toContain('1 back in stock');
    expect(shown.text).toContain('Put back in stock');

    // 20 concurrent restocks of one unit of that line: only the one unit left to put back moves.
    const shopCtx = await shopContext(t, shop.shop.id);
    const [user] = await t.db.query<Array<{ id: string; email: string; role: UserRole }>>(
      'SELECT id, email, role FROM app_user WHERE email = $1',
      [shop.email],
    );
    const refunds = t.app.get(RefundsService);
    const moved = await Promise.all(
      Array.from({ length: 20 }, () =>
        refunds.restock(shopCtx, toAuthUser(user), paidOrderId, [{ itemId: small.id, quantity: 1 }]),
      ),
    );
    expect(moved.reduce((a, b) => a + b, 0)).toBe(1);
    expect(await stockOf(small.variantId!)).toBe(before! + 2);
    expect((await t.db.getRepository(OrderItem).findOneByOrFail({ id: small.id })).restockedQuantity).toBe(2);

    // Another shop's order line is not found, and no refund is made for that request.
    const bob = await createMerchant(t, { currency: 'eur' });
    const [bobsLine] = await t.db.query<Array<{ id: string }>>(
      `INSERT INTO shop_order (shop_id, number, currency, total_amount, application_fee_amount)
       VALUES ($1, 1, 'eur', 100, 5) RETURNING id`,
      [bob.shop.id],
    );
    const [foreign] = await t.db.query<Array<{ id: string }>>(
      `INSERT INTO shop_order_item (shop_id, order_id, product_id, name, unit_amount, quantity)
       VALUES ($1, $2, gen_random_uuid(), 'Bob thing', 100, 1) RETURNING id`,
      [bob.shop.id, bobsLine.id],
    );
    const refundsBefore = await t.db.query<unknown[]>('SELECT id FROM shop_refund WHERE order_id = $1', [
      paidOrderId,
    ]);
    await merchant
      .post(`/dashboard/orders/${paidOrderId}/refunds`, { amount: '1.00', restock: `${foreign.id}:1` })
      .expect(404);
    expect(
      await t.db.query<unknown[]>('SELECT id FROM shop_refund WHERE order_id = $1', [paidOrderId]),
    ).toHaveLength(refundsBefore.length);
  }, 60_000);

  it('the last unit of a variant cannot be sold twice: 20 concurrent checkouts, one reservation', async () => {
    const bl = (await byTitle(mug.id)).get('Blue / Large')!;
    expect(bl.stock).toBe(1);
    const shoppers = Array.from({ length: 20 }, () => new Shopper(t, shop.shop.slug));
    for (const sh of shoppers) {
      expectStatus(await sh.post('/cart/add', { productId: mug.id, variantId: bl.id, quantity: '1' }), 303);
    }
    const before = await t.db.getRepository(Order).countBy({ shopId: shop.shop.id });
    const results = await Promise.all(shoppers.map(async (sh) => (await sh.post('/checkout', {})).status));
    expect(results.filter((st) => st === 303)).toHaveLength(1);
    expect(results.filter((st) => st === 409)).toHaveLength(19);
    expect((await byTitle(mug.id)).get('Blue / Large')!.stock).toBe(0);
    expect(await t.db.getRepository(Order).countBy({ shopId: shop.shop.id })).toBe(before + 1);
  }, 60_000);

  it('lists the shop’s own low-stock variants on the dashboard', async () => {
    const other = await createMerchant(t, { currency: 'eur' });
    await createProduct(t, other.shop.id, { name: 'Other shop vase', stock: '1', publish: true });
    const home = await merchant.get('/dashboard').expect(200);
    expect(home.text).toContain('Low stock');
    expect(home.text).toContain('Mug — Blue / Medium</a> — 0 left');
    expect(home.text).not.toContain('Mug — Red / Small'); // switched off: not for sale
    expect(home.text).not.toContain('Other shop vase');
  });

  it('answers "not found" for another shop’s product and variant ids on every variants route', async () => {
    const bob = await createMerchant(t, { currency: 'eur' });
    const bobs = await createProduct(t, bob.shop.id, { name: 'Bob secret', price: '5.00', publish: true });
    const [bobsVariant] = await current(bobs.id);
    await merchant.get(`/dashboard/products/${bobs.id}/variants`).expect(404);
    await merchant
      .post(`/dashboard/products/${bobs.id}/variants/options`, { option1Name: 'Size', option1Values: 'S' })
      .expect(404);
    await merchant
      .post(`/dashboard/products/${bobs.id}/variants`, {
        variantId: bobsVariant.id,
        price: '1.00',
        stock: '',
        sku: '',
        weight: '',
      })
      .expect(404);
    // Bob's variant under Alice's own product: not found either, and nothing of Bob's changes.
    await merchant
      .post(`/dashboard/products/${mug.id}/variants`, {
        variantId: bobsVariant.id,
        price: '1.00',
        stock: '',
        sku: '',
        weight: '',
      })
      .expect(404);
    expect(
      (await t.db.getRepository(ProductVariant).findOneByOrFail({ id: bobsVariant.id })).priceAmount,
    ).toBe(500);
    // Bob's image on Alice's variant: not found.
    const [bobsImage] = await t.db.query<Array<{ id: string }>>(
      'SELECT id FROM product_image WHERE product_id = $1',
      [bobs.id],
    );
    expectStatus(await tableForm(merchant, mug.id, { 'Blue / Small': { image: bobsImage.id } }), 404);
    const shopper = new Shopper(t, shop.shop.slug);
    await shopper.get(`/products/${mug.id}?variant=${bobsVariant.id}`).expect(404);
    expectStatus(
      await shopper.post('/cart/add', { productId: mug.id, variantId: bobsVariant.id, quantity: '1' }),
      404,
    );
    expectStatus(
      await shopper.post('/cart/add', { productId: bobs.id, variantId: bobsVariant.id, quantity: '1' }),
      404,
    );
    await merchant.get('/dashboard/products/not-a-uuid/variants').expect(404);
  });
});
