import type Stripe from 'stripe';
import type { EmulatorContext } from '../context.js';
import { errors } from '../errors.js';
import { newId } from '../ids.js';
import { listOf } from '../list.js';
import type { Owner } from '../store.js';
import { addLedgerEntry } from './balance.js';
import { debitAvailableOn, toBalanceTransaction } from './balance-transactions.js';

const EVIDENCE_FIELDS = [
  'access_activity_log',
  'billing_address',
  'cancellation_policy',
  'cancellation_policy_disclosure',
  'cancellation_rebuttal',
  'customer_communication',
  'customer_email_address',
  'customer_name',
  'customer_purchase_ip',
  'customer_signature',
  'duplicate_charge_documentation',
  'duplicate_charge_explanation',
  'duplicate_charge_id',
  'product_description',
  'receipt',
  'refund_policy',
  'refund_policy_disclosure',
  'refund_refusal_explanation',
  'service_date',
  'service_documentation',
  'shipping_address',
  'shipping_carrier',
  'shipping_date',
  'shipping_documentation',
  'shipping_tracking_number',
  'uncategorized_file',
  'uncategorized_text',
];

const OPEN = ['needs_response', 'under_review', 'warning_needs_response', 'warning_under_review'];

/**
 * A dispute on a charge (on the charge's account): the disputed amount and Stripe's dispute fee
 * leave the account's balance at once (`charge.dispute.created`, `charge.dispute.funds_withdrawn`).
 */
export function openDispute(
  ctx: EmulatorContext,
  owner: Owner,
  charge: Stripe.Charge,
  reason = 'fraudulent',
): Stripe.Dispute {
  const id = newId('dp');
  const amount = charge.amount - charge.amount_refunded;
  const fee = ctx.settings.disputeFee;
  const entry = addLedgerEntry(ctx, owner, {
    amount: -amount,
    fee,
    fee_details: [
      {
        amount: fee,
        application: null,
        currency: charge.currency,
        description: 'Dispute fee',
        type: 'stripe_fee',
      },
    ],
    net: -amount - fee,
    currency: charge.currency,
    type: 'adjustment',
    source: id,
    description: `Chargeback withdrawal for ${charge.id}`,
    available_on: debitAvailableOn(ctx, owner, charge.id),
  });
  const now = ctx.clock.now();
  const dispute: Stripe.Dispute = {
    id,
    object: 'dispute',
    amount,
    balance_transactions: [toBalanceTransaction(ctx, entry)],
    charge: charge.id,
    created: now,
    currency: charge.currency,
    enhanced_eligibility_types: [],
    evidence: {
      ...Object.fromEntries(EVIDENCE_FIELDS.map((f) => [f, null])),
      enhanced_evidence: {},
    } as unknown as Stripe.Dispute.Evidence,
    evidence_details: {
      due_by: now + 7 * 24 * 3600,
      enhanced_eligibility: {},
      has_evidence: false,
      past_due: false,
      submission_count: 0,
      submission_method: null,
    } as unknown as Stripe.Dispute.EvidenceDetails,
    intended_submission_method: null,
    is_charge_refundable: false,
    livemode: false,
    metadata: {},
    payment_intent: charge.payment_intent,
    reason,
    status: 'needs_response',
  };
  ctx.store.insert('dispute', owner, id, dispute);
  charge.disputed = true;
  ctx.store.touch();
  ctx.events.emit('charge.dispute.created', dispute, { account: owner });
  ctx.events.emit('charge.dispute.funds_withdrawn', dispute, { account: owner });
  return dispute;
}

/**
 * Closes an open dispute. Won: the amount and the dispute fee come back
 * (`charge.dispute.funds_reinstated`); lost: they stay gone. Then `charge.dispute.closed`.
 */
export function closeDispute(
  ctx: EmulatorContext,
  owner: Owner,
  dispute: Stripe.Dispute,
  outcome: 'won' | 'lost',
): Stripe.Dispute {
  if (!OPEN.includes(dispute.status)) {
    throw errors.invalid(`This dispute is already closed (status ${dispute.status}).`, {
      code: 'dispute_already_closed',
    });
  }
  const previous = dispute.status;
  dispute.status = outcome;
  if (outcome === 'won') {
    const fee = ctx.settings.disputeFee;
    const entry = addLedgerEntry(ctx, owner, {
      amount: dispute.amount,
      fee: -fee,
      fee_details: [
        {
          amount: -fee,
          application: null,
          currency: dispute.currency,
          description: 'Dispute fee refund',
          type: 'stripe_fee',
        },
      ],
      net: dispute.amount + fee,
      currency: dispute.currency,
      type: 'adjustment',
      source: dispute.id,
      description: `Chargeback reversal for ${dispute.charge as string}`,
      // Back into the same bucket the withdrawal came from.
      available_on: debitAvailableOn(ctx, owner, dispute.id),
    });
    dispute.balance_transactions.push(toBalanceTransaction(ctx, entry));
    ctx.store.touch();
    ctx.events.emit('charge.dispute.funds_reinstated', dispute, { account: owner });
  }
  ctx.store.touch();
  ctx.events.emit('charge.dispute.closed', dispute, {
    account: owner,
    previousAttributes: { status: previous },
  });
  return dispute;
}

export function registerDisputes(ctx: EmulatorContext): void {
  ctx.expandable('dp', 'dispute');
  // Test card 4000000000000259 and IBAN AT591904300235473203: disputed shortly after success.
  ctx.scheduler.on('dispute.open', (payload) => {
    const found = ctx.store.find<Stripe.Charge>('charge', String(payload.charge));
    if (found && !found.value.disputed) openDispute(ctx, found.owner, found.value);
  });
  const get = (owner: Owner, id: string) => {
    const dispute = ctx.store.get<Stripe.Dispute>('dispute', owner, id);
    if (!dispute) throw errors.notFound('dispute', id, 'dispute');
    return dispute;
  };
  ctx.api('GET', '/v1/disputes', (req) => {
    const p = req.params;
    const items = ctx.store
      .list<Stripe.Dispute>('dispute', req.owner)
      .filter((d) => typeof p.charge !== 'string' || d.charge === p.charge)
      .filter((d) => typeof p.payment_intent !== 'string' || d.payment_intent === p.payment_intent);
    return listOf(items, p, '/v1/disputes');
  });
  ctx.api('GET', '/v1/disputes/{dispute}', (req) => get(req.owner, req.pathParams.dispute));
  // Accepting a dispute is losing it, as in Stripe.
  ctx.api('POST', '/v1/disputes/{dispute}/close', (req) =>
    closeDispute(ctx, req.owner, get(req.owner, req.pathParams.dispute), 'lost'),
  );
  registerDisputeControls(ctx);
}

/** Control routes: open a dispute on any charge, close one won or lost. */
export function registerDisputeControls(ctx: EmulatorContext): void {
  const body = (json: unknown, form: Record<string, string>) =>
    (json && typeof json === 'object' ? json : form) as Record<string, unknown>;
  ctx.page('POST', '/_emulator/charges/{charge}/dispute', (req) => {
    const found = ctx.store.find<Stripe.Charge>('charge', req.pathParams.charge);
    if (!found) return { status: 404, json: { error: { message: 'No such charge' } } };
    if (found.value.status !== 'succeeded' || found.value.disputed)
      return {
        status: 400,
        json: { error: { message: 'Only an undisputed, succeeded charge can be disputed' } },
      };
    const reason = body(req.json, req.form).reason;
    return {
      json: openDispute(ctx, found.owner, found.value, typeof reason === 'string' ? reason : undefined),
    };
  });
  ctx.page('POST', '/_emulator/disputes/{dispute}/close', (req) => {
    const found = ctx.store.find<Stripe.Dispute>('dispute', req.pathParams.dispute);
    if (!found) return { status: 404, json: { error: { message: 'No such dispute' } } };
    const outcome = body(req.json, req.form).outcome;
    if (outcome !== 'won' && outcome !== 'lost')
      return { status: 400, json: { error: { message: 'outcome: "won" or "lost" is required' } } };
    try {
      return { json: closeDispute(ctx, found.owner, found.value, outcome) };
    } catch (err) {
      return { status: 400, json: { error: { message: (err as Error).message } } };
    }
  });
}
