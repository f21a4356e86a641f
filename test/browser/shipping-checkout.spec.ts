import type { Browser, BrowserContext, Page } from 'playwright-core';
import { OutboxMail } from '../../src/mail/entities/outbox-mail.entity.js';
import { Order } from '../../src/orders/entities/order.entity.js';
import { OrderStatus } from '../../src/orders/order-status.js';
import { shopOrigin } from '../../src/common/shop-url.js';
import { ShippingZonesService } from '../../src/tenants/shipping-zones.service.js';
import { createAdmin } from '../factories/accounts.js';
import { shopContext } from '../factories/catalog.js';
import { sellingShop, setShop, type SellingShop } from '../factories/checkout.js';
import { eventually } from '../support/eventually.js';
import type { TestEmulator } from '../support/emulator.js';
import { expectFitsViewport } from '../support/layout-checks.js';
import { stripeApp } from '../support/stripe-app.js';
import type { TestApp } from '../support/test-app.js';

const SHOTS = process.env.RESPONSIVE_SHOTS ?? '/tmp';

/**
 * #26's acceptance: a shop with a zone FR/BE (flat rate, free above €50) and pickup; a shopper in
 * Belgium picks a rate on the emulator's Checkout and pays 4242; the order, the receipt, the
 * merchant's order page, the emulator's balances (fee on goods only) and the admin's revenue
 * agree to the cent. Then the same pages in French, and at 390 and 1280 px.
 */
describe('shipping at checkout in Chromium, offline against the emulator', () => {
  let emu: TestEmulator;
  let t: TestApp;
  let browser: Browser;
  let shop: SellingShop;
  let origin: string;
  const contexts: BrowserContext[] = [];
  const problems: string[] = [];

  beforeAll(async () => {
    ({ emu, t, browser } = await stripeApp({ browser: true }));
    shop = await sellingShop(t, emu, {
      products: [
        { name: 'Blue bowl', price: '24.00' },
        { name: 'Blue cup', price: '11.50' },
      ],
    });
    await setShop(t, shop.shop.id, { shipsPhysicalGoods: true });
    const shipping = t.app.get(ShippingZonesService);
    const ctx = await shopContext(t, shop.shop.id);
    const zone = await shipping.saveZone(ctx, null, { name: 'France & Belgique', countries: 'FR, BE' });
    await shipping.saveRate(ctx, zone, null, {
      kind: 'fixed',
      name: 'Colissimo',
      amount: '4.90',
      minDays: '2',
      maxDays: '4',
    });
    await shipping.saveRate(ctx, zone, null, {
      kind: 'free_above',
      name: 'Standard, free from €50',
      amount: '6.90',
      freeAbove: '50',
      minDays: '3',
      maxDays: '6',
    });
    await shipping.saveRate(ctx, zone, null, { kind: 'pickup', name: 'Pickup at the workshop' });
    origin = shopOrigin(t.config, shop.shop.slug);
  }, 120_000);

  afterAll(async () => {
    for (const c of contexts) await c.close();
  });

  async function newPage(lang: 'en' | 'fr', width: number): Promise<Page> {
    const ctx = await browser.newContext({
      viewport: { width, height: 900 },
      locale: lang === 'fr' ? 'fr-FR' : 'en-US',
    });
    contexts.push(ctx);
    ctx.setDefaultTimeout(20_000);
    const page = await ctx.newPage();
    page.on('console', (msg) => {
      if (msg.type() === 'error' && !/status of (402|422)/.test(msg.text())) problems.push(msg.text());
    });
    return page;
  }

  async function logIn(page: Page, email: string, password: string) {
    await page.goto(`${t.baseUrl}/login`);
    await page.locator('input[name=email]').fill(email);
    await page.locator('input[name=password]').fill(password);
    await page.locator("form[action='/login'] button[type=submit]").click();
    await page.waitForURL((url) => !url.pathname.startsWith('/login'));
  }

  async function shot(page: Page, name: string) {
    await expectFitsViewport(page);
    await page.screenshot({ path: `${SHOTS}/shipping-checkout-${name}.png`, fullPage: true });
  }

  /** The shopper fills the cart, chooses Belgium, and is on the emulator's Checkout page. */
  async function toCheckout(page: Page, products: string[], deliverTo: string, email: string) {
    for (const name of products) {
      await page.goto(origin);
      await page.getByRole('link', { name }).first().click();
      await page.locator("form[action='/cart/add'] button[type=submit]").click();
      await page.waitForURL(`${origin}/cart`);
    }
    await page.locator('#country').selectOption({ label: deliverTo });
    await page.locator('#email').fill(email);
  }

  async function payWithAddress(page: Page, rate: string, pay: RegExp) {
    // The rate first, then "Update total": the hosted page (no script) shows the new total.
    await page.locator('label.rate').filter({ hasText: rate }).locator('input').check();
    await page.locator('button[name=update_total]').click();
    await page.waitForLoadState('load');
    await page.getByRole('button', { name: pay }).first().waitFor();
    await page.locator('#shipping_name').fill('Lou Martin');
    await page.locator('#shipping_line1').fill('12 rue Haute');
    await page.locator('#shipping_postal_code').fill('1000');
    await page.locator('#shipping_city').fill('Bruxelles');
    await page.locator('label.rate').filter({ hasText: rate }).locator('input').check();
    await page.locator('#card_number').fill('4242 4242 4242 4242');
    await page.locator('#card_expiry').fill('12 / 34');
    await page.locator('#card_cvc').fill('123');
    await page.getByRole('button', { name: pay }).first().click();
    await page.waitForURL(new RegExp(`^${origin}/checkout/success\\?session_id=cs_`));
  }

  it('a shopper in Belgium picks the flat rate and pays 4242: order, receipt, merchant page, balances and revenue agree', async () => {
    const shopper = await newPage('en', 1280);
    await toCheckout(shopper, ['Blue bowl', 'Blue cup'], 'Belgium', 'lou@example.com');
    // The destination's choices: the zone's countries, the shop's own (France) preselected.
    expect(await shopper.locator('#country option').allTextContents()).toEqual([
      'Choose a country',
      'Belgium',
      'France',
    ]);
    await shot(shopper, 'cart-en-1280');
    // What each rate costs this cart in Belgium (€35.50: the "free from €50" rate is not free).
    await shopper.getByRole('button', { name: 'Show delivery prices' }).click();
    await shopper.waitForURL(`${origin}/cart?country=BE`);
    expect(await shopper.getByTestId('cart-rates').innerText()).toContain('Standard, free from €50');
    expect(await shopper.getByTestId('cart-rates').innerText()).toContain('€6.90');
    await shot(shopper, 'cart-rates-en-1280');
    await shopper.locator('#email').fill('lou@example.com');
    await shopper.getByRole('button', { name: 'Checkout' }).click();
    await shopper.waitForURL(new RegExp(`^${emu.emulator.url}/c/pay/cs_`));
    // Belgium is the only country the hosted page offers; three options, for this cart.
    const texts = async (selector: string) =>
      (await shopper.locator(selector).allTextContents()).map((s) => s.trim());
    expect(await texts('#shipping_country option')).toEqual(['Belgium']);
    expect(await texts('label.rate .rate-name')).toEqual([
      'Colissimo',
      'Standard, free from €50',
      'Pickup at the workshop',
    ]);
    await payWithAddress(shopper, 'Colissimo', /^Pay €40\.40$/);
    await shopper.getByText('Your order is paid').waitFor({ timeout: 20_000 });
    // The rate and address are the order's once paid: the page shows them (reloaded).
    await shopper.reload();

    const order = await t.db.getRepository(Order).findOneByOrFail({ customerEmail: 'lou@example.com' });
    // Goods 3550 + shipping 490; the fee on the goods only: 5 % of 3550 = 177.5 → 178, + 25.
    expect(order).toMatchObject({
      status: OrderStatus.Paid,
      totalAmount: 4040,
      shippingAmount: 490,
      shippingRateName: 'Colissimo',
      shippingCountry: 'BE',
      applicationFeeAmount: 203,
      flagReason: null,
      shippingAddress: expect.objectContaining({
        name: 'Lou Martin',
        city: 'Bruxelles',
        country: 'BE',
      }) as unknown,
    });
    const amounts = shopper.locator('.order-amounts');
    await amounts.getByText('Shipping (Colissimo)').waitFor();
    expect(await amounts.innerText()).toContain('€35.50');
    expect(await amounts.innerText()).toContain('€4.90');
    expect(await shopper.locator('.total strong').innerText()).toBe('€40.40');
    expect(await shopper.getByTestId('shipping-address').innerText()).toBe(
      'Lou Martin\n12 rue Haute\n1000 Bruxelles\nBelgium',
    );
    await shot(shopper, 'success-en-1280');

    // The receipt, as the mailbox shows it.
    const receipt = await eventually(() =>
      t.db.getRepository(OutboxMail).findOneBy({ to: 'lou@example.com' }),
    );
    for (const line of [
      'Subtotal: €35.50',
      'Shipping (Colissimo): €4.90',
      'Total: €40.40',
      'Delivery address:\n  Lou Martin\n  12 rue Haute\n  1000 Bruxelles\n  Belgium',
    ])
      expect(receipt.text).toContain(line);

    // The charge on the connected account: goods + shipping; the fee, goods only.
    const pi = await emu.stripe.paymentIntents.retrieve(
      order.stripePaymentIntentId!,
      {},
      { stripeAccount: shop.account },
    );
    expect(pi).toMatchObject({ amount: 4040, application_fee_amount: 203 });
    const account = await emu.stripe.balance.retrieve({}, { stripeAccount: shop.account });
    // 4040 − Stripe's 2.9 % + 30 (117 + 30) − the platform's 203.
    expect(account.pending.find((b) => b.currency === 'eur')?.amount).toBe(4040 - 147 - 203);

    // The merchant's order page, and its packing slip.
    const merchant = await newPage('en', 1280);
    await logIn(merchant, shop.email, shop.password);
    await merchant.goto(`${t.baseUrl}/dashboard/orders/${order.id}`);
    expect(await merchant.getByTestId('goods').innerText()).toBe('€35.50');
    expect(await merchant.getByTestId('shipping').innerText()).toBe('€4.90');
    expect(await merchant.getByTestId('total').innerText()).toBe('€40.40');
    expect(await merchant.getByTestId('fee').innerText()).toBe('€2.03');
    await merchant.getByText('Refund shipping (€4.90)').waitFor();
    await shot(merchant, 'order-en-1280');
    await merchant.getByRole('link', { name: 'Packing slip (printable)' }).click();
    await merchant.waitForURL(`${t.baseUrl}/dashboard/orders/${order.id}/packing`);
    expect(await merchant.getByTestId('packing-address').innerText()).toBe(
      'Lou Martin\n12 rue Haute\n1000 Bruxelles\nBelgium',
    );
    expect(await merchant.getByTestId('packing-lines').innerText()).not.toContain('€');
    await shot(merchant, 'packing-en-1280');
    await merchant.emulateMedia({ media: 'print' });
    expect(await merchant.locator('.dashboard-nav').isVisible()).toBe(false);
    await merchant.screenshot({ path: `${SHOTS}/shipping-checkout-packing-print.png`, fullPage: true });
    await merchant.emulateMedia({ media: 'screen' });

    // The admin's revenue: the fee of this order, on its goods.
    const admin = await createAdmin(t);
    const adminPage = await newPage('en', 1280);
    await logIn(adminPage, admin.email, admin.password);
    const csv = await (
      await adminPage.request.get(`${t.baseUrl}/admin/revenue.csv?shop=${shop.shop.slug}`)
    ).text();
    expect(csv.trim().split('\r\n')[1].split(',').slice(2)).toEqual(['eur', '1', '2.03', '0.00', '2.03']);
    expect(problems).toEqual([]);
  }, 120_000);

  it('in French at 390 px: a Belgian shopper picks pickup (free); cart, Checkout, status page, order page and slip fit', async () => {
    const shopper = await newPage('fr', 390);
    await toCheckout(shopper, ['Blue cup'], 'Belgique', 'lea@example.com');
    await shot(shopper, 'cart-fr-390');
    // Refused: a crafted country outside every zone (the select only offers the zone's).
    await shopper.evaluate(() => {
      const select = document.querySelector<HTMLSelectElement>('#country')!;
      select.add(new Option('Allemagne', 'DE'));
      select.value = 'DE';
    });
    await shopper.locator("form[action='/checkout'] button[type=submit]:not([formaction])").click();
    await shopper.getByText('Cette boutique ne livre pas dans ce pays.').waitFor();
    await shot(shopper, 'cart-refused-fr-390');
    await shopper.locator('#country').selectOption({ label: 'Belgique' });
    await shopper.getByRole('button', { name: 'Voir les prix de livraison' }).click();
    await shopper.getByTestId('cart-rates').waitFor();
    await shot(shopper, 'cart-rates-fr-390');
    await shopper.locator('#email').fill('lea@example.com');
    await shopper.locator("form[action='/checkout'] button[type=submit]:not([formaction])").click();
    await shopper.waitForURL(new RegExp(`^${emu.emulator.url}/c/pay/cs_`));
    await shot(shopper, 'emulator-fr-390');
    await payWithAddress(shopper, 'Pickup at the workshop', /^Payer 11,50\s€$/);
    await shopper.getByText('Merci').first().waitFor({ timeout: 20_000 });
    await shopper.reload();
    const order = await t.db.getRepository(Order).findOneByOrFail({ customerEmail: 'lea@example.com' });
    expect(order).toMatchObject({
      totalAmount: 1150,
      shippingAmount: 0,
      shippingRateName: 'Pickup at the workshop',
    });
    expect(await shopper.getByTestId('shipping-address').innerText()).toContain('Belgique');
    await shot(shopper, 'success-fr-390');

    // The other sizes and languages of the pages this issue added to.
    const status = shopper.url();
    for (const [lang, width] of [
      ['en', 390],
      ['fr', 1280],
    ] as const) {
      const page = await newPage(lang, width);
      await page.goto(status);
      await shot(page, `success-${lang}-${width}`);
    }
    for (const [lang, width] of [
      ['fr', 390],
      ['fr', 1280],
      ['en', 390],
    ] as const) {
      await t.db.query('UPDATE app_user SET language = $1 WHERE email = $2', [lang, shop.email]);
      const merchant = await newPage(lang, width);
      await logIn(merchant, shop.email, shop.password);
      await merchant.goto(`${t.baseUrl}/dashboard/orders/${order.id}`);
      await shot(merchant, `order-${lang}-${width}`);
      await merchant.goto(`${t.baseUrl}/dashboard/orders/${order.id}/packing`);
      await shot(merchant, `packing-${lang}-${width}`);
    }
    expect(problems).toEqual([]);
  }, 120_000);
});
