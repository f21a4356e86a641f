import { RequestMethod } from '@nestjs/common';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum.js';
import { METHOD_METADATA, PATH_METADATA, ROUTE_ARGS_METADATA } from '@nestjs/common/constants.js';
import { ModulesContainer } from '@nestjs/core';
import request from 'supertest';
import { hashStatusToken, orderStatusToken } from '../../src/orders/order-token.js';
import { OutboxMail } from '../../src/mail/entities/outbox-mail.entity.js';
import { AuthService } from '../../src/auth/auth.service.js';
import { RefundsService } from '../../src/orders/refunds.service.js';
import { ShopPagesService } from '../../src/storefront/shop-pages.service.js';
import { CollectionsService } from '../../src/catalog/collections.service.js';
import { ShippingZonesService } from '../../src/tenants/shipping-zones.service.js';
import { queryParamsOf, type QueryParamKind } from '../../src/web/query-params.js';
import {
  createAdmin,
  createMerchant,
  loginAgent,
  platformHost,
  shopHost,
  type LoggedInAgent,
  type Merchant,
} from '../factories/accounts.js';
import { createProduct, shopContext } from '../factories/catalog.js';
import { createPaidOrder } from '../factories/orders.js';
import { deliver, sign, stripeEvent, WEBHOOK_ENV, PLATFORM_SECRET } from '../factories/stripe-events.js';
import type { TestEmulator } from '../support/emulator.js';
import { stripeApp } from '../support/stripe-app.js';
import type { TestApp } from '../support/test-app.js';

/**
 * Every GET route, enumerated from the express router (so a route added later is walked too),
 * is asked with valid values (200, or its redirect), then with hostile ones: each declared query
 * parameter with values that do not fit it (400), malformed percent-encoding (400), path
 * parameters that name nothing (404). None of it may log an error-level line: a 500 is a bug.
 */

type Who = 'anon' | 'merchant' | 'admin';

interface RouteCase {
  who: Who;
  /** Valid values of the route's path parameters. */
  params?: Record<string, () => string>;
  /** A valid query (declared names); absent = the route's bare URL. */
  query?: () => Record<string, string>;
  /** The status of the valid request when it is not 200 (a redirect). */
  ok?: number;
}

const SHOP_PREFIX = '/_shop';
const NOWHERE = '00000000-0000-4000-8000-000000000000';

describe('hostile query strings and path parameters on every GET route', () => {
  let emu: TestEmulator;
  let t: TestApp;
  const logLines: string[] = [];
  let merchant: Merchant;
  let merchantAgent: LoggedInAgent;
  let adminAgent: LoggedInAgent;
  const seeded: Record<string, string> = {};

  /** The table: one entry per GET route of the router (the walk fails on a route missing here). */
  const ROUTES: Record<string, RouteCase> = {
    '/favicon.ico': { who: 'anon' },
    '/healthz': { who: 'anon' },
    '/readyz': { who: 'anon' },
    '/': { who: 'anon' },
    // Anonymous visitors are sent to log in (mailbox-access.spec.ts); the admin reads every mail.
    '/mailbox': { who: 'admin' },
    '/mailbox/:id': { who: 'admin', params: { id: () => seeded.mailId } },
    '/signup': { who: 'anon' },
    '/login': { who: 'anon', query: () => ({ expired: '1', next: '/dashboard/orders?status=paid' }) },
    '/forgot-password': { who: 'anon' },
    // Without a pending second step, back to the log-in (two-factor.spec.ts walks it pending).
    '/login/two-factor': { who: 'anon', ok: 303 },
    '/account': { who: 'merchant', query: () => ({ done: 'off' }) },
    '/account/two-factor': { who: 'merchant', query: () => ({ required: '1' }) },
    '/reset-password': { who: 'anon', query: () => ({ token: seeded.resetToken }) },
    '/account/password': { who: 'merchant', query: () => ({ done: '1' }) },
    '/dashboard': { who: 'merchant' },
    '/dashboard/settings': { who: 'merchant', query: () => ({ saved: '1' }) },
    '/dashboard/settings/brand-preview.css': { who: 'merchant', query: () => ({ colour: 'ffd43b' }) },
    // An account without a shop gets the form (a merchant is sent to the dashboard).
    '/dashboard/shop/new': { who: 'admin' },
    '/dashboard/payments': { who: 'merchant' },
    '/dashboard/payments/refresh': { who: 'merchant', ok: 303 },
    '/dashboard/payments/return': { who: 'merchant' },
    '/dashboard/orders': {
      who: 'merchant',
      query: () => ({ status: 'paid', q: 'shopper@example.com', after: seeded.cursor }),
    },
    '/dashboard/orders/:id': {
      who: 'merchant',
      params: { id: () => seeded.orderId },
      query: () => ({ done: 'refund' }),
    },
    '/dashboard/orders/:id/packing': { who: 'merchant', params: { id: () => seeded.orderId } },
    '/dashboard/orders/:id/refunds/:refundId': {
      who: 'merchant',
      params: { id: () => seeded.orderId, refundId: () => seeded.refundId },
    },
    '/dashboard/money': { who: 'merchant' },
    '/dashboard/products': { who: 'merchant', query: () => ({ page: '1', q: 'Teapot' }) },
    '/dashboard/products/new': { who: 'merchant' },
    '/dashboard/products/:id': {
      who: 'merchant',
      params: { id: () => seeded.productId },
      query: () => ({ done: 'saved', created: '1' }),
    },
    '/dashboard/products/:id/archive': { who: 'merchant', params: { id: () => seeded.productId } },
    '/dashboard/pages': { who: 'merchant' },
    '/dashboard/pages/:kind': {
      who: 'merchant',
      params: { kind: () => 'terms' },
      query: () => ({ saved: '1' }),
    },
    '/dashboard/shipping': { who: 'merchant', query: () => ({ saved: 'zoneDeleted' }) },
    '/dashboard/shipping/zones/new': { who: 'merchant' },
    '/dashboard/shipping/zones/:zoneId': {
      who: 'merchant',
      params: { zoneId: () => seeded.zoneId },
      query: () => ({ saved: 'rateSaved' }),
    },
    '/dashboard/shipping/zones/:zoneId/rates/new': {
      who: 'merchant',
      params: { zoneId: () => seeded.zoneId },
    },
    '/dashboard/shipping/zones/:zoneId/rates/:rateId': {
      who: 'merchant',
      params: { zoneId: () => seeded.zoneId, rateId: () => seeded.rateId },
    },
    '/dashboard/collections': { who: 'merchant', query: () => ({ done: 'deleted' }) },
    '/dashboard/collections/new': { who: 'merchant' },
    '/dashboard/collections/:id': {
      who: 'merchant',
      params: { id: () => seeded.collectionId },
      query: () => ({ done: 'saved', q: 'Teapot' }),
    },
    '/dashboard/collections/:id/delete': {
      who: 'merchant',
      params: { id: () => seeded.collectionId },
    },
    '/dashboard/products/:id/variants': {
      who: 'merchant',
      params: { id: () => seeded.productId },
      query: () => ({ done: 'saved' }),
    },
    '/admin': { who: 'admin' },
    '/admin/shops': {
      who: 'admin',
      query: () => ({ page: '1', q: 'shop', stripe: 'active', charges: 'yes', suspended: 'no' }),
    },
    '/admin/shops/:shopId': {
      who: 'admin',
      params: { shopId: () => merchant.shop.id },
      query: () => ({ done: 'fees' }),
    },
    '/admin/events': {
      who: 'admin',
      query: () => ({ page: '1', type: 'account.updated', status: 'received', shop: 'x', replayed: '2' }),
    },
    '/admin/events/:eventId': { who: 'admin', params: { eventId: () => seeded.eventId } },
    '/admin/users': { who: 'admin', query: () => ({ page: '1', q: 'example.com', done: 'enabled' }) },
    '/admin/audit': {
      who: 'admin',
      query: () => ({
        page: '1',
        action: 'refund',
        actor: 'a',
        shop: merchant.shop.slug,
        from: '2024-01-01',
        to: '2030-12-31',
      }),
    },
    '/admin/revenue': {
      who: 'admin',
      query: () => ({ from: '2024-02-29', to: '2030-01-31', shop: merchant.shop.id }),
    },
    '/admin/revenue.csv': { who: 'admin', query: () => ({ from: '2024-01-01', shop: merchant.shop.slug }) },
    [`${SHOP_PREFIX}`]: { who: 'anon', query: () => ({ page: '1', sort: 'newest' }) },
    [`${SHOP_PREFIX}/search`]: {
      who: 'anon',
      query: () => ({ q: 'teapot', page: '1', sort: 'price-asc' }),
    },
    [`${SHOP_PREFIX}/collections/:handle`]: {
      who: 'anon',
      params: { handle: () => 'teapots' },
      query: () => ({ page: '1', sort: 'price-desc' }),
    },
    [`${SHOP_PREFIX}/products/:id`]: {
      who: 'anon',
      params: { id: () => seeded.productId },
      // A product without options ignores the picker's values (one with options redirects).
      query: () => ({ option1: 'Blue' }),
    },
    [`${SHOP_PREFIX}/cart`]: { who: 'anon', query: () => ({ cancelled: '1', country: 'BE' }) },
    [`${SHOP_PREFIX}/brand.css`]: { who: 'anon', query: () => ({ v: '0123abcd' }) },
    [`${SHOP_PREFIX}/robots.txt`]: { who: 'anon' },
    [`${SHOP_PREFIX}/pages/:kind`]: { who: 'anon', params: { kind: () => 'terms' } },
    [`${SHOP_PREFIX}/sitemap.xml`]: { who: 'anon' },
    [`${SHOP_PREFIX}/checkout/success`]: { who: 'anon', query: () => ({ session_id: seeded.sessionId }) },
    [`${SHOP_PREFIX}/checkout/status`]: { who: 'anon', query: () => ({ session_id: seeded.sessionId }) },
    [`${SHOP_PREFIX}/checkout/cancel`]: { who: 'anon', ok: 303 },
    [`${SHOP_PREFIX}/orders/:id/status`]: {
      who: 'anon',
      params: { id: () => seeded.orderId },
      query: () => ({ t: seeded.statusToken }),
    },
    [`${SHOP_PREFIX}/orders/:id`]: {
      who: 'anon',
      params: { id: () => seeded.orderId },
      query: () => ({ t: seeded.statusToken }),
    },
  };

  beforeAll(async () => {
    ({ emu, t } = await stripeApp({
      env: { ...WEBHOOK_ENV, LOG_LEVEL: 'warn' },
      logDestination: { write: (line) => void logLines.push(line) },
    }));
    merchant = await createMerchant(t);
    const admin = await createAdmin(t);
    const product = await createProduct(t, merchant.shop.id, { name: 'Teapot', publish: true });
    seeded.productId = product.id;
    await t.app.get(ShopPagesService).save(await shopContext(t, merchant.shop.id), 'terms', 'Terms.');
    const collection = await t.app
      .get(CollectionsService)
      .create(await shopContext(t, merchant.shop.id), { title: 'Teapots' });
    seeded.collectionId = collection.id;
    const shipping = t.app.get(ShippingZonesService);
    const shop = await shopContext(t, merchant.shop.id);
    seeded.zoneId = await shipping.saveZone(shop, null, { name: 'Europe', countries: 'FR, BE' });
    await shipping.saveRate(shop, seeded.zoneId, null, { kind: 'fixed', name: 'Standard', amount: '4.90' });
    seeded.rateId = (await shipping.zone(shop, seeded.zoneId)).rates[0].id;
    const { order } = await createPaidOrder(t, emu, merchant.shop);
    seeded.orderId = order.id;
    seeded.sessionId = order.stripeCheckoutSessionId!;
    seeded.statusToken = orderStatusToken(t.config.sessionSecret, order.id);
    await t.db.query('UPDATE shop_order SET status_token_hash = $2 WHERE id = $1', [
      order.id,
      hashStatusToken(seeded.statusToken),
    ]);
    const refund = await t.app
      .get(RefundsService)
      .requestRefund(await shopContext(t, merchant.shop.id), merchant.user, order.id, 500);
    seeded.refundId = refund.id;
    const [row] = await t.db.query<Array<{ at: string }>>(
      `SELECT to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS at FROM shop_order WHERE id = $1`,
      [order.id],
    );
    seeded.cursor = Buffer.from(`${row.at}|${order.id}`).toString('base64url');
    const event = stripeEvent('account.updated', { id: 'acct_x', object: 'account' }, { account: null });
    await deliver(t.app, sign(event, PLATFORM_SECRET)).expect(200);
    seeded.eventId = event.id;
    await t.app.get(AuthService).sendPasswordReset(merchant.email);
    // The newest: the merchant was also told of the paid order.
    const mail = await t.db
      .getRepository(OutboxMail)
      .findOneOrFail({ where: { to: merchant.email }, order: { createdAt: 'DESC' } });
    seeded.resetToken = /token=([A-Za-z0-9_-]+)/.exec(mail.text)![1];
    seeded.mailId = mail.id;
    merchantAgent = await loginAgent(t, merchant);
    adminAgent = await loginAgent(t, admin);
    logLines.length = 0;
  }, 120_000);

  const server = () => t.app.getHttpServer();
  const isShopRoute = (path: string) => path === SHOP_PREFIX || path.startsWith(`${SHOP_PREFIX}/`);

  /** GET routes as the express router has them (catch-all middleware layers aside). */
  function routerGetRoutes(): string[] {
    const express = t.app.getHttpAdapter().getInstance() as {
      router: { stack: Array<{ route?: { path: string; methods: Record<string, boolean> } }> };
    };
    return express.router.stack
      .map((layer) => layer.route)
      .filter((route) => route && route.methods.get && !route.path.includes('*'))
      .map((route) => route!.path);
  }

  /** Nest's GET handlers, by full path, with the DTO classes of their @Query() arguments. */
  function nestGetHandlers(): Map<string, { name: string; queries: Array<{ data: unknown; dto: unknown }> }> {
    const handlers = new Map<string, { name: string; queries: Array<{ data: unknown; dto: unknown }> }>();
    for (const module of t.app.get(ModulesContainer).values()) {
      for (const wrapper of module.controllers.values()) {
        const cls = wrapper.metatype as (new (...args: never[]) => object) | null;
        if (!cls) continue;
        const base = String(Reflect.getMetadata(PATH_METADATA, cls) ?? '');
        for (const name of Object.getOwnPropertyNames(cls.prototype)) {
          const method = (cls.prototype as Record<string, unknown>)[name];
          if (typeof method !== 'function' || name === 'constructor') continue;
          const sub = Reflect.getMetadata(PATH_METADATA, method) as string | undefined;
          if (sub === undefined || Reflect.getMetadata(METHOD_METADATA, method) !== RequestMethod.GET)
            continue;
          const path = `/${[base, sub]
            .map((p) => p.replace(/^\/|\/$/g, ''))
            .filter(Boolean)
            .join('/')}`;
          const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, cls, name) ?? {}) as Record<
            string,
            { index: number; data: unknown }
          >;
          const types = (Reflect.getMetadata('design:paramtypes', cls.prototype, name) ?? []) as unknown[];
          const queries = Object.entries(args)
            .filter(([key]) => key.split(':')[0] === String(RouteParamtypes.QUERY))
            .map(([, arg]) => ({ data: arg.data, dto: types[arg.index] }));
          handlers.set(path, { name: `${cls.name}.${name}`, queries });
        }
      }
    }
    return handlers;
  }

  function agentFor(who: Who) {
    return who === 'merchant' ? merchantAgent.agent : who === 'admin' ? adminAgent.agent : request(server());
  }

  /** GETs `routePath` (router form) with raw path and query strings, on the route's own host. */
  function get(routePath: string, path: string, rawQuery = '') {
    const spec = ROUTES[routePath];
    const host = isShopRoute(routePath) ? shopHost(t, merchant.shop.slug) : platformHost(t);
    const url = (isShopRoute(routePath) ? path.slice(SHOP_PREFIX.length) || '/' : path) + rawQuery;
    return agentFor(spec.who).get(url).set('Host', host).redirects(0);
  }

  function validPath(routePath: string, override: Record<string, string> = {}): string {
    const params = ROUTES[routePath].params ?? {};
    return routePath.replace(
      /:(\w+)/g,
      (_, name: string) => override[name] ?? encodeURIComponent(params[name]()),
    );
  }

  const qs = (query: Record<string, string>) => new URLSearchParams(query).toString();
  function validQuery(routePath: string, extra = ''): string {
    const q = qs(ROUTES[routePath].query?.() ?? {});
    return `?${[q, extra].filter(Boolean).join('&')}`;
  }

  function declaredParams(routePath: string): Map<string, QueryParamKind> {
    const handler = nestGetHandlers().get(routePath);
    const found = new Map<string, QueryParamKind>();
    for (const q of handler?.queries ?? [])
      for (const [name, spec] of queryParamsOf(q.dto)) found.set(name, spec.kind);
    return found;
  }

  const errorLines = () =>
    logLines.filter((line) => {
      try {
        return (JSON.parse(line) as { level: number }).level >= 50;
      } catch {
        return /error|fatal/i.test(line);
      }
    });

  /** Runs `jobs` a few at a time (the walk is a few hundred requests). */
  async function inPool<T>(jobs: Array<() => Promise<T>>, size = 8): Promise<T[]> {
    const results: T[] = [];
    let next = 0;
    await Promise.all(
      Array.from({ length: size }, async () => {
        while (next < jobs.length) {
          const i = next++;
          results[i] = await jobs[i]();
        }
      }),
    );
    return results;
  }

  interface Probe {
    route: string;
    path: string;
    query: string;
    want: number;
  }
  async function expectAll(probes: Probe[]): Promise<void> {
    const got = await inPool(
      probes.map((p) => async () => {
        const res = await get(p.route, p.path, p.query);
        return { ...p, status: res.status };
      }),
    );
    expect(got.filter((g) => g.status !== g.want)).toEqual([]);
    expect(errorLines()).toEqual([]);
  }

  it('the table covers exactly the GET routes of the router, on the platform and the shop host', () => {
    const routes = routerGetRoutes();
    expect(routes.length).toBeGreaterThan(30);
    expect(routes.filter((r) => !(r in ROUTES))).toEqual([]);
    expect(Object.keys(ROUTES).filter((r) => !routes.includes(r))).toEqual([]);
  });

  it('every GET handler takes its query whole as one DTO whose every parameter is declared strictly', () => {
    const loose: string[] = [];
    for (const [path, handler] of nestGetHandlers()) {
      for (const q of handler.queries) {
        // `@Query('name')` is a bare string nothing checks; `@Query()` with a DTO of declared params is the way.
        if (q.data !== undefined) loose.push(`${handler.name} (${path}): @Query(${JSON.stringify(q.data)})`);
        else if (queryParamsOf(q.dto).size === 0)
          loose.push(`${handler.name} (${path}): no declared parameter`);
      }
    }
    expect(loose).toEqual([]);
  });

  it('each route answers its valid request (200, or its redirect), and ignores undeclared names such as utm_*', async () => {
    const probes: Probe[] = [];
    for (const [route, spec] of Object.entries(ROUTES)) {
      const want = spec.ok ?? 200;
      probes.push({ route, path: validPath(route), query: validQuery(route), want });
      // Campaign and click ids, bracket arrays of names nobody declared, prototype names: dropped.
      for (const extra of [
        'utm_source=news&utm_campaign=%3Cscript%3E',
        'fbclid=x',
        'a[]=1&a[]=2',
        '__proto__=x&constructor=y',
      ])
        probes.push({ route, path: validPath(route), query: validQuery(route, extra), want });
    }
    await expectAll(probes);
  });

  const HUGE = '99999999999999999999';
  /** Too long for any token or id, yet of their alphabet. */
  const LONG = '9'.repeat(300);
  const SCRIPT = '<script>alert(1)</script>';
  /** Values that fit no declared kind but text; text gets its own (length, control characters). */
  const HOSTILE_FOR: Record<QueryParamKind, string[]> = {
    int: [HUGE, '-1', '0x10', '1e3', '1.5', ' 1', 'abc', SCRIPT, '１'],
    enum: [HUGE, SCRIPT, 'PAID', 'x'.repeat(300)],
    day: [HUGE, SCRIPT, '2024-02-30', '2024-13-01', '20240101', '2024-01-01T00:00:00Z', '0000-01-01'],
    pattern: [LONG, SCRIPT, 'x'.repeat(5000)],
    cursor: [
      HUGE,
      LONG,
      SCRIPT,
      Buffer.from(`2020|${NOWHERE}`).toString('base64url'),
      Buffer.from(`2020-01-01T00:00:00.000000Z|not-a-uuid`).toString('base64url'),
      Buffer.from(`2020-02-30T00:00:00.000000Z|${NOWHERE}`).toString('base64url'),
      Buffer.from(`2020-01-01T00:00:00.000000Z|${NOWHERE}|x`).toString('base64url'),
      Buffer.from('garbage').toString('base64url'),
      'not base64!',
      'A'.repeat(5000),
    ],
    text: ['x'.repeat(5000)],
  };

  it('a declared query parameter with a value that does not fit answers 400: numbers, arrays, cursors, control characters', async () => {
    const probes: Probe[] = [];
    let declared = 0;
    for (const route of Object.keys(ROUTES)) {
      const path = validPath(route);
      for (const [name, kind] of declaredParams(route)) {
        declared++;
        // The route's valid query with this one parameter made hostile.
        const bad = (value: string) => `?${qs({ ...(ROUTES[route].query?.() ?? {}), [name]: value })}`;
        for (const value of [...HOSTILE_FOR[kind], 'a\u0000b', 'tab\there'])
          probes.push({ route, path, query: bad(value), want: 400 });
        // Arrays where one value is expected: a repeated name, and the bracket forms.
        for (const arrays of [`${name}=1&${name}=2`, `${name}[]=1&${name}[]=2`, `${name}[x]=1`])
          probes.push({ route, path, query: `?${arrays}`, want: 400 });
      }
    }
    expect(declared).toBeGreaterThan(30);
    await expectAll(probes);
  });

  it('free text (a search box) may hold markup: it is shown escaped, never raw', async () => {
    const texts = Object.keys(ROUTES).flatMap((route) =>
      [...declaredParams(route)].filter(([, kind]) => kind === 'text').map(([name]) => ({ route, name })),
    );
    expect(texts.length).toBeGreaterThan(5);
    for (const { route, name } of texts) {
      const res = await get(route, validPath(route), `?${qs({ [name]: SCRIPT })}`);
      expect([route, name, res.status]).toEqual([route, name, ROUTES[route].ok ?? 200]);
      expect(res.text).not.toContain(SCRIPT);
    }
    expect(errorLines()).toEqual([]);
  });

  it('malformed percent-encoding (%ff, a lone %) in the query or the path answers 400', async () => {
    const probes: Probe[] = [];
    for (const route of Object.keys(ROUTES)) {
      const path = validPath(route);
      probes.push({ route, path, query: validQuery(route, 'x=%ff'), want: 400 });
      probes.push({ route, path, query: validQuery(route, 'x=100%'), want: 400 });
      for (const [name] of declaredParams(route))
        probes.push({ route, path, query: `?${name}=%ff`, want: 400 });
      for (const name of Object.keys(ROUTES[route].params ?? {}))
        probes.push({ route, path: validPath(route, { [name]: '%ff' }), query: '', want: 400 });
    }
    await expectAll(probes);
  });

  it('a path parameter that names nothing answers 404: not a uuid, huge, markup, NUL, too long, unknown', async () => {
    const probes: Probe[] = [];
    for (const route of Object.keys(ROUTES)) {
      for (const name of Object.keys(ROUTES[route].params ?? {})) {
        for (const value of [
          'not-a-uuid',
          HUGE,
          SCRIPT,
          'a\u0000b',
          'x'.repeat(3000),
          NOWHERE,
          'evt_nothing',
        ])
          probes.push({
            route,
            path: validPath(route, { [name]: encodeURIComponent(value) }),
            query: validQuery(route),
            want: 404,
          });
      }
    }
    expect(probes.length).toBeGreaterThan(40);
    await expectAll(probes);
  });

  it('a genuine database failure still answers 500, logged as an error (not mapped to a 400)', async () => {
    await t.db.query('ALTER TABLE product RENAME TO product_gone');
    try {
      const res = await get('/dashboard/products', '/dashboard/products', '?page=1');
      expect(res.status).toBe(500);
      const shop = await get(`${SHOP_PREFIX}/products/:id`, validPath(`${SHOP_PREFIX}/products/:id`));
      expect(shop.status).toBe(500);
    } finally {
      await t.db.query('ALTER TABLE product_gone RENAME TO product');
    }
    expect(errorLines().length).toBeGreaterThanOrEqual(2);
    expect(errorLines().join('\n')).toContain('product');
  });
});
