import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import request from 'supertest';
import {
  startEmbeddedPostgres,
  startEmbeddedReplica,
  waitForReplay,
  type EmbeddedPostgresHandle,
} from '../../src/database/embedded-postgres.js';
import { runMigrations } from '../../src/database/migrate.js';
import {
  createAdmin,
  createMerchant,
  loginAgent,
  platformHost,
  shopHost,
  type Merchant,
} from '../factories/accounts.js';
import { createProduct, pngBytes } from '../factories/catalog.js';
import { Shopper } from '../factories/checkout.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

const DB = 'comptoir';

/**
 * A primary and a real streaming replica (a hot standby made by a file-level base backup), both
 * from the embedded PostgreSQL binaries. Pausing the replica's WAL replay makes replication lag
 * as long as a test wants: what a page shows then tells which server it read.
 */
describe('read replicas (DATABASE_REPLICA_URLS)', () => {
  let root: string;
  let primary: EmbeddedPostgresHandle;
  let replica: Awaited<ReturnType<typeof startEmbeddedReplica>>;
  let t: TestApp;
  let alice: Merchant;
  const http = () => request(t.app.getHttpServer());
  const storefront = (path: string) => http().get(path).set('Host', shopHost(t, alice.shop.slug));

  async function onReplica(sql: string): Promise<void> {
    const client = new pg.Client({ connectionString: replica.urlFor(DB) });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  }
  const pauseReplay = () => onReplica('SELECT pg_wal_replay_pause()');
  const resumeReplay = () => onReplica('SELECT pg_wal_replay_resume()');

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'comptoir-replica-spec-'));
    // As root, PostgreSQL runs as the `postgres` user, who must be able to reach the data dirs.
    chmodSync(root, 0o711);
    primary = await startEmbeddedPostgres({ dir: join(root, 'primary') });
    await primary.ensureDatabase(DB);
    await runMigrations(primary.urlFor(DB));
    replica = await startEmbeddedReplica({
      primary,
      primaryDir: join(root, 'primary'),
      dir: join(root, 'replica'),
    });
    await waitForReplay(primary.urlFor(DB), replica.urlFor(DB));
    t = await createTestApp({
      databaseUrl: primary.urlFor(DB),
      env: { DATABASE_REPLICA_URLS: `${replica.urlFor(DB)} , `, INSTANCE_ID: 'web-1' },
    });
    alice = await createMerchant(t, { shopName: 'Replica Bakery' });
  }, 180_000);

  afterAll(async () => {
    await t?.close();
    await replica?.stop();
    await replica?.dropSlot().catch(() => undefined);
    await primary?.stop();
    if (root) rmSync(root, { recursive: true, force: true });
  }, 60_000);

  afterEach(() => resumeReplay().catch(() => undefined));

  it('names the process answering in X-Comptoir-Instance', async () => {
    const res = await storefront('/').expect(200);
    expect(res.headers['x-comptoir-instance']).toBe('web-1');
    expect((await http().get('/readyz')).headers['x-comptoir-instance']).toBe('web-1');
  });

  it('is a streaming standby that refuses writes', async () => {
    const client = new pg.Client({ connectionString: replica.urlFor(DB) });
    await client.connect();
    try {
      const { rows } = await client.query<{ standby: boolean }>('SELECT pg_is_in_recovery() AS standby');
      expect(rows[0].standby).toBe(true);
      await expect(client.query('CREATE TABLE nope (id int)')).rejects.toThrow(/read-only transaction/);
    } finally {
      await client.end();
    }
  });

  it('the merchant publishes a product and sees it at once in the dashboard; the storefront shows it once the replica has it', async () => {
    await pauseReplay();
    const a = await loginAgent(t, alice);
    const created = await a
      .post('/dashboard/products', { name: 'Lagging Loaf', price: '3.20', stock: '' })
      .expect(303);
    const id = /\/dashboard\/products\/([0-9a-f-]{36})/.exec(created.headers.location)![1];
    await a.agent
      .post(`/dashboard/products/${id}/images?_csrf=${a.csrf}`)
      .set('Host', platformHost(t))
      .attach('images', pngBytes(3), { filename: 'loaf.png', contentType: 'image/png' })
      .expect(303);
    await a.post(`/dashboard/products/${id}/publish`).expect(303);

    // Every write, and every read right after it, went to the primary.
    const list = await a.get('/dashboard/products').expect(200);
    expect(list.text).toContain('Lagging Loaf');
    // The storefront pages read the (paused) replica: not there yet.
    expect((await storefront('/').expect(200)).text).not.toContain('Lagging Loaf');
    await storefront(`/products/${id}`).expect(404);
    expect((await storefront('/sitemap.xml').expect(200)).text).not.toContain(id);

    await resumeReplay();
    await waitForReplay(primary.urlFor(DB), replica.urlFor(DB));
    expect((await storefront('/').expect(200)).text).toContain('Lagging Loaf');
    expect((await storefront(`/products/${id}`).expect(200)).text).toContain('Lagging Loaf');
    expect((await storefront('/sitemap.xml').expect(200)).text).toContain(id);
  });

  it('the cart and the shop lookup read the primary: a lagging replica changes neither', async () => {
    const product = await createProduct(t, alice.shop.id, { name: 'Fresh Bun', publish: true });
    await waitForReplay(primary.urlFor(DB), replica.urlFor(DB));
    await pauseReplay();

    // Published while the replica lags: the cart (which checkout prices from) finds it.
    const bun = await createProduct(t, alice.shop.id, { name: 'Hot Cross Bun', publish: true });
    const shopper = new Shopper(t, alice.shop.slug);
    await shopper.add(bun.id);
    const cart = await shopper.get('/cart').expect(200);
    expect(cart.text).toContain('Hot Cross Bun');

    // A suspension shows at once on every page of the shop, replica or not (the lookup after
    // the NOTIFY reads the primary).
    const admin = await loginAgent(t, await createAdmin(t));
    await admin
      .post(`/admin/shops/${alice.shop.id}/suspend`, { confirm: 'yes', reason: 'Checks' })
      .expect(303);
    await storefront('/').expect(503);
    await storefront(`/products/${product.id}`).expect(503);
    await admin.post(`/admin/shops/${alice.shop.id}/resume`, { confirm: 'yes' }).expect(303);
    await storefront('/').expect(200);
  });

  it('a replica out of reach costs a retry on the primary, not an error page', async () => {
    const product = await createProduct(t, alice.shop.id, { name: 'Rescue Roll', publish: true });
    await replica.stop();
    expect((await storefront('/').expect(200)).text).toContain('Rescue Roll');
    await storefront(`/products/${product.id}`).expect(200);
  });
});
