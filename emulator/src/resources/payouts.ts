import type Stripe from 'stripe';
import type { EmulatorContext } from '../context.js';
import { errors } from '../errors.js';
import { newId } from '../ids.js';
import { listOf, matchesRange } from '../list.js';
import type { Owner } from '../store.js';
import { addLedgerEntry, balanceOf } from './balance.js';

/**
 * Pays out an account's whole available balance in one currency to its bank account: the
 * balance drops at once (`payout.created`), then after `delaySeconds` of emulator time (0 = at
 * once) the payout is `paid` (`payout.paid`) or `failed` (`payout.failed`, the money back in
 * `available`).
 */
export function createPayout(
  ctx: EmulatorContext,
  account: string,
  options: { currency?: string; outcome?: 'paid' | 'failed'; delaySeconds?: number } = {},
): Stripe.Payout {
  const balance = balanceOf(ctx, account);
  const available = options.currency
    ? balance.available.find((b) => b.currency === options.currency!.toLowerCase())
    : balance.available.find((b) => b.amount > 0);
  if (!available || available.amount <= 0) {
    throw errors.invalid('You have insufficient funds in your Stripe account for this transfer.', {
      code: 'balance_insufficient',
    });
  }
  const id = newId('po');
  const now = ctx.clock.now();
  const txn = addLedgerEntry(ctx, account, {
    amount: -available.amount,
    fee: 0,
    net: -available.amount,
    currency: available.currency,
    type: 'payout',
    source: id,
    description: 'STRIPE PAYOUT',
    available_on: now,
  });
  const acct = ctx.store.find<Stripe.Account>('account', account)?.value;
  const bank = acct?.external_accounts?.data[0];
  const payout: Stripe.Payout = {
    id,
    object: 'payout',
    amount: available.amount,
    application_fee: null,
    application_fee_amount: null,
    arrival_date: now + (options.delaySeconds ?? 0),
    automatic: false,
    balance_transaction: txn.id,
    created: now,
    currency: available.currency,
    description: 'STRIPE PAYOUT',
    destination: bank?.id ?? null,
    failure_balance_transaction: null,
    failure_code: null,
    failure_message: null,
    livemode: false,
    metadata: {},
    method: 'standard',
    original_payout: null,
    payout_method: null,
    reconciliation_status: 'not_applicable',
    reversed_by: null,
    source_type: 'card',
    statement_descriptor: null,
    status: 'pending',
    trace_id: null,
    type: 'bank_account',
  };
  ctx.store.insert('payout', account, id, payout);
  ctx.events.emit('payout.created', payout, { account });
  ctx.scheduler.schedule('payout.settle', options.delaySeconds ?? 0, {
    payout: id,
    outcome: options.outcome ?? 'paid',
  });
  ctx.scheduler.runDue();
  return payout;
}

function settlePayout(ctx: EmulatorContext, id: string, outcome: string): void {
  const found = ctx.store.find<Stripe.Payout>('payout', id);
  if (!found || found.value.status !== 'pending') return;
  const { owner, value: payout } = found;
  if (outcome === 'failed') {
    const txn = addLedgerEntry(ctx, owner, {
      amount: payout.amount,
      fee: 0,
      net: payout.amount,
      currency: payout.currency,
      type: 'payout_failure',
      source: payout.id,
      description: 'STRIPE PAYOUT FAILURE',
      available_on: ctx.clock.now(),
    });
    Object.assign(payout, {
      status: 'failed',
      failure_balance_transaction: txn.id,
      failure_code: 'account_closed',
      failure_message: 'The bank account has been closed.',
    });
    ctx.store.touch();
    ctx.events.emit('payout.failed', payout, { account: owner });
  } else {
    payout.status = 'paid';
    ctx.store.touch();
    ctx.events.emit('payout.paid', payout, { account: owner });
  }
}

export function registerPayouts(ctx: EmulatorContext): void {
  ctx.expandable('po', 'payout');
  ctx.scheduler.on('payout.settle', (p) => settlePayout(ctx, String(p.payout), String(p.outcome)));
  const get = (owner: Owner, id: string) => {
    const payout = ctx.store.get<Stripe.Payout>('payout', owner, id);
    if (!payout) throw errors.notFound('payout', id, 'payout');
    return payout;
  };
  ctx.api('GET', '/v1/payouts', (req) => {
    const p = req.params;
    const items = ctx.store
      .list<Stripe.Payout>('payout', req.owner)
      .filter((po) => typeof p.status !== 'string' || po.status === p.status)
      .filter((po) => matchesRange(po.arrival_date, p.arrival_date));
    return listOf(items, p, '/v1/payouts');
  });
  ctx.api('GET', '/v1/payouts/{payout}', (req) => get(req.owner, req.pathParams.payout));
  registerPayoutControls(ctx);
}

/** Control route: pay out an account's available balance, paid (default) or failed. */
export function registerPayoutControls(ctx: EmulatorContext): void {
  ctx.page('POST', '/_emulator/accounts/{account}/payouts', (req) => {
    const account = req.pathParams.account;
    if (!ctx.store.find('account', account))
      return { status: 404, json: { error: { message: 'No such account' } } };
    const b = (req.json && typeof req.json === 'object' ? req.json : req.form) as Record<string, unknown>;
    const outcome = b.outcome ?? 'paid';
    if (outcome !== 'paid' && outcome !== 'failed')
      return { status: 400, json: { error: { message: 'outcome: "paid" or "failed"' } } };
    const delay = Number(b.delay_seconds ?? 0);
    if (!Number.isFinite(delay) || delay < 0)
      return { status: 400, json: { error: { message: 'delay_seconds: a non-negative number' } } };
    try {
      const payout = createPayout(ctx, account, {
        currency: typeof b.currency === 'string' ? b.currency : undefined,
        outcome,
        delaySeconds: delay,
      });
      return { json: ctx.store.find('payout', payout.id)?.value };
    } catch (err) {
      return { status: 400, json: { error: { message: (err as Error).message } } };
    }
  });
}
