import {
  createMerchant,
  loginAgent,
  platformHost,
  type LoggedInAgent,
  type Merchant,
} from '../factories/accounts.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

const zoneIdOf = (location: string) => /\/dashboard\/shipping\/zones\/([0-9a-f-]{36})/.exec(location)![1];

describe('Shipping zones and rates in the dashboard', () => {
  let t: TestApp;
  let alice: Merchant;
  let bob: Merchant;
  let a: LoggedInAgent;
  let b: LoggedInAgent;

  beforeAll(async () => {
    t = await createTestApp();
    alice = await createMerchant(t, { shopName: 'Alice Pottery', country: 'FR', currency: 'eur' });
    bob = await createMerchant(t, { shopName: 'Bob Books', country: 'JP', currency: 'jpy', language: 'fr' });
    a = await loginAgent(t, alice);
    b = await loginAgent(t, bob);
  });
  afterAll(() => t.close());

  const newZone = async (agent: LoggedInAgent, name: string, countries: string) => {
    const res = await agent.post('/dashboard/shipping/zones', { name, countries }).expect(303);
    return zoneIdOf(res.headers.location);
  };

  it('creates a zone and its rates, explaining errors and keeping the input', async () => {
    const bad = await a
      .post('/dashboard/shipping/zones', { name: ' ', countries: 'FR, UK, zz9' })
      .expect(422);
    expect(bad.text).toContain('Enter a name.');
    expect(bad.text).toContain('UK');
    expect(bad.text).toContain("value='FR, UK, zz9'");
    await a.post('/dashboard/shipping/zones', { name: 'EU' }).expect(422);

    const zoneId = await newZone(a, 'Europe <near>', 'fr be');
    const page = (await a.get(`/dashboard/shipping/zones/${zoneId}?saved=zoneSaved`).expect(200)).text;
    expect(page).toContain('Zone saved.');
    expect(page).toContain('Europe &lt;near&gt;');
    expect(page).toContain("value='FR, BE'");
    // A country is in one zone only.
    const taken = await a
      .post('/dashboard/shipping/zones', { name: 'Benelux', countries: 'BE, LU' })
      .expect(422);
    expect(taken.text).toContain('BE is already in another zone');

    const rates = `/dashboard/shipping/zones/${zoneId}/rates`;
    const refused = await a
      .post(rates, {
        kind: 'free_above',
        name: 'Standard',
        amount: '4,90',
        freeAbove: '',
        minDays: '5',
        maxDays: '2',
      })
      .expect(422);
    expect(refused.text).toContain('The most days cannot be fewer than the least.');
    expect(refused.text).toContain("value='4,90'");
    await a.post(rates, { kind: 'teleport', name: 'X', amount: '1' }).expect(422);
    await a.post(rates, { kind: 'fixed', name: 'X', amount: '-1' }).expect(422);
    await a.post(rates, { kind: 'fixed', name: 'X', amount: '1', minDays: '2' }).expect(422);

    await a
      .post(rates, {
        kind: 'free_above',
        name: 'Standard',
        amount: '4,90',
        freeAbove: '50',
        minDays: '2',
        maxDays: '5',
      })
      .expect(303);
    await a
      .post(rates, { kind: 'per_item', name: 'Heavy', amount: '6', perAdditionalItem: '1.50' })
      .expect(303);
    await a.post(rates, { kind: 'pickup', name: 'Pickup at the workshop', amount: '99' }).expect(303);
    const stored = await t.db.query<Array<Record<string, unknown>>>(
      `SELECT kind, name, amount, free_above, per_additional_item, min_days, max_days
         FROM shipping_rate WHERE zone_id = $1 ORDER BY created_at`,
      [zoneId],
    );
    expect(stored).toEqual([
      {
        kind: 'free_above',
        name: 'Standard',
        amount: 490,
        free_above: 5000,
        per_additional_item: null,
        min_days: 2,
        max_days: 5,
      },
      {
        kind: 'per_item',
        name: 'Heavy',
        amount: 600,
        free_above: null,
        per_additional_item: 150,
        min_days: null,
        max_days: null,
      },
      {
        kind: 'pickup',
        name: 'Pickup at the workshop',
        amount: 0,
        free_above: null,
        per_additional_item: null,
        min_days: null,
        max_days: null,
      },
    ]);
    const list = (await a.get('/dashboard/shipping').expect(200)).text;
    expect(list).toContain('€4.90, free from €50.00');
    expect(list).toContain('2–5 business days');
    expect(list).toContain("data-label='Price'");
    expect(list).toContain('France, Belgium');

    // Edit, then delete a rate, then the zone.
    const [{ id: rateId }] = await t.db.query<Array<{ id: string }>>(
      `SELECT id FROM shipping_rate WHERE zone_id = $1 AND kind = 'per_item'`,
      [zoneId],
    );
    const form = (await a.get(`${rates}/${rateId}`).expect(200)).text;
    expect(form).toContain("value='1.50'");
    await a.post(`${rates}/${rateId}`, { kind: 'fixed', name: 'Heavy', amount: '7' }).expect(303);
    expect(
      await t.db.query('SELECT amount, per_additional_item FROM shipping_rate WHERE id = $1', [rateId]),
    ).toEqual([{ amount: 700, per_additional_item: null }]);
    await a.post(`${rates}/${rateId}/delete`).expect(303);
    await a.post(`/dashboard/shipping/zones/${zoneId}/delete`).expect(303);
    expect(
      await t.db.query('SELECT count(*)::int AS n FROM shipping_rate WHERE zone_id = $1', [zoneId]),
    ).toEqual([{ n: 0 }]);
  }, 60_000);

  it('in yen and in French: no decimals, translated messages', async () => {
    const zoneId = await newZone(b, 'Japon', 'JP');
    const rates = `/dashboard/shipping/zones/${zoneId}/rates`;
    const bad = await b.post(rates, { kind: 'fixed', name: '', amount: '500.5' }).expect(422);
    expect(bad.text).toContain('Saisissez un nom.');
    await b
      .post(rates, { kind: 'fixed', name: 'Standard', amount: '800', minDays: '1', maxDays: '1' })
      .expect(303);
    const list = (await b.get('/dashboard/shipping').expect(200)).text;
    expect(list).toMatch(/>800\sJPY</); // Intl's French for yen: no decimals
    expect(list).toContain('1 jour ouvré');
    expect(list).toContain('Livraison');
  }, 60_000);

  it('20 concurrent "add rate" requests leave at most five rates', async () => {
    const zoneId = await newZone(a, 'World', 'US, CA');
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        a.post(`/dashboard/shipping/zones/${zoneId}/rates`, {
          kind: 'fixed',
          name: `Rate ${i}`,
          amount: `${i + 1}`,
        }),
      ),
    );
    const statuses = results.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 303)).toHaveLength(5);
    expect(statuses.filter((s) => s === 422)).toHaveLength(15);
    expect(results.find((r) => r.status === 422)!.text).toContain('already has 5 rates');
    expect(
      await t.db.query('SELECT count(*)::int AS n FROM shipping_rate WHERE zone_id = $1', [zoneId]),
    ).toEqual([{ n: 5 }]);
    // The zone page stops offering "Add a rate".
    expect((await a.get(`/dashboard/shipping/zones/${zoneId}`).expect(200)).text).not.toContain('Add a rate');
  }, 60_000);

  it("another shop's zone and rate ids are not found, on every route", async () => {
    const zoneId = await newZone(a, 'Alice only', 'DE');
    await a
      .post(`/dashboard/shipping/zones/${zoneId}/rates`, { kind: 'fixed', name: 'Std', amount: '5' })
      .expect(303);
    const [{ id: rateId }] = await t.db.query<Array<{ id: string }>>(
      'SELECT id FROM shipping_rate WHERE zone_id = $1',
      [zoneId],
    );
    const zone = `/dashboard/shipping/zones/${zoneId}`;
    const rate = `${zone}/rates/${rateId}`;
    await b.get(zone).expect(404);
    await b.get(`${zone}/rates/new`).expect(404);
    await b.get(rate).expect(404);
    await b.post(zone, { name: 'Taken', countries: 'JP' }).expect(404);
    await b.post(`${zone}/rates`, { kind: 'fixed', name: 'X', amount: '1' }).expect(404);
    await b.post(rate, { kind: 'fixed', name: 'X', amount: '1' }).expect(404);
    await b.post(`${rate}/delete`).expect(404);
    await b.post(`${zone}/delete`).expect(404);
    await a.get('/dashboard/shipping/zones/not-a-uuid').expect(404);
    await a.get(`${zone}/rates/not-a-uuid`).expect(404);
    // Nothing of Alice's changed, and Bob's list does not show it.
    expect(await t.db.query('SELECT name, countries FROM shipping_zone WHERE id = $1', [zoneId])).toEqual([
      { name: 'Alice only', countries: ['DE'] },
    ]);
    expect(await t.db.query('SELECT amount FROM shipping_rate WHERE id = $1', [rateId])).toEqual([
      { amount: 500 },
    ]);
    expect((await b.get('/dashboard/shipping').expect(200)).text).not.toContain('Alice only');
    // A zone of another shop does not make its countries taken here.
    await newZone(b, 'Allemagne', 'DE');
  }, 60_000);

  it('refuses a POST without the CSRF token', async () => {
    await a
      .post('/dashboard/shipping/zones', { _csrf: 'not-the-token', name: 'Bad token', countries: 'IT' })
      .expect(403);
    await a.agent
      .post('/dashboard/shipping/zones')
      .set('Host', platformHost(t))
      .type('form')
      .send({ name: 'No token', countries: 'IT' })
      .expect(403);
  });
});
