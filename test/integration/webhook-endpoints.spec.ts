import { PlatformSetting } from '../../src/database/platform-setting.entity.js';
import { WebhookEndpointsService } from '../../src/webhooks/webhook-endpoints.service.js';
import {
  WEBHOOK_ENDPOINTS_SETTING,
  type StoredWebhookEndpoints,
} from '../../src/webhooks/webhook-endpoints.types.js';
import { checkoutSession, deliver, sign, stripeEvent } from '../factories/stripe-events.js';
import { eventually } from '../support/eventually.js';
import { FakeWebhookEndpoints } from '../support/fake-webhook-endpoints.js';
import { createTestApp, freePort, type TestApp } from '../support/test-app.js';

describe('offline webhook endpoints on the emulator', () => {
  let fake: FakeWebhookEndpoints;
  let a: TestApp;
  let b: TestApp;
  beforeAll(async () => {
    const port = await freePort();
    // The emulator is not up yet when the first process boots: the app must start anyway.
    const env = { STRIPE_API_URL: `http://127.0.0.1:${port}`, WEBHOOK_ENDPOINT_SETUP: 'true' };
    a = await createTestApp({ env });
    fake = new FakeWebhookEndpoints();
    await fake.listen(port);
    b = await createTestApp({ env, databaseUrl: a.databaseUrl });
  });
  afterAll(async () => {
    await b.close();
    await a.close();
    await fake.close();
  });

  const stored = async () =>
    (await a.db.getRepository(PlatformSetting).findOneBy({ key: WEBHOOK_ENDPOINTS_SETTING }))?.value as
      StoredWebhookEndpoints | undefined;

  it('registers both endpoints once, however many processes boot, even if the emulator came up late', async () => {
    const endpoints = await eventually(stored, 20_000);
    // Both processes are through their setup (b at boot, a on its background retry).
    await Promise.all([a, b].map((t) => t.app.get(WebhookEndpointsService).ensureOfflineEndpoints()));
    expect(fake.creates).toBe(2);
    const registered = [...fake.endpoints.values()];
    expect(registered.map((e) => [e.metadata.comptoir_endpoint, e.connect, e.url]).sort()).toEqual([
      ['connect', true, 'http://localhost:3000/webhooks/stripe'],
      ['platform', false, 'http://localhost:3000/webhooks/stripe'],
    ]);
    expect(fake.endpoints.get(endpoints.connect.id)?.secret).toBe(endpoints.connect.secret);
    expect(fake.endpoints.get(endpoints.platform.id)?.secret).toBe(endpoints.platform.secret);
  }, 30_000);

  it('reuses them on a later boot', async () => {
    const before = await stored();
    const again = await a.app.get(WebhookEndpointsService).ensureOfflineEndpoints();
    expect(again).toEqual(before);
    expect(fake.creates).toBe(2);
  });

  it('recreates an endpoint the emulator no longer has, and accepts deliveries signed with its new secret', async () => {
    const before = (await stored())!;
    fake.endpoints.delete(before.connect.id);
    const after = await a.app.get(WebhookEndpointsService).ensureOfflineEndpoints();
    expect(after.platform).toEqual(before.platform);
    expect(after.connect.id).not.toBe(before.connect.id);
    expect(await stored()).toEqual(after);

    const event = stripeEvent('checkout.session.completed', checkoutSession());
    await deliver(a.app, sign(event, after.connect.secret)).expect(200);
    // The other process reads the new secret too (it re-reads on a miss).
    const other = stripeEvent('checkout.session.completed', checkoutSession());
    await deliver(b.app, sign(other, after.connect.secret)).expect(200);
    await deliver(
      a.app,
      sign(stripeEvent('checkout.session.completed', checkoutSession()), before.connect.secret),
    ).expect(400);
  });
});
