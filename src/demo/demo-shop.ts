import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/app-config.js';
import { shopOrigin } from '../common/shop-url.js';
import { t } from '../common/i18n.js';
import { underMigrationLock } from '../database/migrate.js';
import { PlatformSetting } from '../database/platform-setting.entity.js';
import { toAuthUser } from '../auth/auth-user.js';
import { SignUpService } from '../tenants/sign-up.service.js';
import { TenantService } from '../tenants/tenant.service.js';
import { toShopContext, type ShopContext } from '../tenants/shop-context.js';
import { Shop } from '../tenants/entities/shop.entity.js';
import { OnboardingService } from '../onboarding/onboarding.service.js';
import { CatalogService } from '../catalog/catalog.service.js';
import { CollectionsService } from '../catalog/collections.service.js';
import { ShopPagesService } from '../storefront/shop-pages.service.js';
import { SHOP_PAGE_KINDS } from '../storefront/shop-pages.js';
import { CheckoutService } from '../checkout/checkout.service.js';
import { DEMO_COLLECTIONS, DEMO_PAGES, DEMO_PRODUCTS, demoImage } from './demo-content.js';

export const DEMO_SHOP_SLUG = 'demo';
export const DEMO_MERCHANT_EMAIL = 'merchant@comptoir.local';
/** platform_setting key: set once the demo shop is made (what the start banner shows). */
export const DEMO_SHOP_SETTING = 'demo_shop';

export interface DemoShopLogin {
  storefrontUrl: string;
  email: string;
  /** From `$DATA_DIR/demo-shop.json`; null when another data dir's process made the shop. */
  password: string | null;
}

type Log = (line: string) => void;

/**
 * Offline only (config.demoShop): on the first start of an empty database (no shop, no demo made
 * before), makes a demo shop through the app's own services, as a merchant and a shopper would:
 * a merchant account and shop, its connected account onboarded on the emulator, a dozen
 * published products with generated images (the real image pipeline), two collections of them,
 * its legal pages, and one order paid on the emulator's Checkout page (the webhooks mark it
 * paid). Runs under the migrations' advisory lock, so several processes starting on the same
 * database make one shop: the others wait, then find it. The app must be listening (the emulator's webhooks reach it).
 * Returns the log-in for the banner, or null when there is no demo shop.
 */
export async function ensureDemoShop(
  app: INestApplicationContext,
  log: Log = () => {},
): Promise<DemoShopLogin | null> {
  const config = app.get<AppConfig>(APP_CONFIG);
  if (!config.demoShop) return null;
  const db = app.get(DataSource);
  const file = join(config.dataDir, 'demo-shop.json');
  const login = (email: string): DemoShopLogin => ({
    storefrontUrl: shopOrigin(config, DEMO_SHOP_SLUG),
    email,
    password: existsSync(file)
      ? (JSON.parse(readFileSync(file, 'utf8')) as { password: string }).password
      : null,
  });
  return underMigrationLock(db, async () => {
    const made = await db.getRepository(PlatformSetting).findOne({ where: { key: DEMO_SHOP_SETTING } });
    if (made) return login((made.value as { email: string }).email);
    const [{ any }] = await db.query<Array<{ any: boolean }>>('SELECT EXISTS (SELECT 1 FROM shop) AS any');
    if (any) return null;
    log('  Making the demo shop (first start on an empty database)…');
    const password = randomBytes(12).toString('base64url');
    await seed(app, config, password, log);
    writeFileSync(file, JSON.stringify({ email: DEMO_MERCHANT_EMAIL, password }), { mode: 0o600 });
    await db
      .getRepository(PlatformSetting)
      .insert({ key: DEMO_SHOP_SETTING, value: { slug: DEMO_SHOP_SLUG, email: DEMO_MERCHANT_EMAIL } });
    return login(DEMO_MERCHANT_EMAIL);
  });
}

async function seed(
  app: INestApplicationContext,
  config: AppConfig,
  password: string,
  log: Log,
): Promise<void> {
  const db = app.get(DataSource);
  const user = await app.get(SignUpService).signUp({
    email: DEMO_MERCHANT_EMAIL,
    password,
    shopName: t('en', 'demo.shopName'),
    slug: DEMO_SHOP_SLUG,
    currency: 'eur',
    country: 'FR',
    language: 'en',
  });
  const actor = toAuthUser({ id: user.id, email: user.email, role: user.role });
  const fresh = async (): Promise<ShopContext> =>
    toShopContext(await db.getRepository(Shop).findOneOrFail({ where: { ownerUserId: user.id } }));
  let shop = await fresh();

  // Payments: the connected account, onboarded through the emulator's hosted form.
  const onboarding = app.get(OnboardingService);
  const link = await onboarding.startOnboarding(shop, actor);
  await submitOnboardingForm(link, shop.name);
  await onboarding.syncFromStripe(shop, actor);
  // With its account: products made from now on are synced to it at once.
  shop = await fresh();

  // Products, their images through the real pipeline (decode, re-encode, resized copies).
  const catalog = app.get(CatalogService);
  await mkdir(config.uploads.tempDir, { recursive: true });
  const productIds: string[] = [];
  for (const [i, p] of DEMO_PRODUCTS.entries()) {
    const image = await demoImage(p);
    const path = join(config.uploads.tempDir, `demo-${randomBytes(8).toString('hex')}.png`);
    await writeFile(path, image);
    try {
      const product = await catalog.createWithImages(
        shop,
        { name: p.name, description: p.description, price: p.price, stock: '', sortOrder: String(i) },
        [{ path, size: image.length }],
        true,
      );
      productIds.push(product.id);
    } finally {
      await rm(path, { force: true });
    }
  }
  log(`  Demo shop: ${productIds.length} products made`);

  // Collections, each with a few of those products, in the merchant's order.
  const collections = app.get(CollectionsService);
  for (const c of DEMO_COLLECTIONS) {
    const collection = await collections.create(shop, { title: c.title, description: c.description });
    for (const name of c.products) {
      await collections.addProduct(
        shop,
        collection.id,
        productIds[DEMO_PRODUCTS.findIndex((p) => p.name === name)],
      );
    }
  }

  const pages = app.get(ShopPagesService);
  for (const kind of SHOP_PAGE_KINDS) await pages.save(shop, kind, DEMO_PAGES[kind]);
  app.get(TenantService).invalidate(DEMO_SHOP_SLUG);

  // One paid order, as a shopper makes it: once the Prices are on the account (catalog-sync).
  shop = await fresh();
  const bought = productIds.slice(0, 2);
  if (!(await until(() => allSynced(db, shop.id, bought), 60_000))) {
    log('  Demo shop: products not synced to the emulator yet; no demo order');
    return;
  }
  const { url, orderId } = await app.get(CheckoutService).startCheckout(shop, {
    cartId: randomBytes(16).toString('base64url').slice(0, 22),
    ip: '127.0.0.1',
    lines: bought.map((productId, i) => ({ productId, quantity: i + 1 })),
    email: 'shopper@example.com',
    language: 'en',
  });
  const paid = await fetch(url, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      email: 'shopper@example.com',
      card_number: '4242424242424242',
      card_expiry: '12 / 34',
      card_cvc: '123',
      cardholder_name: 'Ada Shopper',
    }),
  });
  if (paid.status !== 303)
    throw new Error(`demo order: the emulator's Checkout page answered ${paid.status}`);
  const settled = await until(async () => {
    const [row] = await db.query<Array<{ status: string }>>(
      'SELECT status FROM shop_order WHERE id = $1 AND shop_id = $2',
      [orderId, shop.id],
    );
    return row?.status === 'paid';
  }, 30_000);
  log(
    settled
      ? '  Demo shop: one paid order'
      : '  Demo shop: the demo order is not paid yet (webhooks pending)',
  );
}

/**
 * Fills in the emulator's hosted onboarding page as the merchant would in a browser (over HTTP:
 * src/ imports nothing from the emulator); a redirect to the return URL means done.
 */
async function submitOnboardingForm(linkUrl: string, businessName: string): Promise<void> {
  const page = await (await fetch(linkUrl)).text();
  const formToken = /name="form_token"\s+value="([^"]+)"/.exec(page)?.[1];
  if (!formToken) throw new Error('demo shop: no form on the emulator onboarding page');
  const res = await fetch(linkUrl, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      form_token: formToken,
      action: 'submit',
      business_name: businessName,
      country: 'FR',
      bank_account: 'FR1420041010050500013M02606',
    }),
  });
  if (res.status < 300 || res.status > 399) throw new Error(`demo shop: onboarding answered ${res.status}`);
}

async function allSynced(db: DataSource, shopId: string, ids: string[]): Promise<boolean> {
  const [{ n }] = await db.query<Array<{ n: number }>>(
    `SELECT count(*)::int AS n FROM product
      WHERE shop_id = $1 AND id = ANY($2) AND sync_state = 'synced' AND stripe_price_id IS NOT NULL`,
    [shopId, ids],
  );
  return n === ids.length;
}

/** Polls `check` every 250 ms until it holds (true) or `timeoutMs` passes (false). */
async function until(check: () => Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return true;
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
