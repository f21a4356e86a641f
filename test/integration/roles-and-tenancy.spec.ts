import request from 'supertest';
import { createAdmin, createMerchant, loginAgent, platformHost } from '../factories/accounts.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

describe('roles and tenancy', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('shows /admin to admins only; everyone else gets a 404', async () => {
    await request(t.app.getHttpServer()).get('/admin').set('Host', platformHost(t)).expect(404);
    const merchant = await loginAgent(t, await createMerchant(t));
    await merchant.get('/admin').expect(404);
    expect((await merchant.get('/dashboard').expect(200)).text).not.toContain("href='/admin'");
    const admin = await loginAgent(t, await createAdmin(t));
    const page = await admin.get('/admin').expect(200);
    expect(page.text).toContain('Comptoir admin');
  });

  it('never lets a merchant reach another merchant’s shop', async () => {
    const alice = await createMerchant(t, { shopName: 'Alice Only' });
    const bob = await createMerchant(t, { shopName: 'Bob Only' });
    const b = await loginAgent(t, bob);
    for (const path of [
      `/dashboard/shops/${alice.shop.id}`,
      `/dashboard/shops/${alice.shop.id}/settings`,
      `/dashboard/settings/${alice.shop.id}`,
    ]) {
      await b.get(path).expect(404);
    }
    const settings = await b.get(`/dashboard/settings?shopId=${alice.shop.id}`).expect(200);
    expect(settings.text).toContain('Bob Only');
    expect(settings.text).not.toContain('Alice Only');
    await b
      .post('/dashboard/settings', { name: 'Hijacked', shopId: alice.shop.id, id: alice.shop.id })
      .expect(303);
    const names = await t.db.query('SELECT id, name FROM shop WHERE id IN ($1, $2)', [
      alice.shop.id,
      bob.shop.id,
    ]);
    expect(Object.fromEntries(names.map((r: { id: string; name: string }) => [r.id, r.name]))).toEqual({
      [alice.shop.id]: 'Alice Only',
      [bob.shop.id]: 'Hijacked',
    });
  });

  it('keeps what was typed in the settings form and explains the errors', async () => {
    const m = await createMerchant(t);
    const a = await loginAgent(t, m);
    const res = await a
      .post('/dashboard/settings', { name: 'Kept <b>name</b>', brandColour: 'red', contactEmail: 'nope' })
      .expect(422);
    expect(res.text).toContain("value='Kept &lt;b&gt;name&lt;/b&gt;'");
    expect(res.text).toContain('Use a colour such as #3b5bdb.');
    expect(res.text).toContain('Enter an email address');
  });
});
