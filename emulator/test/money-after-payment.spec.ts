import Stripe from 'stripe';
import type { RunningEmulator } from '../src/index.js';
import { freshEmulator, onboardedAccount, payOnPage, sdk } from './helpers.js';

// 2 × 25.00 €, application fee 1.50 €: Stripe's fee 2.9 % + 30 = 175, so the account nets 4675.
const AMOUNT = 5000;
const APP_FEE = 150;
const NET = AMOUNT - 175 - APP_FEE;

describe('emulator: money after payment (SEPA, bank redirects, refunds, disputes, payouts)', () => {
  let emulator: RunningEmulator;
  let stripe: Stripe;

  beforeAll(async () => {
    // Frozen: the "one second before the deadline" checks must not race real time on a busy machine.
    emulator = await freshEmulator({ frozenClock: true });
    stripe = sdk(emulator);
  });
  afterAll(() => emulator.close());

  const control = (path: string, body: Record<string, unknown> = {}) =>
    fetch(`${emulator.url}/_emulator${path}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });

  /** An onboarded account, and a function giving the event types emitted on it since now. */
  async function setup(currency = 'eur') {
    const account = await onboardedAccount(emulator, stripe);
    const opts = { stripeAccount: account.id };
    const all = async (owner?: string) =>
      (await stripe.events.list({ limit: 100 }, owner ? { stripeAccount: owner } : {})).data
        .reverse()
        .map((e) => e);
    const before = new Set((await all(account.id)).map((e) => e.id));
    const platformBefore = new Set((await all()).map((e) => e.id));
    const events = async () => (await all(account.id)).filter((e) => !before.has(e.id)).map((e) => e.type);
    const platformEvents = async () => (await all()).filter((e) => !platformBefore.has(e.id));
    const session = await stripe.checkout.sessions.create(
      {
        mode: 'payment',
        line_items: [
          { price_data: { currency, unit_amount: 2500, product_data: { name: 'Teapot' } }, quantity: 2 },
        ],
        success_url: 'http://shop.test/thanks?session={CHECKOUT_SESSION_ID}',
        payment_intent_data: { application_fee_amount: APP_FEE },
      },
      opts,
    );
    const balance = async () => {
      const b = await stripe.balance.retrieve({}, opts);
      return { available: b.available[0].amount, pending: b.pending[0].amount };
    };
    const platformBalance = async () => {
      const b = await stripe.balance.retrieve();
      return {
        available: b.available.find((x) => x.currency === currency)?.amount ?? 0,
        pending: b.pending.find((x) => x.currency === currency)?.amount ?? 0,
      };
    };
    return { account, opts, session, events, platformEvents, balance, platformBalance };
  }

  const paySepa = (url: string, iban: string) =>
    fetch(`${url}/sepa`, {
      method: 'POST',
      redirect: 'manual',
      body: new URLSearchParams({ email: 'ada@example.com', account_holder: 'Ada Shopper', iban }),
    });

  async function paidCharge(card = '4242424242424242') {
    const s = await setup();
    const res = await payOnPage(s.session.url!, card);
    expect(res.status).toBe(303);
    const session = await stripe.checkout.sessions.retrieve(s.session.id, {}, s.opts);
    const pi = await stripe.paymentIntents.retrieve(session.payment_intent as string, {}, s.opts);
    const charge = await stripe.charges.retrieve(pi.latest_charge as string, {}, s.opts);
    return { ...s, pi, charge };
  }

  describe('SEPA Direct Debit', () => {
    const START = [
      'payment_intent.created',
      'payment_intent.processing',
      'charge.pending',
      'checkout.session.completed',
    ];
    const SUCCESS = [
      'charge.succeeded',
      'payment_intent.succeeded',
      'checkout.session.async_payment_succeeded',
    ];
    const FAILURE = [
      'charge.failed',
      'payment_intent.payment_failed',
      'checkout.session.async_payment_failed',
    ];

    it.each([
      ['AT611904300234573201', 5, SUCCESS],
      ['AT321904300235473204', 180, SUCCESS],
      ['AT861904300235473202', 5, FAILURE],
      ['AT051904300235473205', 180, FAILURE],
      ['AT591904300235473203', 5, [...SUCCESS, 'charge.dispute.created', 'charge.dispute.funds_withdrawn']],
    ])('%s settles after %i s of emulator time', async (iban, delay, later) => {
      const s = await setup();
      const res = await paySepa(s.session.url!, iban);
      expect(res.status).toBe(303);
      expect(res.headers.get('location')).toBe(`http://shop.test/thanks?session=${s.session.id}`);
      let session = await stripe.checkout.sessions.retrieve(s.session.id, {}, s.opts);
      expect(session).toMatchObject({ status: 'complete', payment_status: 'unpaid' });
      const pi = await stripe.paymentIntents.retrieve(session.payment_intent as string, {}, s.opts);
      expect(pi.status).toBe('processing');
      const charge = await stripe.charges.retrieve(pi.latest_charge as string, {}, s.opts);
      expect(charge.status).toBe('pending');
      expect(charge.payment_method_details?.sepa_debit?.last4).toBe(iban.slice(-4));
      expect(await s.events()).toEqual(START);
      expect(await s.balance()).toEqual({ available: 0, pending: 0 });

      if (delay > 5) {
        emulator.advanceClock(5);
        expect(await s.events()).toEqual(START);
        emulator.advanceClock(delay - 5 - 1);
        expect((await stripe.paymentIntents.retrieve(pi.id, {}, s.opts)).status).toBe('processing');
        emulator.advanceClock(1);
      } else emulator.advanceClock(delay);
      expect(await s.events()).toEqual([...START, ...later]);

      session = await stripe.checkout.sessions.retrieve(s.session.id, {}, s.opts);
      const after = await stripe.paymentIntents.retrieve(pi.id, {}, s.opts);
      const settled = await stripe.charges.retrieve(charge.id, {}, s.opts);
      const platformTypes = (await s.platformEvents()).map((e) => e.type);
      if (later === FAILURE) {
        expect(session.payment_status).toBe('unpaid');
        expect(after.status).toBe('requires_payment_method');
        expect(after.last_payment_error?.code).toBe('insufficient_funds');
        expect(settled.status).toBe('failed');
        expect(await s.balance()).toEqual({ available: 0, pending: 0 });
        expect(platformTypes).toEqual([]);
      } else {
        expect(session.payment_status).toBe('paid');
        expect(after.status).toBe('succeeded');
        expect(settled.status).toBe('succeeded');
        expect(platformTypes).toEqual(['application_fee.created']);
        expect((await s.platformBalance()).pending).toBeGreaterThanOrEqual(APP_FEE);
        const disputed = iban === 'AT591904300235473203';
        expect(await s.balance()).toEqual({ available: 0, pending: disputed ? NET - AMOUNT - 1500 : NET });
        const txns = await stripe.balanceTransactions.list({ source: charge.id }, s.opts);
        expect(txns.data[0]).toMatchObject({ type: 'payment', amount: AMOUNT, net: NET, status: 'pending' });
      }
    });

    it('an unknown IBAN is refused on the page and the session stays open', async () => {
      const s = await setup();
      const res = await paySepa(s.session.url!, 'DE89370400440532013000');
      expect(res.status).toBe(402);
      expect(await res.text()).toContain('Your IBAN is invalid');
      expect((await stripe.checkout.sessions.retrieve(s.session.id, {}, s.opts)).status).toBe('open');
    });

    it('usd sessions offer cards only', async () => {
      const s = await setup('usd');
      expect(s.session.payment_method_types).toEqual(['card']);
      expect(await (await fetch(s.session.url!)).text()).not.toContain('SEPA');
      expect((await paySepa(s.session.url!, 'AT611904300234573201')).status).toBe(400);
    });
  });

  describe('bank redirects', () => {
    it.each(['ideal', 'bancontact', 'eps', 'p24'])(
      '%s: authorize pays the session at once',
      async (method) => {
        const s = await setup();
        const start = await fetch(`${s.session.url!}/redirect`, {
          method: 'POST',
          redirect: 'manual',
          body: new URLSearchParams({ email: 'ada@example.com', method }),
        });
        expect(start.status).toBe(303);
        const bank = start.headers.get('location')!;
        const page = await (await fetch(bank)).text();
        expect(page).toContain('Authorize test payment');
        expect(page).toContain('Fail test payment');
        const done = await fetch(bank, {
          method: 'POST',
          redirect: 'manual',
          body: new URLSearchParams({ action: 'authorize' }),
        });
        expect(done.headers.get('location')).toBe(`http://shop.test/thanks?session=${s.session.id}`);
        expect(await s.events()).toEqual([
          'payment_intent.created',
          'payment_intent.requires_action',
          'charge.succeeded',
          'payment_intent.succeeded',
          'checkout.session.completed',
        ]);
        const session = await stripe.checkout.sessions.retrieve(s.session.id, {}, { ...s.opts });
        expect(session.payment_status).toBe('paid');
        const pi = await stripe.paymentIntents.retrieve(session.payment_intent as string, {}, s.opts);
        const charge = await stripe.charges.retrieve(pi.latest_charge as string, {}, s.opts);
        expect(charge.payment_method_details?.type).toBe(method);
        expect(await s.balance()).toEqual({ available: 0, pending: NET });
      },
    );

    it('"Fail test payment" returns to Checkout with an error; the session stays open', async () => {
      const s = await setup();
      const start = await fetch(`${s.session.url!}/redirect`, {
        method: 'POST',
        redirect: 'manual',
        body: new URLSearchParams({ email: 'ada@example.com', method: 'ideal' }),
      });
      const bank = start.headers.get('location')!;
      const back = await fetch(bank, {
        method: 'POST',
        redirect: 'manual',
        body: new URLSearchParams({ action: 'fail' }),
      });
      const again = back.headers.get('location')!;
      expect(again).toBe(`${s.session.url!}?redirect_status=failed`);
      expect(await (await fetch(again)).text()).toContain('unable to authenticate');
      expect(await s.events()).toEqual([
        'payment_intent.created',
        'payment_intent.requires_action',
        'charge.failed',
        'payment_intent.payment_failed',
      ]);
      expect((await stripe.checkout.sessions.retrieve(s.session.id, {}, s.opts)).status).toBe('open');
      expect(await s.balance()).toEqual({ available: 0, pending: 0 });
    });
  });

  describe('refunds and application fees', () => {
    it('partial then full refund, returning the fee, then an over-refund is refused', async () => {
      const c = await paidCharge();
      const fees = await stripe.applicationFees.list({ charge: c.charge.id });
      expect(fees.data).toHaveLength(1);
      const fee = fees.data[0];
      expect(fee).toMatchObject({ amount: APP_FEE, account: c.account.id, amount_refunded: 0 });

      const partial = await stripe.refunds.create(
        {
          payment_intent: c.pi.id,
          amount: 2000,
          refund_application_fee: true,
          reason: 'requested_by_customer',
          metadata: { order: 'o-9' },
        },
        c.opts,
      );
      expect(partial).toMatchObject({
        amount: 2000,
        status: 'succeeded',
        charge: c.charge.id,
        reason: 'requested_by_customer',
        metadata: { order: 'o-9' },
      });
      // Fee back in proportion: 150 × 2000 / 5000 = 60.
      expect((await stripe.applicationFees.retrieve(fee.id)).amount_refunded).toBe(60);
      expect(await c.balance()).toEqual({ available: 0, pending: NET - 2000 + 60 });
      expect((await c.platformBalance()).pending).toBeGreaterThanOrEqual(0);

      await expect(
        stripe.refunds.create({ charge: c.charge.id, amount: 3001 }, c.opts),
      ).rejects.toMatchObject({
        type: 'StripeInvalidRequestError',
        code: 'amount_too_large',
        param: 'amount',
      });
      await expect(stripe.refunds.create({ charge: c.charge.id, amount: 0 }, c.opts)).rejects.toMatchObject({
        code: 'parameter_invalid_integer',
      });

      const rest = await stripe.refunds.create({ charge: c.charge.id, refund_application_fee: true }, c.opts);
      expect(rest.amount).toBe(3000);
      const charge = await stripe.charges.retrieve(c.charge.id, {}, c.opts);
      expect(charge).toMatchObject({ amount_refunded: AMOUNT, refunded: true });
      const refunded = await stripe.applicationFees.retrieve(fee.id);
      expect(refunded).toMatchObject({ amount_refunded: APP_FEE, refunded: true });
      const feeRefunds = await stripe.applicationFees.listRefunds(fee.id);
      expect(feeRefunds.data.map((r) => r.amount)).toEqual([90, 60]);
      // The account is left with minus Stripe's fee, which Stripe keeps.
      expect(await c.balance()).toEqual({ available: 0, pending: -175 });

      await expect(stripe.refunds.create({ charge: c.charge.id, amount: 1 }, c.opts)).rejects.toMatchObject({
        code: 'charge_already_refunded',
      });
      expect(await c.events()).toEqual(
        expect.arrayContaining(['refund.created', 'charge.refunded', 'refund.created', 'charge.refunded']),
      );
      const refundEvents = (await c.events()).filter(
        (t) => t.startsWith('refund.') || t === 'charge.refunded',
      );
      expect(refundEvents).toEqual([
        'refund.created',
        'charge.refunded',
        'refund.created',
        'charge.refunded',
      ]);
      expect((await c.platformEvents()).map((e) => e.type)).toEqual([
        'application_fee.created',
        'application_fee.refunded',
        'application_fee.refunded',
      ]);
      const chargeRefunded = (await stripe.events.list({ type: 'charge.refunded' }, c.opts)).data.map(
        (e) => (e.data.object as Stripe.Charge).amount_refunded,
      );
      expect(chargeRefunded).toEqual([5000, 2000]);

      const list = await stripe.refunds.list({ charge: c.charge.id }, c.opts);
      expect(list.data.map((r) => r.id)).toEqual([rest.id, partial.id]);
      expect((await stripe.refunds.list({ payment_intent: c.pi.id }, c.opts)).data).toHaveLength(2);
      expect((await stripe.refunds.retrieve(partial.id, {}, c.opts)).amount).toBe(2000);
      const types = (await stripe.balanceTransactions.list({}, c.opts)).data.map((t) => t.type);
      expect(types).toEqual([
        'application_fee_refund',
        'refund',
        'application_fee_refund',
        'refund',
        'charge',
      ]);
    });

    it('a full refund without refund_application_fee leaves the platform its fee', async () => {
      const c = await paidCharge();
      await stripe.refunds.create({ charge: c.charge.id }, c.opts);
      expect(await c.balance()).toEqual({ available: 0, pending: NET - AMOUNT });
      const fee = (await stripe.applicationFees.list({ charge: c.charge.id })).data[0];
      expect(fee).toMatchObject({ amount_refunded: 0, refunded: false });
      expect((await c.platformEvents()).map((e) => e.type)).toEqual(['application_fee.created']);
      // Another account does not see the platform's fees, nor the refunds of this one.
      expect((await stripe.applicationFees.list({}, c.opts)).data).toEqual([]);
      await expect(
        stripe.refunds.retrieve((await stripe.refunds.list({}, c.opts)).data[0].id),
      ).rejects.toMatchObject({
        code: 'resource_missing',
      });
    });

    it('card 4000000000005126: the refund succeeds, then fails and the money comes back', async () => {
      const c = await paidCharge('4000000000005126');
      const refund = await stripe.refunds.create({ charge: c.charge.id, amount: 1000 }, c.opts);
      expect(refund.status).toBe('succeeded');
      expect(await c.balance()).toEqual({ available: 0, pending: NET - 1000 });
      emulator.advanceClock(5);
      const failed = await stripe.refunds.retrieve(refund.id, {}, c.opts);
      expect(failed).toMatchObject({ status: 'failed', failure_reason: 'expired_or_canceled_card' });
      expect((await c.events()).slice(-2)).toEqual(['refund.updated', 'refund.failed']);
      expect((await stripe.charges.retrieve(c.charge.id, {}, c.opts)).amount_refunded).toBe(0);
      const b = await c.balance();
      expect(b.available + b.pending).toBe(NET);
    });
  });

  describe('disputes', () => {
    it.each([
      ['won', NET, ['charge.dispute.funds_reinstated', 'charge.dispute.closed']],
      ['lost', NET - AMOUNT - 1500, ['charge.dispute.closed']],
    ])('a dispute %s', async (outcome, total, closing) => {
      const c = await paidCharge();
      const opened = await control(`/charges/${c.charge.id}/dispute`, { reason: 'product_not_received' });
      expect(opened.status).toBe(200);
      const dispute = (await opened.json()) as Stripe.Dispute;
      expect(dispute).toMatchObject({
        status: 'needs_response',
        amount: AMOUNT,
        reason: 'product_not_received',
      });
      expect(await c.balance()).toEqual({ available: 0, pending: NET - AMOUNT - 1500 });
      await expect(stripe.refunds.create({ charge: c.charge.id }, c.opts)).rejects.toMatchObject({
        code: 'charge_disputed',
      });
      expect((await stripe.disputes.list({ charge: c.charge.id }, c.opts)).data.map((d) => d.id)).toEqual([
        dispute.id,
      ]);
      expect((await control(`/disputes/${dispute.id}/close`, { outcome })).status).toBe(200);
      const closed = await stripe.disputes.retrieve(dispute.id, {}, c.opts);
      expect(closed.status).toBe(outcome);
      expect(closed.balance_transactions).toHaveLength(outcome === 'won' ? 2 : 1);
      const b = await c.balance();
      expect(b.available + b.pending).toBe(total);
      expect((await c.events()).slice(-2 - closing.length)).toEqual([
        'charge.dispute.created',
        'charge.dispute.funds_withdrawn',
        ...closing,
      ]);
      expect((await control(`/disputes/${dispute.id}/close`, { outcome })).status).toBe(400);
    });

    it('card 4000000000000259 is disputed by itself a few seconds after payment', async () => {
      const c = await paidCharge('4000000000000259');
      expect((await stripe.disputes.list({}, c.opts)).data).toEqual([]);
      emulator.advanceClock(5);
      const disputes = await stripe.disputes.list({}, c.opts);
      expect(disputes.data).toHaveLength(1);
      expect(disputes.data[0]).toMatchObject({ charge: c.charge.id, reason: 'fraudulent' });
      expect((await stripe.charges.retrieve(c.charge.id, {}, c.opts)).disputed).toBe(true);
      const closed = await stripe.disputes.close(disputes.data[0].id, {}, c.opts);
      expect(closed.status).toBe('lost');
    });
  });

  describe('balance timing and payouts', () => {
    it('funds move from pending to available after 2 days of emulator time', async () => {
      const c = await paidCharge();
      const txn = (await stripe.balanceTransactions.list({ type: 'charge' }, c.opts)).data[0];
      expect(txn).toMatchObject({
        amount: AMOUNT,
        fee: 175 + APP_FEE,
        net: NET,
        status: 'pending',
        source: c.charge.id,
      });
      expect(txn.fee_details.map((f) => [f.type, f.amount])).toEqual([
        ['stripe_fee', 175],
        ['application_fee', APP_FEE],
      ]);
      expect(txn.available_on - txn.created).toBe(2 * 24 * 3600);
      emulator.advanceClock(2 * 24 * 3600 - 10);
      expect(await c.balance()).toEqual({ available: 0, pending: NET });
      emulator.advanceClock(10);
      expect(await c.balance()).toEqual({ available: NET, pending: 0 });
      expect((await stripe.balanceTransactions.retrieve(txn.id, {}, c.opts)).status).toBe('available');
    });

    it.each(['paid', 'failed'])('a payout of the available balance is %s', async (outcome) => {
      const c = await paidCharge();
      expect((await control(`/accounts/${c.account.id}/payouts`, {})).status).toBe(400);
      emulator.advanceClock(2 * 24 * 3600);
      const res = await control(`/accounts/${c.account.id}/payouts`, { outcome });
      expect(res.status).toBe(200);
      const payout = (await res.json()) as Stripe.Payout;
      expect(payout).toMatchObject({ amount: NET, currency: 'eur', status: outcome });
      expect((await c.events()).slice(-2)).toEqual(['payout.created', `payout.${outcome}`]);
      expect(await c.balance()).toEqual({ available: outcome === 'paid' ? 0 : NET, pending: 0 });
      expect((await stripe.payouts.retrieve(payout.id, {}, c.opts)).status).toBe(outcome);
      expect((await stripe.payouts.list({}, c.opts)).data.map((p) => p.id)).toEqual([payout.id]);
      const types = (await stripe.balanceTransactions.list({}, c.opts)).data.map((t) => t.type);
      expect(types).toEqual(
        outcome === 'paid' ? ['payout', 'charge'] : ['payout_failure', 'payout', 'charge'],
      );
    });
  });
});
