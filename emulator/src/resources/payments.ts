import type Stripe from 'stripe';
import type { EmulatorContext } from '../context.js';
import { errors } from '../errors.js';
import { newId, randomToken } from '../ids.js';
import type { Owner } from '../store.js';
import { addLedgerEntry } from './balance.js';

/** Stripe's documented test cards that the hosted Checkout page knows. */
export const TEST_CARDS: Record<
  string,
  { declineCode?: string; message?: string; brand: string; disputed?: boolean; refundFails?: boolean }
> = {
  '4242424242424242': { brand: 'visa' },
  // Succeeds, then is disputed (fraudulent) a few seconds later.
  '4000000000000259': { brand: 'visa', disputed: true },
  // Succeeds; a refund of it succeeds, then fails a few seconds later (refund.failed).
  '4000000000005126': { brand: 'visa', refundFails: true },
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
  /** The session's methods (`card`, and for `eur` SEPA Direct Debit and the bank redirects). */
  paymentMethodTypes?: string[];
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
    payment_method_types: setup.paymentMethodTypes ?? ['card'],
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

/** How a charge was paid, for `payment_method_details` and the balance transaction type. */
export interface ChargeMethod {
  type: string;
  details: Stripe.Charge.PaymentMethodDetails;
  name: string | null;
  email: string | null;
}

/** Why a charge failed, as Stripe reports it on the charge and the intent. */
export interface ChargeFailure {
  code: string;
  message: string;
  declineCode?: string;
  type: 'card_error' | 'invalid_request_error';
}

/** Emulator-side facts about a charge (table `charge_test`): how its test method behaves later. */
export interface ChargeTestBehaviour {
  /** Test card 4000000000005126: refunds succeed, then fail. */
  refundFails?: boolean;
}

/** A new charge on the intent (`pending` for delayed methods), stored; emits nothing. */
export function newCharge(
  ctx: EmulatorContext,
  owner: Owner,
  pi: Stripe.PaymentIntent,
  method: ChargeMethod,
  status: 'pending' | 'succeeded' | 'failed',
  failure?: ChargeFailure,
): Stripe.Charge {
  const chargeId = newId('ch');
  const failed = status === 'failed';
  const charge: Stripe.Charge = {
    id: chargeId,
    object: 'charge',
    amount: pi.amount,
    amount_captured: failed ? 0 : pi.amount,
    amount_refunded: 0,
    application: pi.application,
    application_fee: null,
    application_fee_amount: failed ? null : pi.application_fee_amount,
    balance_transaction: null,
    billing_details: {
      address: { city: null, country: null, line1: null, line2: null, postal_code: null, state: null },
      email: method.email,
      name: method.name,
      phone: null,
      tax_id: null,
    },
    calculated_statement_descriptor: 'COMPTOIR EMULATOR',
    captured: !failed,
    created: ctx.clock.now(),
    currency: pi.currency,
    customer: null,
    description: pi.description,
    disputed: false,
    failure_balance_transaction: null,
    failure_code: failure?.code ?? null,
    failure_message: failure?.message ?? null,
    fraud_details: {},
    livemode: false,
    metadata: { ...pi.metadata },
    on_behalf_of: null,
    outcome: {
      advice_code: null,
      network_advice_code: null,
      network_decline_code: null,
      network_status: failed ? 'declined_by_network' : 'approved_by_network',
      reason: failure ? (failure.declineCode ?? failure.code) : null,
      risk_level: 'normal',
      risk_score: 20,
      seller_message: failed
        ? 'The bank did not return any further details with this decline.'
        : 'Payment complete.',
      type: failed ? 'issuer_declined' : 'authorized',
    },
    paid: status === 'succeeded',
    payment_intent: pi.id,
    payment_method: newId('pm'),
    payment_method_details: method.details,
    radar_options: {},
    receipt_email: pi.receipt_email,
    receipt_number: null,
    receipt_url: failed ? null : `${ctx.publicUrl()}/receipts/${chargeId}`,
    refunded: false,
    refunds: { object: 'list', data: [], has_more: false, url: `/v1/charges/${chargeId}/refunds` },
    review: null,
    shipping: null,
    source: null,
    source_transfer: null,
    statement_descriptor: null,
    statement_descriptor_suffix: null,
    status,
    transfer_data: null,
    transfer_group: null,
  };
  ctx.store.insert('charge', owner, chargeId, charge);
  pi.latest_charge = chargeId;
  ctx.store.touch();
  return charge;
}

/**
 * The charge succeeds: the account's balance gets amount − Stripe's fee − application fee, the
 * platform's the application fee; `charge.succeeded`, `application_fee.created` (platform),
 * `payment_intent.succeeded`, in that order.
 */
export function settleCharge(
  ctx: EmulatorContext,
  owner: Owner,
  pi: Stripe.PaymentIntent,
  charge: Stripe.Charge,
): void {
  const fee = stripeFee(ctx, pi.amount);
  const appFee = pi.application_fee_amount ?? 0;
  const txn = addLedgerEntry(ctx, owner, {
    amount: pi.amount,
    fee: fee + appFee,
    fee_details: [
      {
        amount: fee,
        application: null,
        currency: pi.currency,
        description: 'Stripe processing fees',
        type: 'stripe_fee',
      },
      ...(appFee
        ? [
            {
              amount: appFee,
              application: ctx.settings.applicationId,
              currency: pi.currency,
              description: 'Application fee',
              type: 'application_fee',
            },
          ]
        : []),
    ],
    net: pi.amount - fee - appFee,
    currency: pi.currency,
    // Stripe books card charges as `charge` and other methods' as `payment`.
    type: charge.payment_method_details?.type === 'card' ? 'charge' : 'payment',
    source: charge.id,
    description: pi.description,
  });
  charge.balance_transaction = txn.id;
  charge.status = 'succeeded';
  charge.paid = true;
  charge.captured = true;
  charge.amount_captured = pi.amount;
  let applicationFee: Stripe.ApplicationFee | undefined;
  if (appFee && owner) {
    applicationFee = createApplicationFee(ctx, owner, charge, appFee);
    charge.application_fee = applicationFee.id;
  }
  pi.status = 'succeeded';
  pi.amount_received = pi.amount;
  pi.payment_method = charge.payment_method;
  pi.last_payment_error = null;
  ctx.store.touch();
  ctx.events.emit('charge.succeeded', charge, { account: owner });
  if (applicationFee) ctx.events.emit('application_fee.created', applicationFee);
  ctx.events.emit('payment_intent.succeeded', pi, { account: owner });
}

/** The charge fails: `charge.failed`, then `payment_intent.payment_failed` (intent back to `requires_payment_method`). */
export function failCharge(
  ctx: EmulatorContext,
  owner: Owner,
  pi: Stripe.PaymentIntent,
  charge: Stripe.Charge,
  failure: ChargeFailure,
): void {
  Object.assign(charge, {
    status: 'failed',
    paid: false,
    captured: false,
    amount_captured: 0,
    application_fee_amount: null,
    receipt_url: null,
    failure_code: failure.code,
    failure_message: failure.message,
  });
  charge.outcome = {
    ...charge.outcome!,
    network_status: 'declined_by_network',
    reason: failure.declineCode ?? failure.code,
    seller_message: 'The bank did not return any further details with this decline.',
    type: 'issuer_declined',
  };
  pi.status = 'requires_payment_method';
  pi.last_payment_error = {
    charge: charge.id,
    code: failure.code,
    ...(failure.declineCode ? { decline_code: failure.declineCode } : {}),
    doc_url: `https://stripe.com/docs/error-codes/${failure.code.replace(/_/g, '-')}`,
    message: failure.message,
    type: failure.type,
  };
  ctx.store.touch();
  ctx.events.emit('charge.failed', charge, { account: owner });
  ctx.events.emit('payment_intent.payment_failed', pi, { account: owner });
}

/**
 * Charges a test card against the payment intent: success settles at once (see `settleCharge`);
 * a decline fails the charge. 4000000000000259 is disputed a few seconds later, and refunds of
 * 4000000000005126 fail a few seconds after they succeed.
 */
export function chargeCard(
  ctx: EmulatorContext,
  owner: Owner,
  pi: Stripe.PaymentIntent,
  card: CardInput,
): { ok: true; charge: Stripe.Charge } | { ok: false; message: string; charge: Stripe.Charge } {
  const outcome = TEST_CARDS[card.number];
  const declined = Boolean(outcome.declineCode);
  const method: ChargeMethod = {
    type: 'card',
    name: card.name,
    email: card.email,
    details: {
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
  };
  if (declined) {
    const failure: ChargeFailure = {
      code: 'card_declined',
      declineCode: outcome.declineCode,
      message: outcome.message!,
      type: 'card_error',
    };
    const charge = newCharge(ctx, owner, pi, method, 'failed', failure);
    failCharge(ctx, owner, pi, charge, failure);
    return { ok: false, message: outcome.message!, charge };
  }
  const charge = newCharge(ctx, owner, pi, method, 'succeeded');
  if (outcome.refundFails)
    ctx.store.insert<ChargeTestBehaviour>('charge_test', owner, charge.id, { refundFails: true });
  settleCharge(ctx, owner, pi, charge);
  if (outcome.disputed)
    ctx.scheduler.schedule('dispute.open', ctx.settings.asyncDelaySeconds, { charge: charge.id });
  return { ok: true, charge };
}

/** The platform's application fee on a direct charge (owned by the platform). */
export function createApplicationFee(
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
