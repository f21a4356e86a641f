import type Stripe from 'stripe';
import type { EmulatorContext } from '../context.js';
import { errors } from '../errors.js';
import { newId, randomToken } from '../ids.js';
import type { Owner } from '../store.js';
import { addLedgerEntry } from './balance.js';

/** Stripe's documented test cards that the hosted Checkout page knows. */
export const TEST_CARDS: Record<string, { declineCode?: string; message?: string; brand: string }> = {
  '4242424242424242': { brand: 'visa' },
  '4000000000000002': { brand: 'visa', declineCode: 'generic_decline', message: 'Your card was declined.' },
  '4000000000009995': {
    brand: 'visa',
    declineCode: 'insufficient_funds',
    message: 'Your card has insufficient funds.',
  },
};

export interface CardInput {
  number: string;
  expMonth: number;
  expYear: number;
  name: string | null;
  email: string | null;
}

export interface PaymentSetup {
  amount: number;
  currency: string;
  applicationFeeAmount: number | null;
  description: string | null;
  metadata: Stripe.Metadata;
  receiptEmail: string | null;
}

/** Stripe's card fee: percent of the amount plus a fixed part, rounded to minor units. */
export function stripeFee(ctx: EmulatorContext, amount: number): number {
  return Math.round((amount * ctx.settings.stripeFeePercent) / 100) + ctx.settings.stripeFeeFixed;
}

/** A payment intent as Checkout creates it on first confirmation; emits `payment_intent.created`. */
export function createPaymentIntent(
  ctx: EmulatorContext,
  owner: Owner,
  setup: PaymentSetup,
): Stripe.PaymentIntent {
  const id = newId('pi');
  const pi: Stripe.PaymentIntent = {
    id,
    object: 'payment_intent',
    allowed_payment_method_types: null,
    amount: setup.amount,
    amount_capturable: 0,
    amount_details: { tip: {} },
    amount_received: 0,
    application: owner ? ctx.settings.applicationId : null,
    application_fee_amount: setup.applicationFeeAmount,
    automatic_payment_methods: null,
    canceled_at: null,
    cancellation_reason: null,
    capture_method: 'automatic_async',
    client_secret: `${id}_secret_${randomToken(18)}`,
    confirmation_method: 'automatic',
    created: ctx.clock.now(),
    currency: setup.currency,
    customer: null,
    customer_account: null,
    description: setup.description,
    excluded_payment_method_types: null,
    last_payment_error: null,
    latest_charge: null,
    livemode: false,
    managed_payments: null,
    metadata: setup.metadata,
    next_action: null,
    on_behalf_of: null,
    payment_method: null,
    payment_method_configuration_details: null,
    payment_method_options: {
      card: { installments: null, mandate_options: null, network: null, request_three_d_secure: 'automatic' },
    },
    payment_method_types: ['card'],
    payment_record: null,
    processing: null,
    receipt_email: setup.receiptEmail,
    review: null,
    setup_future_usage: null,
    shipping: null,
    source: null,
    statement_descriptor: null,
    statement_descriptor_suffix: null,
    status: 'requires_payment_method',
    transfer_data: null,
    transfer_group: null,
  };
  ctx.store.insert('payment_intent', owner, id, pi);
  ctx.events.emit('payment_intent.created', pi, { account: owner });
  return pi;
}

/**
 * Charges a test card against the payment intent. Success: a succeeded charge, the intent
 * `succeeded`, the account's balance credited (amount − Stripe's fee − application fee) and the
 * platform's with the application fee. Decline: a failed charge and `payment_intent.payment_failed`.
 */
export function chargeCard(
  ctx: EmulatorContext,
  owner: Owner,
  pi: Stripe.PaymentIntent,
  card: CardInput,
): { ok: true; charge: Stripe.Charge } | { ok: false; message: string; charge: Stripe.Charge } {
  const outcome = TEST_CARDS[card.number];
  const now = ctx.clock.now();
  const chargeId = newId('ch');
  const pmId = newId('pm');
  const declined = Boolean(outcome.declineCode);
  const fee = declined ? 0 : stripeFee(ctx, pi.amount);
  const appFee = declined ? null : pi.application_fee_amount;
  const charge: Stripe.Charge = {
    id: chargeId,
    object: 'charge',
    amount: pi.amount,
    amount_captured: declined ? 0 : pi.amount,
    amount_refunded: 0,
    application: pi.application,
    application_fee: null,
    application_fee_amount: appFee,
    balance_transaction: null,
    billing_details: {
      address: { city: null, country: null, line1: null, line2: null, postal_code: null, state: null },
      email: card.email,
      name: card.name,
      phone: null,
      tax_id: null,
    },
    calculated_statement_descriptor: 'COMPTOIR EMULATOR',
    captured: !declined,
    created: now,
    currency: pi.currency,
    customer: null,
    description: pi.description,
    disputed: false,
    failure_balance_transaction: null,
    failure_code: declined ? 'card_declined' : null,
    failure_message: declined ? outcome.message! : null,
    fraud_details: {},
    livemode: false,
    metadata: { ...pi.metadata },
    on_behalf_of: null,
    outcome: {
      advice_code: null,
      network_advice_code: null,
      network_decline_code: null,
      network_status: declined ? 'declined_by_network' : 'approved_by_network',
      reason: declined ? outcome.declineCode! : null,
      risk_level: 'normal',
      risk_score: 20,
      seller_message: declined
        ? 'The bank did not return any further details with this decline.'
        : 'Payment complete.',
      type: declined ? 'issuer_declined' : 'authorized',
    },
    paid: !declined,
    payment_intent: pi.id,
    payment_method: pmId,
    payment_method_details: {
      type: 'card',
      card: {
        amount_authorized: declined ? null : pi.amount,
        brand: outcome.brand,
        checks: { address_line1_check: null, address_postal_code_check: null, cvc_check: 'pass' },
        country: 'US',
        exp_month: card.expMonth,
        exp_year: card.expYear,
        fingerprint: randomToken(12),
        funding: 'credit',
        last4: card.number.slice(-4),
        network: outcome.brand,
        three_d_secure: null,
        wallet: null,
      },
    } as unknown as Stripe.Charge.PaymentMethodDetails,
    radar_options: {},
    receipt_email: pi.receipt_email,
    receipt_number: null,
    receipt_url: declined ? null : `${ctx.publicUrl()}/receipts/${chargeId}`,
    refunded: false,
    refunds: { object: 'list', data: [], has_more: false, url: `/v1/charges/${chargeId}/refunds` },
    review: null,
    shipping: null,
    source: null,
    source_transfer: null,
    statement_descriptor: null,
    statement_descriptor_suffix: null,
    status: declined ? 'failed' : 'succeeded',
    transfer_data: null,
    transfer_group: null,
  };
  ctx.store.insert('charge', owner, chargeId, charge);
  pi.latest_charge = chargeId;
  if (declined) {
    pi.status = 'requires_payment_method';
    pi.last_payment_error = {
      charge: chargeId,
      code: 'card_declined',
      decline_code: outcome.declineCode,
      doc_url: 'https://stripe.com/docs/error-codes/card-declined',
      message: outcome.message,
      type: 'card_error',
    };
    ctx.store.touch();
    ctx.events.emit('charge.failed', charge, { account: owner });
    ctx.events.emit('payment_intent.payment_failed', pi, { account: owner });
    return { ok: false, message: outcome.message!, charge };
  }

  const txn = addLedgerEntry(ctx, owner, {
    amount: pi.amount,
    fee: fee + (appFee ?? 0),
    net: pi.amount - fee - (appFee ?? 0),
    currency: pi.currency,
    type: 'charge',
    source: chargeId,
    description: pi.description,
  });
  charge.balance_transaction = txn.id;
  let applicationFee: Stripe.ApplicationFee | undefined;
  if (appFee && owner) {
    applicationFee = createApplicationFee(ctx, owner, charge, appFee);
    charge.application_fee = applicationFee.id;
  }
  pi.status = 'succeeded';
  pi.amount_received = pi.amount;
  pi.payment_method = pmId;
  pi.last_payment_error = null;
  ctx.store.touch();
  ctx.events.emit('charge.succeeded', charge, { account: owner });
  if (applicationFee) ctx.events.emit('application_fee.created', applicationFee);
  ctx.events.emit('payment_intent.succeeded', pi, { account: owner });
  return { ok: true, charge };
}

/** The platform's application fee on a direct charge (owned by the platform). */
function createApplicationFee(
  ctx: EmulatorContext,
  account: string,
  charge: Stripe.Charge,
  amount: number,
): Stripe.ApplicationFee {
  const id = newId('fee');
  const txn = addLedgerEntry(ctx, null, {
    amount,
    fee: 0,
    net: amount,
    currency: charge.currency,
    type: 'application_fee',
    source: id,
    description: null,
  });
  const fee: Stripe.ApplicationFee = {
    id,
    object: 'application_fee',
    account,
    amount,
    amount_refunded: 0,
    application: ctx.settings.applicationId,
    balance_transaction: txn.id,
    charge: charge.id,
    created: ctx.clock.now(),
    currency: charge.currency,
    fee_source: { charge: charge.id, type: 'charge' },
    livemode: false,
    originating_transaction: null,
    refunded: false,
    refunds: { object: 'list', data: [], has_more: false, url: `/v1/application_fees/${id}/refunds` },
  };
  ctx.store.insert('application_fee', null, id, fee);
  return fee;
}

export function registerPayments(ctx: EmulatorContext): void {
  ctx.expandable('pi', 'payment_intent');
  ctx.expandable('ch', 'charge');
  ctx.expandable('fee', 'application_fee');
  ctx.api('GET', '/v1/payment_intents/{intent}', (req) => {
    const pi = ctx.store.get<Stripe.PaymentIntent>('payment_intent', req.owner, req.pathParams.intent);
    if (!pi) throw errors.notFound('payment_intent', req.pathParams.intent, 'intent');
    return pi;
  });
  ctx.api('GET', '/v1/charges/{charge}', (req) => {
    const charge = ctx.store.get<Stripe.Charge>('charge', req.owner, req.pathParams.charge);
    if (!charge) throw errors.notFound('charge', req.pathParams.charge, 'charge');
    return charge;
  });
}
