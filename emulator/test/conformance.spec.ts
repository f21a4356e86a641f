import type Stripe from 'stripe';
import type { RunningEmulator } from '../src/index.js';
import { freshEmulator, onboardedAccount, payOnPage, sdk, webhookReceiver } from './helpers.js';
import { OBJECT_SCHEMAS } from './object-schemas.js';

/**
 * Fields the current API (2026-10-28.endive, per the SDK's types and Stripe's 2026 fixtures)
 * has that the 2023 spec subset does not. Anything else extra is a mistake.
 */
const NEWER_FIELDS: Record<string, string[]> = {
  account: ['groups'],
  'checkout.session': [
    'adaptive_pricing',
    'allowed_payment_method_types',
    'client_secret',
    'collected_information',
    'customer_account',
    'discounts',
    'integration_identifier',
    'managed_payments',
    'origin_context',
    'permissions',
    'payment_method_configuration_details',
    'saved_payment_method_options',
    'ui_mode',
    'wallet_options',
  ],
  payment_intent: [
    'allowed_payment_method_types',
    'customer_account',
    'excluded_payment_method_types',
    'managed_payments',
    'payment_method_configuration_details',
    'payment_record',
    'source',
  ],
  item: ['adjustable_quantity', 'metadata'],
  charge: ['radar_options', 'source'],
  product: ['marketing_features', 'tax_details', 'type'],
  balance: ['refund_and_dispute_prefunding'],
  event: ['context'],
  application_fee: ['fee_source'],
};

/** Fields of the 2023 schemas that Stripe leaves out (or that the current API dropped). */
const ABSENT_FIELDS: Record<string, string[]> = {
  // company/individual only for accounts the platform onboards itself (custom).
  account: ['company', 'individual', 'groups'],
  // Dropped since 2023: shipping_details → collected_information.shipping_details.
  'checkout.session': ['shipping_details', 'line_items', 'customer_creation_details'],
  // Only present when non-null / expanded in Stripe's own responses.
  charge: [
    'alternate_statement_descriptors',
    'authorization_code',
    'level3',
    'transfer',
    'failure_balance_transaction',
    'invoice',
  ],
  // Only when expanded.
  item: ['discounts', 'taxes'],
  product: ['features', 'default_price', 'statement_descriptor', 'tax_code', 'unit_label'],
  price: ['currency_options', 'tiers'],
  balance: ['instant_available', 'issuing', 'connect_reserved'],
  event: ['account', 'context'],
  webhook_endpoint: ['secret'],
  payment_intent: ['amount_details', 'invoice', 'payment_details', 'presentment_details', 'processing'],
  capability: ['future_requirements'],
};

function jsonType(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

function problems(type: string, object: Record<string, unknown>): string[] {
  const schema = OBJECT_SCHEMAS[type];
  const out: string[] = [];
  for (const [field, types] of Object.entries(schema)) {
    if (!(field in object)) {
      if (!ABSENT_FIELDS[type]?.includes(field)) out.push(`${type}.${field} missing`);
      continue;
    }
    const actual = jsonType(object[field]);
    if (!types.includes(actual) && !(actual === 'integer' && types.includes('number')))
      out.push(`${type}.${field}: ${actual}, spec ${types.join('|')}`);
  }
  for (const field of Object.keys(object)) {
    if (!(field in schema) && !NEWER_FIELDS[type]?.includes(field) && field !== 'lastResponse')
      out.push(`${type}.${field} not in the spec nor listed as newer`);
  }
  return out;
}

describe('objects carry the fields and types of the spec subset', () => {
  let emulator: RunningEmulator;
  const samples: Array<[string, Record<string, unknown>]> = [];

  beforeAll(async () => {
    emulator = await freshEmulator();
    const stripe = sdk(emulator);
    const hook = await webhookReceiver();
    const we = await stripe.webhookEndpoints.create({ url: hook.url, enabled_events: ['*'], connect: true });
    const raw = async (path: string, account?: string) =>
      (await (
        await fetch(`${emulator.url}${path}`, {
          headers: { Authorization: 'Bearer sk_test_x', ...(account ? { 'Stripe-Account': account } : {}) },
        })
      ).json()) as Record<string, unknown>;
    const account = await onboardedAccount(emulator, stripe);
    const express = await stripe.accounts.create({ type: 'express' });
    const link = await stripe.accountLinks.create({
      account: express.id,
      type: 'account_onboarding',
      refresh_url: 'http://a.test/r',
      return_url: 'http://a.test/x',
    });
    const login = await stripe.accounts.createLoginLink(express.id);
    const product = await stripe.products.create({ name: 'Cup' }, { stripeAccount: account.id });
    const price = await stripe.prices.create(
      { product: product.id, currency: 'eur', unit_amount: 900 },
      { stripeAccount: account.id },
    );
    const session = await stripe.checkout.sessions.create(
      {
        mode: 'payment',
        success_url: 'http://s.test/ok',
        line_items: [{ price: price.id, quantity: 1 }],
        payment_intent_data: { application_fee_amount: 50 },
        shipping_address_collection: { allowed_countries: ['FR'] },
        shipping_options: [
          {
            shipping_rate_data: {
              display_name: 'Post',
              fixed_amount: { amount: 300, currency: 'eur' },
              delivery_estimate: { minimum: { unit: 'day', value: 2 } },
            },
          },
        ],
      },
      { stripeAccount: account.id },
    );
    await payOnPage(session.url!, '4242424242424242', 'shopper@example.com', {
      shipping_name: 'Ada Shopper',
      shipping_line1: '1 rue de la Paix',
      shipping_postal_code: '75002',
      shipping_city: 'Paris',
      shipping_country: 'FR',
    });
    await emulator.deliveriesIdle();
    const paid = await raw(`/v1/checkout/sessions/${session.id}`, account.id);
    const pi = await raw(`/v1/payment_intents/${String(paid.payment_intent)}`, account.id);
    const events = await raw('/v1/events?limit=1', account.id);
    samples.push(
      ['account', await raw(`/v1/accounts/${account.id}`)],
      ['account_link', link as unknown as Record<string, unknown>],
      ['login_link', login as unknown as Record<string, unknown>],
      [
        'capability',
        ((await raw(`/v1/accounts/${account.id}/capabilities`)).data as Record<string, unknown>[])[0],
      ],
      ['product', await raw(`/v1/products/${product.id}`, account.id)],
      ['price', await raw(`/v1/prices/${price.id}`, account.id)],
      [
        'shipping_rate',
        await raw(
          `/v1/shipping_rates/${String((paid.shipping_cost as { shipping_rate: string }).shipping_rate)}`,
          account.id,
        ),
      ],
      ['checkout.session', paid],
      [
        'item',
        (
          (await raw(`/v1/checkout/sessions/${session.id}/line_items`, account.id)).data as Record<
            string,
            unknown
          >[]
        )[0],
      ],
      ['payment_intent', pi],
      ['charge', await raw(`/v1/charges/${String(pi.latest_charge)}`, account.id)],
      ['balance', await raw('/v1/balance', account.id)],
      ['event', (events.data as Record<string, unknown>[])[0]],
      ['webhook_endpoint', await raw(`/v1/webhook_endpoints/${we.id}`)],
      [
        'application_fee',
        emulator.context.store.list<Stripe.ApplicationFee>('application_fee', null)[0] as unknown as Record<
          string,
          unknown
        >,
      ],
    );
    await hook.close();
  });
  afterAll(() => emulator.close());

  it('every sampled object matches its schema', () => {
    expect(samples.map(([type]) => type).sort()).toEqual(Object.keys(OBJECT_SCHEMAS).sort());
    const found = samples.flatMap(([type, object]) => problems(type, object));
    expect(found).toEqual([]);
  });
});
