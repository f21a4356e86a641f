import { readdirSync, readFileSync } from 'node:fs';
import { submitHostedOnboarding } from '@comptoir/stripe-emulator';
import pg from 'pg';
import request from 'supertest';
import { startCluster, type Cluster } from '../../cluster/topology.ts';
import { csrfFrom } from '../factories/accounts.js';
import { pngBytes } from '../factories/catalog.js';
import { CARD, payOnEmulator, sessionIdOf } from '../factories/checkout.js';

/**
 * `npm run test:cluster`: the production topology (cluster/topology.ts: HAProxy, two web
 * processes, a worker, a primary and a streaming replica, the emulator, s3rver), driven over HTTP
 * through the balancer only. Kept out of `npm test`.
 *
 * The checkout rate limits (CHECKOUT_LIMIT_PER_SHOPPER/_PER_IP) and the sign-up limit are
 * raised here: every request of the load comes from one IP, and a 429 counts as a failure.
 */
const LIMITS = {
  CHECKOUT_LIMIT_PER_SHOPPER: '100000',
  CHECKOUT_LIMIT_PER_IP: '100000',
  SIGNUP_LIMIT_PER_IP: '1000',
};
const PASSWORD = 'correct horse battery staple';

type Agent = ReturnType<typeof request.agent>;

/** Every live process (zombies aside) with its parent, from /proc. */
function processTable(): Map<number, number> {
  const parentOf = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // "pid (comm) state ppid …": comm may hold spaces and parentheses.
      const [state, ppid] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (state !== 'Z') parentOf.set(Number(entry), Number(ppid));
    } catch {
      // exited meanwhile
    }
  }
  return parentOf;
}

/** Every live process below `root`: its children, theirs, and so on. */
function descendantsOf(root: number): number[] {
  const parentOf = processTable();
  const found: number[] = [];
  const walk = (pid: number) => {
    for (const [child, parent] of parentOf)
      if (parent === pid) {
        found.push(child);
        walk(child);
      }
  };
  walk(root);
  return found;
}

describe('cluster: two web processes and a worker behind HAProxy', () => {
  let c: Cluster;
  let db: pg.Client;
  const seen: string[] = [];
  const slug = `cluster-${Date.now().toString(36)}`;
  let productId: string;

  const balancer = () => `http://127.0.0.1:${c.port}`;
  /** A browser on one host of the balancer, keeping its cookies; records who answered. */
  function browser(host: string) {
    const agent: Agent = request.agent(balancer());
    const note = (res: request.Response) => {
      seen.push(String(res.headers['x-comptoir-instance']));
      return res;
    };
    let csrf: string | undefined;
    return {
      agent,
      get: (path: string) => agent.get(path).set('Host', host).timeout(10_000).then(note),
      async post(path: string, form: Record<string, string> = {}, csrfPage = '/') {
        csrf ??= csrfFrom((await agent.get(csrfPage).set('Host', host).then(note)).text);
        return agent
          .post(path)
          .set('Host', host)
          .type('form')
          .send({ _csrf: csrf, ...form })
          .timeout(10_000)
          .then(note);
      },
      setCsrf(value: string) {
        csrf = value;
      },
    };
  }

  async function until<T>(what: string, fn: () => Promise<T | undefined | null | false>, ms = 60_000) {
    const deadline = Date.now() + ms;
    for (;;) {
      const value = await fn().catch(() => undefined);
      if (value) return value;
      if (Date.now() > deadline) throw new Error(`${what}: not within ${ms} ms`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  beforeAll(async () => {
    c = await startCluster({ env: LIMITS, keep: process.env.CLUSTER_KEEP === '1' });
    db = new pg.Client({ connectionString: c.primaryUrl });
    await db.connect();
  }, 180_000);

  // Stops the cluster if a test failed before the last one did.
  afterAll(async () => {
    await db?.end().catch(() => undefined);
    await c?.stop();
  }, 120_000);

  it('sends consecutive requests to the two web processes in turn', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 8; i++) {
      const res = await request(balancer()).get('/healthz').set('Host', c.appHost);
      expect(res.status).toBe(200);
      ids.push(String(res.headers['x-comptoir-instance']));
    }
    expect(new Set(ids)).toEqual(new Set(['web1.1', 'web2.1']));
    for (let i = 1; i < ids.length; i++) expect(ids[i]).not.toBe(ids[i - 1]);
  });

  it("the newcomer's journey: sign-up, onboarding, product with image, storefront, pay, paid order", async () => {
    const merchant = browser(c.appHost);
    const signup = await merchant.post(
      '/signup',
      {
        email: `${slug}@example.com`,
        password: PASSWORD,
        shopName: 'Cluster Café',
        slug,
        currency: 'eur',
        country: 'FR',
      },
      '/signup',
    );
    expect(signup.status).toBe(303);
    const dashboard = await merchant.get('/dashboard');
    expect(dashboard.status).toBe(200);
    merchant.setCsrf(csrfFrom(dashboard.text));

    // Onboarding on the emulator's hosted form, back to the app's return page.
    const setup = await merchant.post('/dashboard/payments/setup');
    expect(setup.status).toBe(303);
    const onboarded = await submitHostedOnboarding(setup.headers.location, {
      businessName: 'Cluster Café',
      bankAccount: 'DE89370400440532013000',
    });
    expect(onboarded.status).toBe(303);
    expect((await merchant.get('/dashboard/payments/return')).status).toBe(200);

    // A product with an image (stored in S3), published.
    const created = await merchant.post('/dashboard/products', {
      name: 'Flat White',
      price: '3.50',
      stock: '',
    });
    expect(created.status).toBe(303);
    productId = /\/dashboard\/products\/([0-9a-f-]{36})/.exec(created.headers.location)![1]!;
    const csrf = csrfFrom((await merchant.get(`/dashboard/products/${productId}`)).text);
    const upload = await merchant.agent
      .post(`/dashboard/products/${productId}/images?_csrf=${csrf}`)
      .set('Host', c.appHost)
      .attach('images', pngBytes(3), { filename: 'cup.png', contentType: 'image/png' });
    expect(upload.status).toBe(303);
    expect((await merchant.post(`/dashboard/products/${productId}/publish`)).status).toBe(303);
    // The worker syncs it to the connected account (a Price to check out with).
    await until('catalog sync by the worker', async () => {
      const { rows } = await db.query<{ stripe_price_id: string | null }>(
        'SELECT stripe_price_id FROM product WHERE id = $1',
        [productId],
      );
      return rows[0]?.stripe_price_id;
    });

    // The storefront (read from the replica: there within moments), its image from S3.
    const shopper = browser(c.shopHost(slug));
    const home = await until('product on the storefront', async () => {
      const res = await shopper.get('/');
      return res.status === 200 && res.text.includes('Flat White') ? res : undefined;
    });
    const img = /<img[^>]+src='(\/uploads\/[^']+)'/.exec(home.text)![1];
    expect((await shopper.get(img)).status).toBe(200);

    const added = await shopper.post('/cart/add', { productId, quantity: '2' }, `/products/${productId}`);
    expect(added.status).toBe(303);
    const checkout = await shopper.post('/checkout', { email: 'sam@example.com' });
    expect(checkout.status).toBe(303);
    const sessionUrl = checkout.headers.location;
    const paid = await payOnEmulator(sessionUrl, CARD('4242424242424242', 'sam@example.com'));
    expect(paid.status).toBe(303);

    // The webhook (through the balancer) marks the order paid; the merchant sees it.
    const sessionId = sessionIdOf(sessionUrl);
    const orderId = await until('paid order', async () => {
      const { rows } = await db.query<{ id: string; status: string }>(
        'SELECT id, status FROM shop_order WHERE stripe_checkout_session_id = $1',
        [sessionId],
      );
      return rows[0]?.status === 'paid' ? rows[0].id : undefined;
    });
    const order = await merchant.get(`/dashboard/orders/${orderId}`);
    expect(order.status).toBe(200);
    expect(order.text).toContain('Flat White');

    // Both web processes served this journey.
    expect(new Set(seen.filter((id) => id.startsWith('web')))).toEqual(new Set(['web1.1', 'web2.1']));
  }, 180_000);

  it('restarts each web process in turn under load with zero failed requests, webhooks once', async () => {
    const failures: string[] = [];
    let ok = 0;
    let running = true;
    const sessions: string[] = [];

    async function attempt(what: string, fn: () => Promise<request.Response>, expected: number) {
      // A broken set-up must fail the test, not spin the loops.
      if (failures.length > 100) running = false;
      try {
        const res = await fn();
        if (res.status !== expected) failures.push(`${what}: ${res.status}`);
        else ok++;
        return res;
      } catch (err) {
        failures.push(`${what}: ${String(err)}`);
        return undefined;
      }
    }

    const storefrontLoop = async () => {
      while (running) {
        await attempt(
          'GET /',
          () => request(balancer()).get('/').set('Host', c.shopHost(slug)).timeout(10_000),
          200,
        );
        await attempt(
          'GET product',
          () =>
            request(balancer()).get(`/products/${productId}`).set('Host', c.shopHost(slug)).timeout(10_000),
          200,
        );
      }
    };
    const checkoutLoop = async () => {
      const shopper = browser(c.shopHost(slug));
      await shopper.post('/cart/add', { productId, quantity: '1' }, `/products/${productId}`);
      while (running) {
        const res = await attempt('POST /checkout', () => shopper.post('/checkout'), 303);
        const location = res?.headers.location;
        // A cart checked out again may be sent to its open session or back to the shop.
        if (location?.startsWith(c.emulatorUrl) && sessions.length < 12) {
          // Paid while the restarts go on: the webhooks come back through the balancer.
          const paid = await payOnEmulator(location, CARD('4242424242424242'));
          if (paid.status === 303) sessions.push(sessionIdOf(location));
        }
      }
    };
    const loops = [storefrontLoop(), storefrontLoop(), checkoutLoop(), checkoutLoop()];

    await new Promise((r) => setTimeout(r, 1500));
    for (const web of c.webs) {
      const before = web.instanceId;
      await web.restart();
      expect(web.instanceId).not.toBe(before);
      // Back in rotation before the next one goes.
      await until(`${web.name} back behind the balancer`, async () => {
        for (let i = 0; i < 4; i++) {
          const res = await request(balancer()).get('/healthz').set('Host', c.appHost);
          if (res.headers['x-comptoir-instance'] === web.instanceId) return true;
        }
        return false;
      });
    }
    await new Promise((r) => setTimeout(r, 1500));
    running = false;
    await Promise.all(loops);

    expect(failures).toEqual([]);
    expect(ok).toBeGreaterThan(50);
    expect(sessions.length).toBeGreaterThan(0);

    // Every payment made during the restarts: one order, paid, its Stripe effects applied once.
    await until(
      'every payment seen by the app',
      async () => {
        const { rows } = await db.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM shop_order
            WHERE stripe_checkout_session_id = ANY($1) AND status = 'paid'`,
          [sessions],
        );
        return rows[0].n === sessions.length;
      },
      90_000,
    );
    const twice = await db.query(
      `SELECT e.order_id, e.type, e.stripe_event_id, count(*) FROM shop_order_event e
         JOIN shop_order o ON o.id = e.order_id
        WHERE o.stripe_checkout_session_id = ANY($1) AND e.stripe_event_id IS NOT NULL
        GROUP BY 1, 2, 3 HAVING count(*) > 1`,
      [sessions],
    );
    expect(twice.rows).toEqual([]);
    const paidEvents = await db.query<{ order_id: string; n: number }>(
      `SELECT e.order_id, count(*)::int AS n FROM shop_order_event e
         JOIN shop_order o ON o.id = e.order_id
        WHERE o.stripe_checkout_session_id = ANY($1) AND e.type = 'paid'
        GROUP BY 1`,
      [sessions],
    );
    expect(paidEvents.rows.every((r) => r.n === 1)).toBe(true);
  }, 240_000);

  it('stops every process it started: none is left once the cluster stopped', async () => {
    // Both PostgreSQL servers and their backends, the emulator, both web processes, the worker,
    // HAProxy, the watchdog: all started by this process.
    // None crashed along the way (a web process lost at boot left the journey to the other).
    expect(c.unexpectedExits).toEqual([]);
    const running = descendantsOf(process.pid);
    expect(running.length).toBeGreaterThanOrEqual(8);
    await db.end();
    await c.stop();
    expect(descendantsOf(process.pid)).toEqual([]);
    // Nor anywhere else (a process whose parent died is adopted by init).
    const alive = processTable();
    expect(running.filter((pid) => alive.has(pid))).toEqual([]);
  }, 120_000);
});
