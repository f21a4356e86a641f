import Stripe from 'stripe';
import type { RunningEmulator } from '../src/index.js';
import { freshEmulator, onboardedAccount, payOnPage, sdk, webhookReceiver } from './helpers.js';

type Receiver = Awaited<ReturnType<typeof webhookReceiver>>;

describe('emulator flows: onboarding, Checkout, events', () => {
  let emulator: RunningEmulator;
  let stripe: Stripe;
  let connectHook: Receiver;
  let platformHook: Receiver;
  let connectSecret: string;
  let platformSecret: string;

  beforeAll(async () => {
    emulator = await freshEmulator();
    stripe = sdk(emulator);
    connectHook = await webhookReceiver();
    platformHook = await webhookReceiver();
    connectSecret = (
      await stripe.webhookEndpoints.create({ url: connectHook.url, enabled_events: ['*'], connect: true })
    ).secret!;
    platformSecret = (await stripe.webhookEndpoints.create({ url: platformHook.url, enabled_events: ['*'] }))
      .secret!;
  });
  afterAll(async () => {
    await emulator.close();
    await connectHook.close();
    await platformHook.close();
  });
  beforeEach(async () => {
    await emulator.deliveriesIdle();
    connectHook.received.length = 0;
    platformHook.received.length = 0;
  });

  async function sessionFor(account: Stripe.Account, fee = 150) {
    const product = await stripe.products.create({ name: 'Teapot' }, { stripeAccount: account.id });
    const price = await stripe.prices.create(
      { product: product.id, currency: 'eur', unit_amount: 2500 },
      { stripeAccount: account.id },
    );
    const session = await stripe.checkout.sessions.create(
      {
        mode: 'payment',
        line_items: [{ price: price.id, quantity: 2 }],
        success_url: 'http://shop.test/thanks?session={CHECKOUT_SESSION_ID}',
        cancel_url: 'http://shop.test/cart',
        payment_intent_data: { application_fee_amount: fee, metadata: { order: 'o-1' } },
        metadata: { order: 'o-1' },
      },
      { stripeAccount: account.id },
    );
    // Only what the payment emits is of interest below.
    await emulator.deliveriesIdle();
    connectHook.received.length = 0;
    platformHook.received.length = 0;
    return session;
  }

  describe('onboarding', () => {
    it('a new account has requirements due and cannot charge', async () => {
      const account = await stripe.accounts.create({ type: 'standard', business_profile: { name: 'Draft' } });
      expect(account).toMatchObject({
        details_submitted: false,
        charges_enabled: false,
        payouts_enabled: false,
        type: 'standard',
      });
      expect(account.requirements?.currently_due).toContain('external_account');
      expect(account.capabilities).toEqual({ card_payments: 'inactive', transfers: 'inactive' });
      await expect(
        stripe.checkout.sessions.create(
          {
            mode: 'payment',
            success_url: 'http://x.test/s',
            line_items: [
              { price_data: { currency: 'eur', unit_amount: 100, product_data: { name: 'x' } }, quantity: 1 },
            ],
          },
          { stripeAccount: account.id },
        ),
      ).rejects.toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    });

    it('the hosted form completes the account and emits account.updated and capability.updated', async () => {
      const account = await onboardedAccount(emulator, stripe, 'Atelier Lune');
      expect(account).toMatchObject({
        details_submitted: true,
        charges_enabled: true,
        payouts_enabled: true,
        country: 'FR',
      });
      expect(account.requirements?.currently_due).toEqual([]);
      expect(account.business_profile?.name).toBe('Atelier Lune');
      expect(account.capabilities).toEqual({ card_payments: 'active', transfers: 'active' });
      await emulator.deliveriesIdle();
      expect(connectHook.types()).toEqual([
        'account.updated',
        'account.external_account.created',
        'capability.updated',
        'capability.updated',
      ]);
      const updated = connectHook.received[0].event as Stripe.AccountUpdatedEvent;
      expect(updated.account).toBe(account.id);
      expect(updated.data.previous_attributes).toMatchObject({
        details_submitted: false,
        charges_enabled: false,
        payouts_enabled: false,
      });
      expect(
        (updated.data.previous_attributes as { requirements: { currently_due: string[] } }).requirements
          .currently_due,
      ).toContain('external_account');
      expect(platformHook.received).toEqual([]);
    });

    it('"Leave for now" returns without finishing; a used link goes to refresh_url', async () => {
      const account = await stripe.accounts.create({ type: 'express' });
      const link = await stripe.accountLinks.create({
        account: account.id,
        type: 'account_onboarding',
        refresh_url: 'http://app.test/refresh',
        return_url: 'http://app.test/return',
      });
      expect(link.expires_at - link.created).toBe(300);
      const html = await (await fetch(link.url)).text();
      const formToken = /name="form_token" value="([^"]+)"/.exec(html)![1];
      const leave = await fetch(link.url, {
        method: 'POST',
        redirect: 'manual',
        body: new URLSearchParams({ form_token: formToken, action: 'leave' }),
      });
      expect(leave.headers.get('location')).toBe('http://app.test/return');
      expect((await stripe.accounts.retrieve(account.id)).details_submitted).toBe(false);
      const again = await fetch(link.url, { redirect: 'manual' });
      expect(again.status).toBe(302);
      expect(again.headers.get('location')).toBe('http://app.test/refresh');
    });

    it('an expired link goes to refresh_url', async () => {
      const account = await stripe.accounts.create({ type: 'express' });
      const link = await stripe.accountLinks.create({
        account: account.id,
        type: 'account_onboarding',
        refresh_url: 'http://app.test/refresh',
        return_url: 'http://app.test/return',
      });
      emulator.advanceClock(301);
      const res = await fetch(link.url, { redirect: 'manual' });
      expect(res.headers.get('location')).toBe('http://app.test/refresh');
    });

    it('login links exist for Express accounts only', async () => {
      const express = await stripe.accounts.create({ type: 'express' });
      await expect(stripe.accounts.createLoginLink(express.id)).resolves.toMatchObject({
        object: 'login_link',
      });
      const standard = await stripe.accounts.create({ type: 'standard' });
      await expect(stripe.accounts.createLoginLink(standard.id)).rejects.toMatchObject({ statusCode: 400 });
    });

    it('a deauthorized account emits account.application.deauthorized, then 403s', async () => {
      const account = await onboardedAccount(emulator, stripe, 'Gone');
      await emulator.deliveriesIdle();
      connectHook.received.length = 0;
      emulator.control.deauthorize(account.id);
      await emulator.deliveriesIdle();
      expect(connectHook.types()).toEqual(['account.application.deauthorized']);
      expect(connectHook.received[0].event).toMatchObject({
        account: account.id,
        data: { object: { object: 'application' } },
      });
      await expect(stripe.products.list({}, { stripeAccount: account.id })).rejects.toBeInstanceOf(
        Stripe.errors.StripePermissionError,
      );
      await expect(stripe.accounts.retrieve(account.id)).rejects.toMatchObject({
        statusCode: 403,
        code: 'account_invalid',
      });
    });
  });

  describe('Checkout', () => {
    let account: Stripe.Account;
    beforeAll(async () => {
      account = await onboardedAccount(emulator, stripe, 'Maison Thé');
    });

    it('creates an open session with a url, line items and expandable fields', async () => {
      const session = await sessionFor(account);
      expect(session).toMatchObject({
        status: 'open',
        payment_status: 'unpaid',
        amount_total: 5000,
        currency: 'eur',
        payment_intent: null,
      });
      expect(session.url).toContain('/c/pay/');
      expect(session.expires_at - session.created).toBe(24 * 3600);
      const items = await stripe.checkout.sessions.listLineItems(
        session.id,
        {},
        { stripeAccount: account.id },
      );
      expect(items.data).toMatchObject([
        {
          object: 'item',
          quantity: 2,
          amount_total: 5000,
          description: 'Teapot',
          price: { unit_amount: 2500 },
        },
      ]);
      const expanded = await stripe.checkout.sessions.retrieve(
        session.id,
        { expand: ['line_items'] },
        { stripeAccount: account.id },
      );
      expect(expanded.line_items?.data).toHaveLength(1);
      const requests = emulator.control.requests({ path: '/v1/checkout/sessions', method: 'POST' });
      expect(requests.at(-1)!.params).toMatchObject({
        payment_intent_data: { application_fee_amount: '150' },
        line_items: [{ quantity: '2' }],
      });
    });

    it('refuses an application fee without Stripe-Account (no direct charge)', async () => {
      await expect(
        stripe.checkout.sessions.create({
          mode: 'payment',
          success_url: 'http://x.test/s',
          line_items: [
            { price_data: { currency: 'eur', unit_amount: 100, product_data: { name: 'x' } }, quantity: 1 },
          ],
          payment_intent_data: { application_fee_amount: 10 },
        }),
      ).rejects.toMatchObject({ param: 'payment_intent_data[application_fee_amount]' });
    });

    it('4242: paid, redirect with the session id, exact events, signed, balances split', async () => {
      const before = emulator.control.balances();
      const session = await sessionFor(account);
      const res = await payOnPage(session.url!, '4242 4242 4242 4242');
      expect(res.status).toBe(303);
      expect(res.headers.get('location')).toBe(`http://shop.test/thanks?session=${session.id}`);
      // The redirect waited for checkout.session.completed to be delivered.
      expect(connectHook.types()).toContain('checkout.session.completed');
      await emulator.deliveriesIdle();
      expect(connectHook.types()).toEqual([
        'payment_intent.created',
        'charge.succeeded',
        'payment_intent.succeeded',
        'checkout.session.completed',
      ]);
      expect(platformHook.types()).toEqual(['application_fee.created']);
      for (const r of connectHook.received) {
        const event = stripe.webhooks.constructEvent(r.body, r.signature, connectSecret);
        expect(event.account).toBe(account.id);
      }
      const feeEvent = stripe.webhooks.constructEvent(
        platformHook.received[0].body,
        platformHook.received[0].signature,
        platformSecret,
      );
      expect(feeEvent.account).toBeUndefined();
      expect(() =>
        stripe.webhooks.constructEvent(
          connectHook.received[0].body,
          connectHook.received[0].signature,
          platformSecret,
        ),
      ).toThrow(Stripe.errors.StripeSignatureVerificationError);

      const paid = await stripe.checkout.sessions.retrieve(
        session.id,
        { expand: ['payment_intent.latest_charge'] },
        { stripeAccount: account.id },
      );
      expect(paid).toMatchObject({
        status: 'complete',
        payment_status: 'paid',
        url: null,
        customer_details: { email: 'shopper@example.com' },
      });
      const pi = paid.payment_intent as Stripe.PaymentIntent;
      expect(pi).toMatchObject({
        status: 'succeeded',
        amount: 5000,
        application_fee_amount: 150,
        metadata: { order: 'o-1' },
      });
      expect(pi.latest_charge).toMatchObject({
        object: 'charge',
        status: 'succeeded',
        paid: true,
        payment_method_details: { card: { last4: '4242' } },
      });
      const completed = connectHook.received[3].event as Stripe.CheckoutSessionCompletedEvent;
      expect(completed.data.object).toMatchObject({
        id: session.id,
        status: 'complete',
        payment_status: 'paid',
        metadata: { order: 'o-1' },
      });

      // 5000 − Stripe's fee (2.9 % + 30 = 175) − application fee 150 = 4675, pending; platform +150.
      const after = emulator.control.balances();
      const pending = (b: Stripe.Balance) => b.pending.find((x) => x.currency === 'eur')?.amount ?? 0;
      expect(pending(after[account.id]) - pending(before[account.id])).toBe(4675);
      expect(pending(after.platform) - pending(before.platform)).toBe(150);
      const viaApi = await stripe.balance.retrieve({}, { stripeAccount: account.id });
      expect(pending(viaApi)).toBe(pending(after[account.id]));
      // The page no longer takes payment.
      expect(await (await fetch(session.url!)).text()).toContain('This payment is complete');
    });

    it.each([
      ['4000000000000002', 'Your card was declined.', 'generic_decline'],
      ['4000000000009995', 'Your card has insufficient funds.', 'insufficient_funds'],
    ])(
      '%s: declined on the page, session stays open, failure events, no money moves',
      async (card, message, declineCode) => {
        const before = emulator.control.balances()[account.id];
        const session = await sessionFor(account);
        const res = await payOnPage(session.url!, card);
        expect(res.status).toBe(402);
        expect(await res.text()).toContain(message);
        await emulator.deliveriesIdle();
        expect(connectHook.types()).toEqual([
          'payment_intent.created',
          'charge.failed',
          'payment_intent.payment_failed',
        ]);
        expect(platformHook.types()).toEqual([]);
        const open = await stripe.checkout.sessions.retrieve(
          session.id,
          { expand: ['payment_intent'] },
          { stripeAccount: account.id },
        );
        expect(open.status).toBe('open');
        expect(open.payment_intent).toMatchObject({
          status: 'requires_payment_method',
          last_payment_error: { code: 'card_declined', decline_code: declineCode },
        });
        expect(emulator.control.balances()[account.id]).toEqual(before);
        // The shopper tries again with a good card: the same intent succeeds.
        connectHook.received.length = 0;
        expect((await payOnPage(session.url!, '4242424242424242')).status).toBe(303);
        await emulator.deliveriesIdle();
        expect(connectHook.types()).toEqual([
          'charge.succeeded',
          'payment_intent.succeeded',
          'checkout.session.completed',
        ]);
      },
    );

    it('expires on request and when expires_at passes, with checkout.session.expired', async () => {
      const b = await sessionFor(account);
      const a = await sessionFor(account);
      const expired = await stripe.checkout.sessions.expire(a.id, {}, { stripeAccount: account.id });
      expect(expired).toMatchObject({ status: 'expired', url: null });
      await expect(
        stripe.checkout.sessions.expire(a.id, {}, { stripeAccount: account.id }),
      ).rejects.toMatchObject({ statusCode: 400 });
      emulator.advanceClock(24 * 3600);
      await emulator.deliveriesIdle();
      const expiredIds = connectHook.received
        .filter((r) => r.event.type === 'checkout.session.expired')
        .map((r) => (r.event.data.object as { id: string }).id);
      expect(expiredIds).toEqual(expect.arrayContaining([a.id, b.id]));
      expect((await stripe.checkout.sessions.retrieve(b.id, {}, { stripeAccount: account.id })).status).toBe(
        'expired',
      );
      expect((await fetch(a.url!)).status).toBe(410);
    });

    it('lists events by type and account', async () => {
      const events = await stripe.events.list(
        { type: 'checkout.session.*', limit: 100 },
        { stripeAccount: account.id },
      );
      expect(events.data.length).toBeGreaterThan(0);
      expect(
        events.data.every((e) => e.type.startsWith('checkout.session.') && e.account === account.id),
      ).toBe(true);
      const one = await stripe.events.retrieve(events.data[0].id, {}, { stripeAccount: account.id });
      expect(one.id).toBe(events.data[0].id);
      await expect(stripe.events.retrieve(events.data[0].id)).rejects.toMatchObject({ statusCode: 404 });
      const platform = await stripe.events.list({ type: 'application_fee.created' });
      expect(platform.data.every((e) => e.account === undefined)).toBe(true);
    });
  });

  describe('delivery', () => {
    it('retries a failing endpoint on the schedule and logs each attempt', async () => {
      const flaky = await webhookReceiver((n) => (n < 3 ? 500 : 200));
      const endpoint = await stripe.webhookEndpoints.create({
        url: flaky.url,
        enabled_events: ['product.created'],
      });
      const product = await stripe.products.create({ name: 'Retry me' });
      await emulator.deliveriesIdle();
      const ids = flaky.received.map((r) => r.event.id);
      expect(ids).toHaveLength(3);
      expect(new Set(ids).size).toBe(1);
      // Each attempt is signed afresh, and every one verifies.
      for (const r of flaky.received)
        expect(
          stripe.webhooks.constructEvent(r.body, r.signature, endpoint.secret!).data.object,
        ).toMatchObject({ id: product.id });
      const events = await stripe.events.list({ type: 'product.created', limit: 1 });
      const log = await (
        await fetch(`${emulator.url}/_emulator/events/${events.data[0].id}/deliveries`)
      ).json();
      expect(
        log.attempts
          .filter((a: { endpoint: string }) => a.endpoint === endpoint.id)
          .map((a: { status: number }) => a.status),
      ).toEqual([500, 500, 200]);
      // Resend sends it once more.
      await fetch(`${emulator.url}/_emulator/events/${events.data[0].id}/resend`, { method: 'POST' });
      await emulator.deliveriesIdle();
      expect(flaky.received).toHaveLength(4);
      await stripe.webhookEndpoints.del(endpoint.id);
      await flaky.close();
    });

    it('gives up after the last retry', async () => {
      const down = await webhookReceiver(() => 503);
      const endpoint = await stripe.webhookEndpoints.create({
        url: down.url,
        enabled_events: ['product.created'],
      });
      await stripe.products.create({ name: 'Never' });
      await emulator.deliveriesIdle();
      expect(down.received).toHaveLength(3);
      await stripe.webhookEndpoints.del(endpoint.id);
      await down.close();
    });

    it('webhook endpoint secrets are shown on creation only', async () => {
      const list = await stripe.webhookEndpoints.list();
      expect(list.data.length).toBeGreaterThan(0);
      expect(list.data.every((e) => e.secret === undefined)).toBe(true);
    });
  });
});
