import request from 'supertest';
import { AuditEntry } from '../../src/audit/entities/audit-entry.entity.js';
import {
  createAdmin,
  createMerchant,
  loginAgent,
  platformHost,
  type LoggedInAgent,
  type Merchant,
} from '../factories/accounts.js';
import { createProduct } from '../factories/catalog.js';
import { createPaidOrder } from '../factories/orders.js';
import type { TestEmulator } from '../support/emulator.js';
import { stripeApp } from '../support/stripe-app.js';
import type { TestApp } from '../support/test-app.js';

interface Seed {
  shop: Merchant;
  status: string;
  paidAt: string;
  fee: number;
  feeRefunded: number;
}

/** RFC 4180 enough for our files: quoted fields with doubled quotes, CRLF rows. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += c;
  }
  if (field || row.length) rows.push([...row, field]);
  return rows;
}

const cents = (decimal: string) => Math.round(Number(decimal) * 100);

describe('admin revenue: fees by month and shop, per currency, net of refunded fees', () => {
  let emu: TestEmulator;
  let t: TestApp;
  let admin: LoggedInAgent;
  let eurA: Merchant;
  let eurB: Merchant;
  let usd: Merchant;
  const seeds: Seed[] = [];

  async function seed(s: Seed) {
    seeds.push(s);
    await t.db.query(
      `INSERT INTO shop_order (shop_id, number, status, currency, total_amount, application_fee_amount,
                               fee_refunded_amount, paid_at)
       VALUES ($1, $2, $3, $4, $5 * 20, $5, $6, $7)`,
      [s.shop.shop.id, seeds.length, s.status, s.shop.shop.currency, s.fee, s.feeRefunded, s.paidAt],
    );
  }

  beforeAll(async () => {
    ({ emu, t } = await stripeApp());
    eurA = await createMerchant(t, { slug: 'rev-eur-a', currency: 'eur' });
    eurB = await createMerchant(t, { slug: 'rev-eur-b', currency: 'eur' });
    usd = await createMerchant(t, { slug: 'rev-usd', currency: 'usd', country: 'US' });
    // Two months, three shops, two currencies, some refunded fees; statuses that never sold.
    await seed({ shop: eurA, status: 'paid', paidAt: '2026-01-05T10:00:00Z', fee: 250, feeRefunded: 0 });
    await seed({
      shop: eurA,
      status: 'partially_refunded',
      paidAt: '2026-01-31T23:59:00Z',
      fee: 300,
      feeRefunded: 100,
    });
    await seed({
      shop: eurA,
      status: 'refunded',
      paidAt: '2026-02-01T00:00:00Z',
      fee: 125,
      feeRefunded: 125,
    });
    await seed({ shop: eurB, status: 'paid', paidAt: '2026-02-14T12:00:00Z', fee: 999, feeRefunded: 0 });
    await seed({ shop: usd, status: 'paid', paidAt: '2026-01-10T08:00:00Z', fee: 400, feeRefunded: 0 });
    await seed({
      shop: usd,
      status: 'partially_refunded',
      paidAt: '2026-02-20T08:00:00Z',
      fee: 700,
      feeRefunded: 35,
    });
    await seed({ shop: usd, status: 'pending', paidAt: '2026-02-20T08:00:00Z', fee: 5000, feeRefunded: 0 });
    await seed({ shop: eurB, status: 'expired', paidAt: '2026-02-20T08:00:00Z', fee: 5000, feeRefunded: 0 });
    admin = await loginAgent(t, await createAdmin(t));
  });

  /** What the CSV must say, computed from the seeds alone. */
  function expected(filter: (s: Seed) => boolean = () => true) {
    const sold = seeds
      .filter((s) => ['paid', 'partially_refunded', 'refunded'].includes(s.status))
      .filter(filter);
    const cells = new Map<string, { orders: number; gross: number; refunded: number }>();
    for (const s of sold) {
      const key = [s.paidAt.slice(0, 7), s.shop.shop.slug, s.shop.shop.currency].join(',');
      const c = cells.get(key) ?? { orders: 0, gross: 0, refunded: 0 };
      c.orders += 1;
      c.gross += s.fee;
      c.refunded += s.feeRefunded;
      cells.set(key, c);
    }
    return [...cells.entries()]
      .map(([key, c]) => `${key},${c.orders},${c.gross},${c.refunded},${c.gross - c.refunded}`)
      .sort();
  }

  async function csv(query = '') {
    const res = await admin.get(`/admin/revenue.csv${query}`).expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename=/);
    const [header, ...rows] = parseCsv(res.text);
    expect(header).toEqual([
      'month',
      'shop_slug',
      'currency',
      'orders',
      'gross_fees',
      'refunded_fees',
      'net_fees',
    ]);
    return rows
      .filter((r) => r[1].startsWith('rev-'))
      .map(([month, slug, currency, orders, gross, refunded, net]) =>
        [month, slug, currency, orders, cents(gross), cents(refunded), cents(net)].join(','),
      )
      .sort();
  }

  it('exports one row per month, shop and currency whose totals equal the orders’ fees less refunded fees', async () => {
    const rows = await csv();
    expect(rows).toEqual(expected());
    const net = (currency: string) =>
      rows.filter((r) => r.split(',')[2] === currency).reduce((s, r) => s + Number(r.split(',')[6]), 0);
    // 250 + 200 + 0 + 999 and 400 + 665: independent of the grouping.
    expect(net('eur')).toBe(1449);
    expect(net('usd')).toBe(1065);
  });

  it('filters by shop (slug or id) and by paid date range', async () => {
    expect(await csv('?shop=rev-eur-a')).toEqual(expected((s) => s.shop === eurA));
    expect(await csv(`?shop=${usd.shop.id}`)).toEqual(expected((s) => s.shop === usd));
    expect(await csv('?shop=no-such-shop')).toEqual([]);
    expect(await csv('?from=2026-02-01&to=2026-02-28')).toEqual(
      expected((s) => s.paidAt >= '2026-02-01' && s.paidAt < '2026-03'),
    );
  });

  it('never adds currencies together: separate totals and one chart per currency', async () => {
    const page = await admin.get('/admin/revenue?from=2026-01-01&to=2026-02-28').expect(200);
    const totals = [
      ...page.text.matchAll(/data-testid='total-row'><td>(\w+)<\/td>.*?data-testid='total-net'>([^<]+)</g),
    ].map((m) => [m[1], m[2]]);
    expect(totals).toEqual([
      ['EUR', '€14.49'],
      ['USD', '$10.65'],
    ]);
    const charts = [...page.text.matchAll(/data-testid='revenue-chart' data-currency='(\w+)'/g)].map(
      (m) => m[1],
    );
    expect(charts).toEqual(['eur', 'usd']);
    expect(page.text).toContain('2026-02: $6.65 net fees');
    expect(page.text).toContain('2026-01: €4.50 net fees');
    // The SVG carries no script and no inline style (CSP).
    const svg = page.text.slice(page.text.indexOf('<svg'), page.text.lastIndexOf('</svg>'));
    expect(svg).not.toMatch(/<script|style=/i);
    // The admin nav and home link to it.
    expect(page.text).toContain('href="/admin/revenue"');
    expect((await admin.get('/admin').expect(200)).text).toContain("href='/admin/revenue'");
  });

  it('escapes shop names in the page', async () => {
    const m = await createMerchant(t, { slug: 'rev-escape', shopName: '<b>Bold</b> & co' });
    await seed({ shop: m, status: 'paid', paidAt: '2026-03-01T00:00:00Z', fee: 10, feeRefunded: 0 });
    const page = await admin.get('/admin/revenue?shop=rev-escape').expect(200);
    expect(page.text).not.toContain('<b>Bold</b>');
  });

  it('answers 404 to merchants and anonymous visitors', async () => {
    const merchant = await loginAgent(t, eurA);
    for (const path of ['/admin/revenue', '/admin/revenue.csv']) {
      const res = await merchant.get(path).expect(404);
      expect(res.text).not.toContain('rev-usd');
      await request(t.app.getHttpServer()).get(path).set('Host', platformHost(t)).expect(404);
    }
  });

  it('audits a merchant’s refund request with before/after, and their fulfilment moves', async () => {
    const m = await createMerchant(t, { slug: 'rev-refunds' });
    const paid = await createPaidOrder(t, emu, m.shop);
    const agent = await loginAgent(t, m);
    await agent.post(`/dashboard/orders/${paid.order.id}/refunds`, { amount: '10.00' }).expect(303);
    await agent.post(`/dashboard/orders/${paid.order.id}/fulfilment`, { status: 'fulfilled' }).expect(303);
    const entries = await t.db.manager.find(AuditEntry, {
      where: { targetId: paid.order.id },
      order: { id: 'ASC' },
    });
    expect(entries.map((e) => [e.action, e.actorEmail, e.shopId, e.targetType])).toEqual([
      ['refund.request', m.email, m.shop.id, 'order'],
      ['order.fulfilment', m.email, m.shop.id, 'order'],
    ]);
    expect(entries[0].before).toMatchObject({ refunded: 0, refundable: 4500, currency: 'eur' });
    expect(entries[0].after).toMatchObject({ refunded: 1000, refundable: 3500, amount: 1000 });
    expect(entries[1].before).toMatchObject({ fulfilmentStatus: 'unfulfilled' });
    expect(entries[1].after).toMatchObject({ fulfilmentStatus: 'fulfilled' });
    // The admin sees it in the audit log.
    const log = await admin.get('/admin/audit?action=refund.request').expect(200);
    expect(log.text).toContain(m.email);
    // A refused refund reserves nothing and writes no entry.
    await agent.post(`/dashboard/orders/${paid.order.id}/refunds`, { amount: '999.00' }).expect(422);
    expect(await t.db.manager.count(AuditEntry, { where: { targetId: paid.order.id } })).toBe(2);
  });

  it('shows the registered product and order counts, sales and fees on the shop page', async () => {
    const m = await createMerchant(t, { slug: 'rev-stats' });
    await createProduct(t, m.shop.id);
    await createProduct(t, m.shop.id, { name: 'Baguette' });
    await seed({ shop: m, status: 'paid', paidAt: '2026-03-02T00:00:00Z', fee: 100, feeRefunded: 0 });
    await seed({ shop: m, status: 'refunded', paidAt: '2026-03-03T00:00:00Z', fee: 50, feeRefunded: 50 });
    await seed({ shop: m, status: 'pending', paidAt: '2026-03-03T00:00:00Z', fee: 70, feeRefunded: 0 });
    const page = await admin.get(`/admin/shops/${m.shop.id}`).expect(200);
    expect(page.text).toMatch(/data-testid='stat-products'>2</);
    expect(page.text).toMatch(/data-testid='stat-orders'>2</);
    // Sales are 20 × the fee in these seeds: 2000 + 1000; fees net 100 + 0.
    expect(page.text).toContain('€30.00');
    expect(page.text).toMatch(/<dt>Fees<\/dt><dd>€1\.00</);
  });
});
