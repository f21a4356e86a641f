import Stripe from 'stripe';
import type { RunningEmulator } from '../src/index.js';
import { parseForm } from '../src/form.js';
import { freshEmulator, sdk, TEST_KEY } from './helpers.js';

describe('emulator wire format through the stripe SDK', () => {
  let emulator: RunningEmulator;
  let stripe: Stripe;
  beforeAll(async () => {
    emulator = await freshEmulator();
    stripe = sdk(emulator);
  });
  afterAll(() => emulator.close());

  it('parses bracket notation into nested objects and arrays', () => {
    expect(
      parseForm(
        'line_items[0][price]=p1&line_items[0][quantity]=2&line_items[1][price]=p2&metadata[k]=v%20w&expand[]=a&expand[]=b&x=1+2',
      ),
    ).toEqual({
      line_items: [{ price: 'p1', quantity: '2' }, { price: 'p2' }],
      metadata: { k: 'v w' },
      expand: ['a', 'b'],
      x: '1 2',
    });
  });

  it('requires a secret test key (401 → StripeAuthenticationError)', async () => {
    const res = await fetch(`${emulator.url}/v1/accounts`);
    expect(res.status).toBe(401);
    expect(((await res.json()) as { error: { type: string } }).error.type).toBe('authentication_error');
    await expect(
      new Stripe('pk_test_nope', {
        host: '127.0.0.1',
        port: emulator.port,
        protocol: 'http',
      }).accounts.list(),
    ).rejects.toBeInstanceOf(Stripe.errors.StripeAuthenticationError);
  });

  it('rejects unknown parameters at any depth, and missing ones, naming them', async () => {
    const unknown = await stripe.products
      .create({ name: 'Mug', colour: 'red' } as Stripe.ProductCreateParams)
      .catch((e: unknown) => e);
    expect(unknown).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(unknown).toMatchObject({ statusCode: 400, code: 'parameter_unknown', param: 'colour' });
    const nested = await stripe.products
      .create({
        name: 'Mug',
        default_price_data: { currency: 'eur', unit_amount: 100, colour: 'x' },
      } as unknown as Stripe.ProductCreateParams)
      .catch((e: unknown) => e);
    expect(nested).toMatchObject({ code: 'parameter_unknown', param: 'default_price_data[colour]' });
    const missing = await stripe.prices
      .create({ currency: 'eur', unit_amount: 100 })
      .catch((e: unknown) => e);
    expect(missing).toMatchObject({ code: 'parameter_missing', param: 'product' });
    const integer = await fetch(`${emulator.url}/v1/prices`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${TEST_KEY}`, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'currency=eur&unit_amount=ten&product_data[name]=x',
    });
    expect(await integer.json()).toMatchObject({
      error: { code: 'parameter_invalid_integer', param: 'unit_amount' },
    });
  });

  it('answers unknown ids with 404 resource_missing and a Request-Id', async () => {
    const err = (await stripe.products
      .retrieve('prod_missing')
      .catch((e: unknown) => e)) as Stripe.errors.StripeError;
    expect(err).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(err).toMatchObject({ statusCode: 404, code: 'resource_missing', param: 'id' });
    expect(err.requestId).toMatch(/^req_/);
    expect(err.raw).toMatchObject({ doc_url: 'https://stripe.com/docs/error-codes/resource-missing' });
  });

  it('scopes objects to the Stripe-Account: another account’s object is 404', async () => {
    const a = await stripe.accounts.create({ type: 'standard' });
    const b = await stripe.accounts.create({ type: 'standard' });
    const product = await stripe.products.create({ name: 'Vase' }, { stripeAccount: a.id });
    await expect(stripe.products.retrieve(product.id, {}, { stripeAccount: a.id })).resolves.toMatchObject({
      name: 'Vase',
    });
    await expect(stripe.products.retrieve(product.id, {}, { stripeAccount: b.id })).rejects.toMatchObject({
      statusCode: 404,
    });
    await expect(stripe.products.retrieve(product.id)).rejects.toMatchObject({ statusCode: 404 });
    const listB = await stripe.products.list({}, { stripeAccount: b.id });
    expect(listB.data).toEqual([]);
    await expect(stripe.products.list({}, { stripeAccount: 'acct_nope' })).rejects.toBeInstanceOf(
      Stripe.errors.StripePermissionError,
    );
  });

  it('lists with limit, has_more and starting_after', async () => {
    const acct = await stripe.accounts.create({ type: 'express' });
    for (const name of ['a', 'b', 'c']) await stripe.products.create({ name }, { stripeAccount: acct.id });
    const first = await stripe.products.list({ limit: 2 }, { stripeAccount: acct.id });
    expect(first.data.map((p) => p.name)).toEqual(['c', 'b']);
    expect(first.has_more).toBe(true);
    const next = await stripe.products.list(
      { limit: 2, starting_after: first.data[1].id },
      { stripeAccount: acct.id },
    );
    expect(next.data.map((p) => p.name)).toEqual(['a']);
    expect(next.has_more).toBe(false);
    const all: string[] = [];
    for await (const p of stripe.products.list({ limit: 1 }, { stripeAccount: acct.id })) all.push(p.name);
    expect(all).toEqual(['c', 'b', 'a']);
  });

  it('keeps price amounts immutable and toggles active', async () => {
    const price = await stripe.prices.create({
      currency: 'eur',
      unit_amount: 1200,
      product_data: { name: 'Bowl' },
    });
    await expect(
      stripe.prices.update(price.id, { unit_amount: 5 } as Stripe.PriceUpdateParams),
    ).rejects.toMatchObject({
      code: 'parameter_unknown',
      param: 'unit_amount',
    });
    const off = await stripe.prices.update(price.id, { active: false });
    expect(off).toMatchObject({ active: false, unit_amount: 1200 });
    const active = await stripe.prices.list({ active: true, product: price.product as string });
    expect(active.data).toEqual([]);
  });

  describe('idempotency', () => {
    it('replays the saved response for the same key and parameters', async () => {
      const first = await stripe.products.create({ name: 'Lamp' }, { idempotencyKey: 'key-replay' });
      const again = await stripe.products.create({ name: 'Lamp' }, { idempotencyKey: 'key-replay' });
      expect(again.id).toBe(first.id);
      expect(again.lastResponse.headers['idempotent-replayed']).toBe('true');
      const products = await stripe.products.list({ limit: 100 });
      expect(products.data.filter((p) => p.name === 'Lamp')).toHaveLength(1);
    });

    it('refuses the same key with other parameters (StripeIdempotencyError)', async () => {
      await stripe.products.create({ name: 'Chair' }, { idempotencyKey: 'key-mismatch' });
      const err = await stripe.products
        .create({ name: 'Table' }, { idempotencyKey: 'key-mismatch' })
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(Stripe.errors.StripeIdempotencyError);
      expect(err).toMatchObject({ statusCode: 400, type: 'StripeIdempotencyError' });
    });

    it('scopes keys by account', async () => {
      const acct = await stripe.accounts.create({ type: 'standard' });
      const a = await stripe.products.create({ name: 'Rug' }, { idempotencyKey: 'key-scope' });
      const b = await stripe.products.create(
        { name: 'Rug' },
        { idempotencyKey: 'key-scope', stripeAccount: acct.id },
      );
      expect(b.id).not.toBe(a.id);
    });

    it('answers 409 while the first request with the key is still running', async () => {
      emulator.control.injectFault({ path: '/v1/products', kind: 'delay', delayMs: 400 });
      const noRetry = sdk(emulator, { maxNetworkRetries: 0 });
      const slow = noRetry.products.create({ name: 'Slow' }, { idempotencyKey: 'key-inflight' });
      await new Promise((r) => setTimeout(r, 100));
      const err = await noRetry.products
        .create({ name: 'Slow' }, { idempotencyKey: 'key-inflight' })
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(Stripe.errors.StripeAPIError);
      expect(err).toMatchObject({ statusCode: 409, code: 'idempotency_key_in_use' });
      const created = await slow;
      const replay = await noRetry.products.create({ name: 'Slow' }, { idempotencyKey: 'key-inflight' });
      expect(replay.id).toBe(created.id);
    });

    it('does not save validation failures', async () => {
      await expect(
        stripe.products.create({} as Stripe.ProductCreateParams, { idempotencyKey: 'key-invalid' }),
      ).rejects.toMatchObject({
        code: 'parameter_missing',
      });
    });
  });

  describe('faults', () => {
    it('500 for the next request: the SDK retries with the same key and succeeds once', async () => {
      emulator.control.clearRequests();
      emulator.control.injectFault({ path: '/v1/products', kind: 'error_500', count: 1 });
      const product = await stripe.products.create({ name: 'Retried' });
      const posts = emulator.control.requests({ path: '/v1/products', method: 'POST' });
      expect(posts.map((r) => r.status)).toEqual([500, 200]);
      expect(posts[0].idempotencyKey).toBe(posts[1].idempotencyKey);
      expect(product.name).toBe('Retried');
      const none = sdk(emulator, { maxNetworkRetries: 0 });
      emulator.control.injectFault({ path: '/v1/products', kind: 'error_500' });
      await expect(none.products.create({ name: 'x' })).rejects.toBeInstanceOf(Stripe.errors.StripeAPIError);
    });

    it('429 with Stripe-Should-Retry: the SDK retries only when told to', async () => {
      emulator.control.injectFault({ path: '/v1/products', kind: 'rate_limit', count: 1, shouldRetry: true });
      await expect(stripe.products.list()).resolves.toMatchObject({ object: 'list' });
      emulator.control.injectFault({
        path: '/v1/products',
        kind: 'rate_limit',
        count: 1,
        shouldRetry: false,
      });
      await expect(stripe.products.list()).rejects.toBeInstanceOf(Stripe.errors.StripeRateLimitError);
    });

    it('a delay past the client timeout: the client gives up, the object exists once', async () => {
      emulator.control.injectFault({ path: '/v1/products', method: 'POST', kind: 'delay', delayMs: 600 });
      const impatient = sdk(emulator, { timeout: 200, maxNetworkRetries: 0 });
      await expect(
        impatient.products.create({ name: 'Timeout' }, { idempotencyKey: 'key-timeout' }),
      ).rejects.toBeInstanceOf(Stripe.errors.StripeConnectionError);
      // Once the held request has finished (600 ms, with room for a loaded machine), a patient
      // retry with the same key gets the saved answer.
      await new Promise((r) => setTimeout(r, 1500));
      const patient = sdk(emulator, { maxNetworkRetries: 0 });
      const again = await patient.products.create({ name: 'Timeout' }, { idempotencyKey: 'key-timeout' });
      expect(again.lastResponse.headers['idempotent-replayed']).toBe('true');
      const all = await stripe.products.list({ limit: 100 });
      expect(all.data.filter((p) => p.name === 'Timeout')).toHaveLength(1);
    });

    it('a connection reset after processing: the SDK retry gets the saved response', async () => {
      emulator.control.injectFault({ path: '/v1/products', method: 'POST', kind: 'reset' });
      const product = await stripe.products.create({ name: 'Reset' });
      expect(product.lastResponse.headers['idempotent-replayed']).toBe('true');
      const all = await stripe.products.list({ limit: 100 });
      expect(all.data.filter((p) => p.name === 'Reset')).toHaveLength(1);
    });
  });
});
