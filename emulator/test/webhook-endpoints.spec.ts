import Stripe from 'stripe';
import type { RunningEmulator } from '../src/index.js';
import { freshEmulator, sdk, webhookReceiver } from './helpers.js';

type Receiver = Awaited<ReturnType<typeof webhookReceiver>>;

/** POST /v1/webhook_endpoints/{id}, as the SDK's `webhookEndpoints.update` sends it. */
describe('emulator webhook endpoint updates', () => {
  let emulator: RunningEmulator;
  let stripe: Stripe;
  let first: Receiver;
  let second: Receiver;
  beforeAll(async () => {
    emulator = await freshEmulator();
    stripe = sdk(emulator, { maxNetworkRetries: 0 });
    first = await webhookReceiver();
    second = await webhookReceiver();
  });
  afterAll(async () => {
    await emulator.close();
    await first.close();
    await second.close();
  });

  /** A platform event (product.created), delivered to whatever the endpoints say now. */
  const emit = async () => {
    await stripe.products.create({ name: 'Kettle' });
    await emulator.deliveriesIdle();
  };

  it('moves deliveries to the new url; the secret is kept and not shown again', async () => {
    const created = await stripe.webhookEndpoints.create({ url: first.url, enabled_events: ['*'] });
    await emit();
    expect(first.types()).toEqual(['product.created']);
    const updated = await stripe.webhookEndpoints.update(created.id, { url: second.url });
    expect(updated).toMatchObject({ id: created.id, url: second.url, status: 'enabled' });
    expect(updated.secret).toBeUndefined();
    await emit();
    expect(first.types()).toEqual(['product.created']);
    expect(second.types()).toEqual(['product.created']);
    const event = stripe.webhooks.constructEvent(
      second.received[0].body,
      second.received[0].signature,
      created.secret!,
    );
    expect(event.type).toBe('product.created');
    await stripe.webhookEndpoints.del(created.id);
  });

  it('disabled endpoints get no deliveries until enabled again; events, description and metadata change', async () => {
    first.received.length = 0;
    const endpoint = await stripe.webhookEndpoints.create({
      url: first.url,
      enabled_events: ['*'],
      description: 'old',
      metadata: { kind: 'platform', keep: 'yes' },
    });
    const off = await stripe.webhookEndpoints.update(endpoint.id, { disabled: true });
    expect(off.status).toBe('disabled');
    await emit();
    expect(first.received).toHaveLength(0);

    const on = await stripe.webhookEndpoints.update(endpoint.id, {
      disabled: false,
      enabled_events: ['price.created'],
      description: 'Comptoir platform events',
      metadata: { kind: '', owner: 'comptoir' },
    });
    expect(on).toMatchObject({
      status: 'enabled',
      enabled_events: ['price.created'],
      description: 'Comptoir platform events',
      metadata: { keep: 'yes', owner: 'comptoir' },
    });
    expect(await stripe.webhookEndpoints.retrieve(endpoint.id)).toEqual(on);
    await emit();
    expect(first.received).toHaveLength(0); // product.created is no longer subscribed
    const product = await stripe.products.create({ name: 'Cup' });
    await stripe.prices.create({ product: product.id, currency: 'eur', unit_amount: 500 });
    await emulator.deliveriesIdle();
    expect(first.types()).toEqual(['price.created']);
    expect((await stripe.webhookEndpoints.update(endpoint.id, { description: '' })).description).toBeNull();
    await stripe.webhookEndpoints.del(endpoint.id);
  });

  it('refuses what Stripe refuses: unknown ids, parameters and events, a bad url, a Stripe-Account', async () => {
    const endpoint = await stripe.webhookEndpoints.create({ url: first.url, enabled_events: ['*'] });
    await expect(stripe.webhookEndpoints.update('we_missing', { url: second.url })).rejects.toMatchObject({
      statusCode: 404,
      code: 'resource_missing',
    });
    await expect(
      stripe.webhookEndpoints.update(endpoint.id, { connect: true } as Stripe.WebhookEndpointUpdateParams),
    ).rejects.toMatchObject({ statusCode: 400, code: 'parameter_unknown', param: 'connect' });
    await expect(
      stripe.webhookEndpoints.update(endpoint.id, {
        enabled_events: ['no.such_event'] as unknown as Stripe.WebhookEndpointUpdateParams.EnabledEvent[],
      }),
    ).rejects.toMatchObject({ statusCode: 400, param: 'enabled_events[0]' });
    await expect(stripe.webhookEndpoints.update(endpoint.id, { url: 'ftp://x' })).rejects.toMatchObject({
      statusCode: 400,
      code: 'url_invalid',
    });
    await expect(
      stripe.webhookEndpoints.update(endpoint.id, { url: second.url }, { stripeAccount: 'acct_x' }),
    ).rejects.toBeInstanceOf(Stripe.errors.StripeError);
    expect((await stripe.webhookEndpoints.retrieve(endpoint.id)).url).toBe(first.url);
  });
});
