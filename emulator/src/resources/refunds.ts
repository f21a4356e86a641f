import type Stripe from 'stripe';
import type { ApiRequest, EmulatorContext } from '../context.js';
import { errors } from '../errors.js';
import { newId } from '../ids.js';
import { listOf, mergeMetadata, str } from '../list.js';
import { formatMoney } from '../pages/i18n.js';
import { addLedgerEntry } from './balance.js';
import { debitAvailableOn } from './balance-transactions.js';
import type { ChargeTestBehaviour } from './payments.js';

/**
 * Refunds of direct charges, on the connected account: never more than what remains, the
 * account's balance debited (Stripe keeps its processing fee), and with `refund_application_fee`
 * the platform's fee refunded in proportion (a `fee_refund` on the platform's application fee,
 * credited back to the account). Events: `refund.created`, `charge.refunded` (cumulative
 * `amount_refunded`), then on the platform `application_fee.refunded`.
 */
function createRefund(ctx: EmulatorContext, req: ApiRequest): Stripe.Refund {
  const p = req.params;
  const owner = req.owner;
  const chargeParam = str(p, 'charge');
  const piParam = str(p, 'payment_intent');
  if (!chargeParam && !piParam) {
    throw errors.invalid(
      'One of the following params should be provided for this request: payment_intent or charge.',
      { code: 'parameter_missing' },
    );
  }
  let charge: Stripe.Charge | undefined;
  if (piParam) {
    const pi = ctx.store.get<Stripe.PaymentIntent>('payment_intent', owner, piParam);
    if (!pi) throw errors.notFound('payment_intent', piParam, 'payment_intent');
    const latest = typeof pi.latest_charge === 'string' ? pi.latest_charge : pi.latest_charge?.id;
    charge = latest ? ctx.store.get<Stripe.Charge>('charge', owner, latest) : undefined;
    if (!charge || pi.status !== 'succeeded') {
      throw errors.invalid(`This PaymentIntent (${pi.id}) does not have a successful charge to refund.`, {
        code: 'charge_not_refundable',
        param: 'payment_intent',
      });
    }
    if (chargeParam && chargeParam !== charge.id)
      throw errors.invalid(`The charge ${chargeParam} does not belong to ${pi.id}.`, { param: 'charge' });
  } else {
    charge = ctx.store.get<Stripe.Charge>('charge', owner, chargeParam!);
    if (!charge) throw errors.notFound('charge', chargeParam!, 'charge');
  }
  if (charge.status !== 'succeeded') {
    throw errors.invalid(`Charge ${charge.id} has not succeeded; only succeeded charges can be refunded.`, {
      code: 'charge_not_refundable',
    });
  }
  if (charge.disputed) {
    throw errors.invalid(`Charge ${charge.id} has been charged back; cannot issue a refund.`, {
      code: 'charge_disputed',
    });
  }
  const remaining = charge.amount - charge.amount_refunded;
  if (remaining <= 0) {
    throw errors.invalid(`Charge ${charge.id} has already been refunded.`, {
      code: 'charge_already_refunded',
    });
  }
  if (typeof p.amount === 'number' && p.amount < 1) {
    throw errors.invalid('Invalid positive integer', { code: 'parameter_invalid_integer', param: 'amount' });
  }
  const amount = typeof p.amount === 'number' ? p.amount : remaining;
  if (amount > remaining) {
    throw errors.invalid(
      `Refund amount (${formatMoney(amount, charge.currency)}) is greater than unrefunded amount on charge (${formatMoney(remaining, charge.currency)})`,
      { code: 'amount_too_large', param: 'amount' },
    );
  }

  const id = newId('re');
  const txn = addLedgerEntry(ctx, owner, {
    amount: -amount,
    fee: 0,
    net: -amount,
    currency: charge.currency,
    type: 'refund',
    source: id,
    description: 'REFUND FOR CHARGE',
    available_on: debitAvailableOn(ctx, owner, charge.id),
  });
  const refund: Stripe.Refund = {
    id,
    object: 'refund',
    amount,
    balance_transaction: txn.id,
    charge: charge.id,
    created: ctx.clock.now(),
    currency: charge.currency,
    customer: null,
    customer_account: null,
    metadata: mergeMetadata({}, p.metadata),
    payment_intent: charge.payment_intent,
    payment_method: charge.payment_method,
    reason: str(p, 'reason') ?? null,
    receipt_number: null,
    source_transfer_reversal: null,
    status: 'succeeded',
    transfer_reversal: null,
  };
  ctx.store.insert('refund', owner, id, refund);
  charge.amount_refunded += amount;
  charge.refunded = charge.amount_refunded === charge.amount;
  charge.refunds?.data.unshift(refund);

  let fee: Stripe.ApplicationFee | undefined;
  if (p.refund_application_fee === true && typeof charge.application_fee === 'string' && owner) {
    fee = ctx.store.get<Stripe.ApplicationFee>('application_fee', null, charge.application_fee);
    if (fee) refundApplicationFee(ctx, owner, charge, fee, amount);
  }
  ctx.store.touch();
  ctx.events.emit('refund.created', refund, { account: owner });
  ctx.events.emit('charge.refunded', charge, { account: owner });
  if (fee && fee.amount_refunded > 0) ctx.events.emit('application_fee.refunded', fee);

  const behaviour = ctx.store.get<ChargeTestBehaviour>('charge_test', owner, charge.id);
  if (behaviour?.refundFails)
    ctx.scheduler.schedule('refund.fail', ctx.settings.asyncDelaySeconds, { refund: id });
  return refund;
}

/** The platform gives back its fee in proportion to the refund (all that is left on a full refund). */
function refundApplicationFee(
  ctx: EmulatorContext,
  account: string,
  charge: Stripe.Charge,
  fee: Stripe.ApplicationFee,
  refunded: number,
): void {
  const left = fee.amount - fee.amount_refunded;
  const share =
    charge.amount_refunded === charge.amount
      ? left
      : Math.min(left, Math.round((fee.amount * refunded) / charge.amount));
  if (share <= 0) return;
  const id = newId('fr');
  const platformTxn = addLedgerEntry(ctx, null, {
    amount: -share,
    fee: 0,
    net: -share,
    currency: fee.currency,
    type: 'application_fee_refund',
    source: id,
    description: 'Application fee refund',
    available_on: debitAvailableOn(ctx, null, fee.id),
  });
  addLedgerEntry(ctx, account, {
    amount: share,
    fee: 0,
    net: share,
    currency: fee.currency,
    type: 'application_fee_refund',
    source: id,
    description: 'Application fee refund',
    available_on: debitAvailableOn(ctx, account, charge.id),
  });
  const feeRefund: Stripe.FeeRefund = {
    id,
    object: 'fee_refund',
    amount: share,
    balance_transaction: platformTxn.id,
    created: ctx.clock.now(),
    currency: fee.currency,
    fee: fee.id,
    metadata: {},
  };
  fee.amount_refunded += share;
  fee.refunded = fee.amount_refunded === fee.amount;
  fee.refunds.data.unshift(feeRefund);
}

/** Test card 4000000000005126: the refund fails after it succeeded, and the money comes back. */
function failRefund(ctx: EmulatorContext, refundId: string): void {
  const found = ctx.store.find<Stripe.Refund>('refund', refundId);
  if (!found || found.value.status !== 'succeeded') return;
  const { owner, value: refund } = found;
  const txn = addLedgerEntry(ctx, owner, {
    amount: refund.amount,
    fee: 0,
    net: refund.amount,
    currency: refund.currency,
    type: 'refund_failure',
    source: refund.id,
    description: 'REFUND FAILURE',
    available_on: ctx.clock.now(),
  });
  refund.status = 'failed';
  refund.failure_reason = 'expired_or_canceled_card';
  refund.failure_balance_transaction = txn.id;
  const charge = ctx.store.get<Stripe.Charge>('charge', owner, refund.charge as string);
  if (charge) {
    charge.amount_refunded -= refund.amount;
    charge.refunded = false;
    if (charge.refunds)
      charge.refunds.data = charge.refunds.data.map((r) => (r.id === refund.id ? refund : r));
  }
  ctx.store.touch();
  ctx.events.emit('refund.updated', refund, { account: owner, previousAttributes: { status: 'succeeded' } });
  ctx.events.emit('refund.failed', refund, { account: owner });
}

export function registerRefunds(ctx: EmulatorContext): void {
  ctx.expandable('re', 'refund');
  ctx.scheduler.on('refund.fail', (payload) => failRefund(ctx, String(payload.refund)));
  ctx.api('POST', '/v1/refunds', (req) => createRefund(ctx, req));
  ctx.api('GET', '/v1/refunds/{refund}', (req) => {
    const refund = ctx.store.get<Stripe.Refund>('refund', req.owner, req.pathParams.refund);
    if (!refund) throw errors.notFound('refund', req.pathParams.refund, 'refund');
    return refund;
  });
  ctx.api('GET', '/v1/refunds', (req) => {
    const p = req.params;
    const items = ctx.store
      .list<Stripe.Refund>('refund', req.owner)
      .filter((r) => typeof p.charge !== 'string' || r.charge === p.charge)
      .filter((r) => typeof p.payment_intent !== 'string' || r.payment_intent === p.payment_intent);
    return listOf(items, p, '/v1/refunds');
  });
}
