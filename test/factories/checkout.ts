import type Stripe from 'stripe';
import { submitHostedOnboarding } from '@comptoir/stripe-emulator';
import request from 'supertest';
import { Product } from '../../src/catalog/entities/product.entity.js';
import { Order } from '../../src/orders/entities/order.entity.js';
import type { OrderStatus } from '../../src/orders/order-status.js';
import { TenantService } from '../../src/tenants/tenant.service.js';
import { Shop } from '../../src/tenants/entities/shop.entity.js';
import { createMerchant, csrfFrom, shopHost, type Merchant } from './accounts.js';
import { createProduct } from './catalog.js';
import { eventually } from '../support/eventually.js';
import { PlatformSetting } from '../../src/database/platform-setting.entity.js';
import { StripeEvent } from '../../src/webhooks/entities/stripe-event.entity.js';
import {
  WEBHOOK_ENDPOINTS_SETTING,
  type StoredWebhookEndpoints,
} from '../../src/webhooks/webhook-endpoints.types.js';
import { deliver, sign } from './stripe-events.js';
import type { TestEmulator } from '../support/emulator.js';
import type { TestApp } from '../support/test-app.js';

/** Completes the emulator's hosted onboarding form for an account (charges and payouts enabled). */
export async function onboardOnEmulator(s: TestEmulator, accountId: string, businessName = 'Test business') {
  const link = await s.stripe.accountLinks.create({
    account: accountId,
    type: 'account_onboarding',
    refresh_url: 'http://localhost/refresh',
    return_url: 'http://localhost/return',
  });
  await submitHostedOnboarding(link.url, { businessName, bankAccount: 'DE89370400440532013000' });
}

/**
 * Gives the shop a connected account on the emulator, made as the app's onboarding makes it
 * (Stripe's dashboard, fees and losses on the account) and onboarded through its hosted form;
 * our shop row is set directly, as onboarding would. Once per shop: returns the existing one.
 */
export async function connectShop(t: TestApp, s: TestEmulator, shopId: string): Promise<string> {
  const shop = await t.db.getRepository(Shop).findOneByOrFail({ id: shopId });
  if (shop.stripeAccountId) return shop.stripeAccountId;
  const account = await s.stripe.accounts.create({
    controller: {
      stripe_dashboard: { type: 'full' },
      fees: { payer: 'account' },
      losses: { payments: 'stripe' },
    },
    country: shop.country,
  });
  await t.db
    .getRepository(Shop)
    .update({ id: shopId }, { stripeAccountId: account.id, stripeChargesEnabled: true });
  t.app.get(TenantService).invalidate(shop.slug);
  await onboardOnEmulator(s, account.id, shop.name);
  return account.id;
}

/**
 * Waits until the catalog-sync job has put the product's Price on the shop's account. Long
 * enough for two retries of a failed attempt (5 s, then 10 s: the job's backoff) on a loaded
 * machine; a timeout names the product's last sync state and error.
 */
export async function syncedProduct(t: TestApp, productId: string, timeoutMs = 40_000): Promise<Product> {
  try {
    return await eventually(async () => {
      const row = await t.db.getRepository(Product).findOneByOrFail({ id: productId });
      return row.syncState === 'synced' && row.stripePriceId ? row : undefined;
    }, timeoutMs);
  } catch (err) {
    const row = await t.db.getRepository(Product).findOneBy({ id: productId });
    throw new Error(`product ${productId} not synced: state ${row?.syncState}, error ${row?.syncError}`, {
      cause: err,
    });
  }
}

export interface SellingShop extends Merchant {
  account: string;
  products: Product[];
}

/**
 * A merchant whose shop can sell: a connected account on the emulator with charges enabled
 * (through its onboarding form; our shop row set directly, as onboarding would), and published
 * products whose Prices are synced to that account.
 */
export async function sellingShop(
  t: TestApp,
  s: TestEmulator,
  options: { currency?: string; products?: Array<{ name: string; price: string; stock?: string }> } = {},
): Promise<SellingShop> {
  const m = await createMerchant(t, { currency: options.currency ?? 'eur' });
  const account = await connectShop(t, s, m.shop.id);
  const products: Product[] = [];
  for (const p of options.products ?? [{ name: 'Teapot', price: '25.00' }]) {
    const made = await createProduct(t, m.shop.id, { ...p, publish: true });
    products.push(made);
  }
  for (const [i, p] of products.entries()) products[i] = await syncedProduct(t, p.id);
  return { ...m, account, products };
}

type Agent = ReturnType<typeof request.agent>;

/**
 * A shopper's browser on one shop host: its cookies (cart, cart id, CSRF), its forms, and its
 * Accept-Language (English unless told: a browser always sends one, and the shop picks among its
 * own languages with it).
 */
export class Shopper {
  readonly agent: Agent;
  readonly host: string;
  private csrf?: string;

  constructor(
    private readonly t: TestApp,
    slug: string,
    readonly acceptLanguage = 'en',
  ) {
    this.agent = request.agent(t.app.getHttpServer());
    this.host = shopHost(t, slug);
  }

  get(path: string) {
    return this.agent.get(path).set('Host', this.host).set('Accept-Language', this.acceptLanguage);
  }

  async post(path: string, form: Record<string, string> = {}): Promise<request.Response> {
    if (!this.csrf) {
      const page = await this.get('/').expect(200);
      const product = /href='(\/products\/[^']+)'/.exec(page.text)?.[1];
      this.csrf = csrfFrom((await this.get(product ?? '/cart').expect(200)).text);
    }
    return this.agent
      .post(path)
      .set('Host', this.host)
      .set('Accept-Language', this.acceptLanguage)
      .type('form')
      .send({ _csrf: this.csrf, ...form });
  }

  async add(productId: string, quantity = 1) {
    expectStatus(await this.post('/cart/add', { productId, quantity: String(quantity) }), 303);
  }

  /** POST /checkout (with "Deliver to" when given); returns the Checkout Session URL it redirected to. */
  async checkout(email?: string, country?: string): Promise<string> {
    const form = { ...(email ? { email } : {}), ...(country ? { country } : {}) };
    const res = expectStatus(await this.post('/checkout', form), 303);
    return res.headers.location;
  }
}

/** Fails with the page's text when a response is not the expected status (easier to debug). */
export function expectStatus(res: request.Response, status: number): request.Response {
  if (res.status !== status)
    throw new Error(`expected ${status}, got ${res.status}: ${res.text.slice(0, 500)}`);
  return res;
}

export const sessionIdOf = (url: string) => /\/c\/pay\/(cs_[A-Za-z0-9_]+)/.exec(url)![1];

/** Submits the emulator's Checkout page form; returns where it redirected (or its status). */
export async function payOnEmulator(
  sessionUrl: string,
  form: Record<string, string>,
  path = '',
): Promise<{ status: number; location: string | null; text: string }> {
  const res = await fetch(`${sessionUrl}${path}`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form),
  });
  return { status: res.status, location: res.headers.get('location'), text: await res.text() };
}

export const CARD = (number: string, email = 'shopper@example.com') => ({
  email,
  card_number: number,
  card_expiry: '12 / 34',
  card_cvc: '123',
  cardholder_name: 'Sam Shopper',
});

export async function orderBySession(t: TestApp, sessionId: string): Promise<Order> {
  return eventually(() => t.db.getRepository(Order).findOneBy({ stripeCheckoutSessionId: sessionId }));
}

export async function waitForStatus(t: TestApp, orderId: string, status: OrderStatus, timeoutMs = 15_000) {
  return eventually(async () => {
    const order = await t.db.getRepository(Order).findOneByOrFail({ id: orderId });
    return order.status === status ? order : undefined;
  }, timeoutMs);
}

/**
 * Delivers an event as Stripe would to the platform's Connect endpoint (signed with the secret the
 * app stored when it registered that endpoint on the emulator), waits until it is handled, and
 * returns how it ended (`processed`, `quarantined`, …).
 */
export async function deliverConnectEvent(t: TestApp, event: Stripe.Event): Promise<StripeEvent['status']> {
  const endpoints = (
    await t.db.getRepository(PlatformSetting).findOneByOrFail({ key: WEBHOOK_ENDPOINTS_SETTING })
  ).value as StoredWebhookEndpoints;
  await deliver(t.app, sign(event, endpoints.connect.secret)).expect(200);
  const row = await eventually(async () => {
    const e = await t.db.getRepository(StripeEvent).findOneBy({ id: event.id });
    return e && !['received', 'processing', 'failed'].includes(e.status) ? e : undefined;
  });
  return row.status;
}

export async function setShop(t: TestApp, shopId: string, patch: Partial<Shop>): Promise<void> {
  const shop = await t.db.getRepository(Shop).findOneByOrFail({ id: shopId });
  await t.db.getRepository(Shop).update({ id: shopId }, patch);
  t.app.get(TenantService).invalidate(shop.slug);
}

export type { Stripe };

/** The hosted page's shipping fields (contract #26): an address in `country`, and the chosen rate. */
export const ADDRESS = (country = 'FR', rate?: string) => ({
  shipping_name: 'Sam Shopper',
  shipping_line1: '1 rue de la Paix',
  shipping_postal_code: '75002',
  shipping_city: 'Paris',
  shipping_country: country,
  ...(rate ? { shipping_rate: rate } : {}),
});
